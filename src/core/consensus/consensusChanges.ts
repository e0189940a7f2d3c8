import type { ConsensusBox } from '../agreement';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AnnotationRecord } from '../annotations/registry';
import type { AnnotationChange } from '../editor/changes';
import { quatFromYaw } from '../geometry/quaternion';
import { canonicalJson } from '../model/annotation';
import { URL_NAMESPACE, uuidFromName } from '../model/uuidFromName';

/** Consensus objects get ids derived from what they merge, so building the consensus again names the same objects. */
const CONSENSUS_NAMESPACE = uuidFromName(URL_NAMESPACE, 'https://cairn.dev/ids/consensus');

export interface ConsensusStamp {
  readonly sceneId: string;
  readonly ontologyVersion: number;
  readonly author: string;
  readonly at: number;
  /** The coordinate frame the replicas' boxes are stated in (their cuboids' `frame`). */
  readonly boxFrame: (objectId: string) => string | undefined;
}

/**
 * The changes that bring the shared history's boxes on the consensus frames to the consensus: a
 * record per consensus box (its object id from the replicas' objects it merges, its track id from
 * their tracks, so a track agreed on across frames stays one track; an object all replicas took
 * from the shared base keeps its own ids), and every other shared box on those frames removed. Boxes already as the consensus says are left alone, so a second build
 * changes nothing.
 */
export function consensusChanges(
  consensus: readonly { readonly frameId: string; readonly boxes: readonly ConsensusBox[] }[],
  shared: ReadonlyMap<string, AnnotationRecord>,
  stamp: ConsensusStamp,
): AnnotationChange[] {
  const frames = new Set(consensus.map((f) => f.frameId));
  const wanted = new Map<string, CuboidAnnotation>();
  for (const { frameId, boxes } of consensus) {
    for (const box of boxes) {
      // An object every replica took over from the shared base keeps its identity.
      const objects = [...new Set(box.members.map((m) => m.objectId))].sort();
      const tracks = [...new Set(box.members.map((m) => m.trackId))].sort();
      const objectId = objects.length === 1 && shared.has(objects[0]) ? objects[0] : uuidFromName(CONSENSUS_NAMESPACE, `object|${frameId}|${objects.join('|')}`);
      const trackId = tracks.length === 1 && objects.length === 1 && shared.has(objects[0]) ? tracks[0] : uuidFromName(CONSENSUS_NAMESPACE, `track|${tracks.join('|')}`);
      const frame = box.members.map((m) => stamp.boxFrame(m.objectId)).find((f) => f !== undefined) ?? 'lidar';
      const before = shared.get(objectId);
      wanted.set(objectId, {
        kind: 'cuboid',
        objectId,
        trackId,
        sceneId: stamp.sceneId,
        frameId,
        classId: box.classId,
        ontologyVersion: stamp.ontologyVersion,
        attributes: { ...box.attributes },
        author: stamp.author,
        createdAt: before?.createdAt ?? stamp.at,
        updatedAt: stamp.at,
        cuboid: { frame, center: [...box.center], size: [...box.size], rotation: quatFromYaw(box.yaw) },
      });
    }
  }
  const changes: AnnotationChange[] = [];
  // What the consensus decides; who wrote a record, when and under which ontology version is not a reason to write it again.
  // Nor is a nanometre: a circular mean of equal headings can differ from them in the last bit.
  const nano = (xs: readonly number[]) => xs.map((x) => Math.round(x * 1e9) / 1e9);
  const decided = (r: AnnotationRecord) =>
    canonicalJson({ ...r, author: '', createdAt: 0, updatedAt: 0, ontologyVersion: 0, ...(r.kind === 'cuboid' ? { cuboid: { ...r.cuboid, center: nano(r.cuboid.center), size: nano(r.cuboid.size), rotation: nano(r.cuboid.rotation) } } : {}) });
  const same = (a: AnnotationRecord, b: AnnotationRecord) => decided(a) === decided(b);
  for (const [objectId, after] of wanted) {
    const before = shared.get(objectId) ?? null;
    if (!before || !same(before, after)) changes.push({ objectId, before, after });
  }
  for (const [objectId, record] of shared) {
    if (frames.has(record.frameId) && !wanted.has(objectId)) changes.push({ objectId, before: record, after: null });
  }
  return changes.sort((a, b) => (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0));
}
