import { annotatorLabelsOf, type AgreementInput, type AnnotatorLabels } from '../../core/agreement';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { Editor } from '../../core/editor/editor';
import { shownCuboids } from '../../core/editor/shownCuboids';
import type { Merger } from '../../core/sync';
import type { SyncEngine } from '../services/sync/syncEngine';

/** The replicas agreement compares, with what the report should say about how they were read. */
export interface Replicas {
  readonly input: AgreementInput;
  readonly notes: string[];
  /** Per annotator (as named in the input), the keys that wrote the replica; empty for label sets. */
  readonly keys: Readonly<Record<string, readonly string[]>>;
}

/** The keys that wrote a lane's own revisions (not the shared base it builds on), sorted. */
export function laneAuthors(merger: Merger, lane: string): string[] {
  const authors = new Set<string>();
  for (const address of merger.view(lane).included) {
    const node = merger.graph.get(address);
    if (node?.lane === lane) authors.add(node.body.author.keyId);
  }
  return [...authors].sort();
}

/**
 * The blind replicas of a scene as a workspace holds them after a sync: one per lane (an
 * assignment's replica), each merged from its own revisions and the shared history it started
 * from, named by the people who wrote it. With the scene's frame order, each replica is read as
 * its annotator saw it, interpolated boxes included; without it, only the stored boxes count.
 */
export function replicasOfScene(engine: SyncEngine, sceneId: string, frameOrder: readonly string[] | null): Replicas {
  const merger = engine.merger(sceneId);
  const lanes = merger.laneNames();
  if (lanes.length < 2) {
    throw new Error(`scene ${sceneId} has ${lanes.length === 0 ? 'no blind replicas' : 'one blind replica'} in this store: agreement needs the same frames labelled in at least two assignment lanes`);
  }
  const notes: string[] = [];
  const taken = new Set<string>();
  const annotators: AnnotatorLabels[] = [];
  const frameIds = new Set<string>();
  const keys: Record<string, string[]> = {};
  for (const lane of lanes) {
    const state = merger.state({ lane });
    const authors = laneAuthors(merger, lane);
    const names = authors.map((k) => engine.authorName(k));
    let name = names.join(' + ') || lane;
    if (taken.has(name)) name = `${name} (${lane})`;
    taken.add(name);
    keys[name] = authors;
    if (authors.length > 1) notes.push(`lane ${lane} was written by ${authors.length} people (${names.join(', ')}): compared as one replica`);
    if (state.conflicts.length) notes.push(`${name}: ${state.conflicts.length} unresolved conflicts in the replica; the merge's provisional values are compared`);
    const cuboids = [...state.records.values()].filter((r): r is CuboidAnnotation => r.kind === 'cuboid');
    let shown: Iterable<CuboidAnnotation> = cuboids;
    if (frameOrder) {
      const editor = new Editor({ sceneId, author: 'agreement', ontologyVersion: 1, frameOrder, initial: cuboids, initialTrackSettings: state.trackSettings });
      shown = shownCuboids(editor);
    }
    const labels = annotatorLabelsOf(name, shown);
    for (const f of Object.keys(labels.frames)) frameIds.add(f);
    annotators.push(labels);
  }
  if (!frameOrder) notes.push("the scene's frame order was not given (--scene-file): frames are taken in id order, and boxes tracks interpolate between keyframes are not counted");
  const order = frameOrder ? [...frameOrder] : [...frameIds].sort();
  return { input: { frameIds: order, annotators }, notes, keys };
}
