import type { Quat } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { inIntervals, type FrameInterval } from './frameIntervals';

/** An object present in a frame, as the scene graph sees it. */
export interface SceneGraphNode {
  /** The objectId. */
  readonly nodeId: string;
  readonly trackId?: string;
  readonly classId: string;
  /** Box centre in the frame the graph is drawn in. */
  readonly centre: Vec3;
  /** Box size and rotation in that frame, so arrows can start and end at the box's surface. */
  readonly size?: Vec3;
  readonly rotation?: Quat;
  readonly source?: 'groundTruth' | 'annotation';
}

/** A relation of the scene graph: subject and object are a trackId or an objectId. */
export interface GraphRelation {
  readonly relationId: string;
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
  readonly frameIntervals?: readonly FrameInterval[];
  /** 'annotation': drawn in Cairn, editable (relationId is its record's objectId); otherwise the dataset's, read-only. */
  readonly source?: 'dataset' | 'annotation';
}

export interface SceneGraphEdge {
  readonly relation: GraphRelation;
  readonly subject: SceneGraphNode;
  readonly object: SceneGraphNode;
}

/** A relation that holds in the frame but whose subject or object is not in it. */
export interface DanglingRelation {
  readonly relation: GraphRelation;
  readonly missing: ReadonlyArray<'subject' | 'object'>;
}

export interface FrameSceneGraph {
  readonly frameIndex: number;
  /** Nodes with at least one edge, in the order the edges first name them. */
  readonly nodes: readonly SceneGraphNode[];
  readonly edges: readonly SceneGraphEdge[];
  readonly dangling: readonly DanglingRelation[];
}

export interface Neighbour {
  readonly edge: SceneGraphEdge;
  readonly predicate: string;
  /** "out": this node is the subject; "in": it is the object. */
  readonly direction: 'out' | 'in';
  readonly other: SceneGraphNode;
}

/**
 * The scene graph of one frame: the relations whose frame intervals (inclusive; none means
 * always) contain the frame, with each end resolved to the node of that objectId, or else of that
 * trackId. A relation that holds but cannot be drawn is kept in `dangling`, never dropped.
 */
export function sceneGraphAt(relations: readonly GraphRelation[], nodes: readonly SceneGraphNode[], frameIndex: number): FrameSceneGraph {
  const byObject = new Map<string, SceneGraphNode>();
  const byTrack = new Map<string, SceneGraphNode>();
  for (const node of nodes) {
    if (!byObject.has(node.nodeId)) byObject.set(node.nodeId, node);
    if (node.trackId !== undefined && !byTrack.has(node.trackId)) byTrack.set(node.trackId, node);
  }
  const resolve = (end: string) => byObject.get(end) ?? byTrack.get(end);
  const edges: SceneGraphEdge[] = [];
  const dangling: DanglingRelation[] = [];
  const used = new Map<string, SceneGraphNode>();
  for (const relation of relations) {
    if (!inIntervals(relation.frameIntervals, frameIndex)) continue;
    const subject = resolve(relation.subject);
    const object = resolve(relation.object);
    if (!subject || !object) {
      dangling.push({ relation, missing: [...(subject ? [] : ['subject' as const]), ...(object ? [] : ['object' as const])] });
      continue;
    }
    edges.push({ relation, subject, object });
    for (const n of [subject, object]) if (!used.has(n.nodeId)) used.set(n.nodeId, n);
  }
  return { frameIndex, nodes: [...used.values()], edges, dangling };
}

/** Every node's edges, outgoing and incoming, in edge order: what navigation walks along. */
export function adjacency(graph: FrameSceneGraph): ReadonlyMap<string, readonly Neighbour[]> {
  const out = new Map<string, Neighbour[]>(graph.nodes.map((n) => [n.nodeId, []]));
  for (const edge of graph.edges) {
    const { subject, object, relation } = edge;
    out.get(subject.nodeId)!.push({ edge, predicate: relation.predicate, direction: 'out', other: object });
    out.get(object.nodeId)!.push({ edge, predicate: relation.predicate, direction: 'in', other: subject });
  }
  return out;
}

export function neighbours(graph: FrameSceneGraph, nodeId: string): readonly Neighbour[] {
  return adjacency(graph).get(nodeId) ?? [];
}
