import type { RigidTransform } from '../camera/rigidTransform';
import { quatNormalize } from '../geometry/quaternion';
import { interpolateTransform, TransformTree, type TimedTransform } from '../scene/transformTree';
import { normalizeFrameId, rosTimeSeconds, type RosTransformStamped } from './rosTypes';

interface ChildEdge {
  parent: string;
  readonly isStatic: boolean;
  readonly samples: TimedTransform[];
}

/** TransformTree names "world" and "ego" itself; ROS frames get a prefix so a ROS "world" is just a frame. */
const node = (frame: string) => `tf:${frame}`;

/**
 * The /tf and /tf_static messages of a log: per child frame its parent and the transforms over
 * time. A lookup at time t interpolates each edge (linear in translation, slerp in rotation,
 * held outside the recorded span) and walks the result through Cairn's TransformTree. Frame ids
 * are normalised ("/radar" is "radar").
 */
export class TfBuffer {
  private readonly children = new Map<string, ChildEdge>();
  private sorted = true;

  add(transform: RosTransformStamped, isStatic: boolean): void {
    const parent = normalizeFrameId(transform.header.frame_id);
    const child = normalizeFrameId(transform.child_frame_id);
    if (!parent || !child || parent === child) return;
    const { translation: tr, rotation: q } = transform.transform;
    const values = [tr.x, tr.y, tr.z, q.x, q.y, q.z, q.w];
    if (!values.every(Number.isFinite) || Math.hypot(q.x, q.y, q.z, q.w) < 1e-6) return;
    const sample: TimedTransform = {
      t: rosTimeSeconds(transform.header.stamp),
      transform: { translation: [tr.x, tr.y, tr.z], rotation: quatNormalize([q.x, q.y, q.z, q.w]) },
    };
    const edge = this.children.get(child);
    // A static transform holds at all times: its latest value wins. A child re-parented is
    // taken with its newest parent (tf forbids two parents at once).
    if (!edge || edge.parent !== parent || edge.isStatic !== isStatic) {
      this.children.set(child, { parent, isStatic, samples: [sample] });
      return;
    }
    if (isStatic) edge.samples.splice(0, edge.samples.length, sample);
    else {
      if (edge.samples.length && edge.samples[edge.samples.length - 1].t > sample.t) this.sorted = false;
      edge.samples.push(sample);
    }
  }

  /** Every frame named by a transform, sorted. */
  frames(): string[] {
    const names = new Set<string>();
    for (const [child, edge] of this.children) names.add(child).add(edge.parent);
    return [...names].sort();
  }

  has(frame: string): boolean {
    const name = normalizeFrameId(frame);
    return this.children.has(name) || [...this.children.values()].some((e) => e.parent === name);
  }

  /** The /tf_static edges, parent ← child. */
  staticEdges(): { parent: string; child: string; parentFromChild: RigidTransform }[] {
    return [...this.children].filter(([, e]) => e.isStatic).map(([child, e]) => ({ parent: e.parent, child, parentFromChild: e.samples[0].transform }));
  }

  /** parent ← child edges at time t, the form a scene manifest's `transforms` takes. */
  edgesAt(t: number): { parent: string; child: string; parentFromChild: RigidTransform }[] {
    this.sortSamples();
    return [...this.children].map(([child, edge]) => ({ parent: edge.parent, child, parentFromChild: interpolateTransform(edge.samples, t)! }));
  }

  /** targetFromSource at time t; throws naming both frames when the tree does not connect them. */
  resolve(target: string, source: string, t: number): RigidTransform {
    const to = normalizeFrameId(target);
    const from = normalizeFrameId(source);
    if (to === from) return { translation: [0, 0, 0], rotation: [0, 0, 0, 1] };
    for (const name of [to, from]) {
      if (!this.has(name)) throw new Error(`no transform from "${from}" to "${to}": "${name}" appears in no /tf or /tf_static message`);
    }
    const transforms = this.edgesAt(t).map((e) => ({ parent: node(e.parent), child: node(e.child), parentFromChild: e.parentFromChild }));
    const tree = new TransformTree({ sensors: [], transforms, frames: [] });
    try {
      return tree.resolve(node(to), node(from), t);
    } catch {
      throw new Error(`no transform from "${from}" to "${to}": the TF tree does not connect them (${this.rootOf(from)} and ${this.rootOf(to)} are separate trees)`);
    }
  }

  /** The root of the tree a frame hangs from, to say where a broken chain breaks. */
  rootOf(frame: string): string {
    let name = normalizeFrameId(frame);
    const seen = new Set<string>();
    while (this.children.has(name) && !seen.has(name)) {
      seen.add(name);
      name = this.children.get(name)!.parent;
    }
    return name;
  }

  private sortSamples(): void {
    if (this.sorted) return;
    for (const edge of this.children.values()) edge.samples.sort((a, b) => a.t - b.t);
    this.sorted = true;
  }
}
