import { relationRefusal } from '../../../core/annotations/relation/allowed';
import type { RelationAnnotation } from '../../../core/annotations/relation/schema';
import type { Operation } from '../../../core/editor/changes';
import type { Ontology } from '../../../core/ontology/schema';
import type { SceneManifest } from '../../../core/scene/manifest';
import { invalidInput } from '../../../shared/contract';

/** The class of the object a track is (undefined for no such object), as the store holds it before the operation. */
export type TrackClassLookup = (trackId: string) => string | undefined;

/** Looks an end's class up in the store: any record of the track but a relation's own (a relation is not an object). */
export function storedTrackClass(listTrack: (sceneId: string, trackId: string) => readonly { readonly kind: string; readonly classId: string }[], sceneId: string): TrackClassLookup {
  return (trackId) => listTrack(sceneId, trackId).find((r) => r.kind !== 'relation')?.classId;
}

const sameEnds = (a: RelationAnnotation, b: RelationAnnotation) =>
  a.classId === b.classId && a.relation.subjectTrackId === b.relation.subjectTrackId && a.relation.objectTrackId === b.relation.objectTrackId;

/**
 * What the schema cannot know about a relation an operation writes: both ends are objects of the
 * scene, the ontology allows its predicate between their classes, and its range runs forward over
 * the scene's frames. An end made in the same operation counts; a relation whose predicate and
 * ends stay as they were is not held again to an ontology that has since changed.
 */
export function checkRelationRefs(op: Operation, manifest: SceneManifest, ontology: Ontology, storedClass: TrackClassLookup): void {
  const frameIndex = new Map(manifest.frames.map((f, i) => [f.frameId, i] as const));
  const madeHere = new Map<string, string>();
  for (const c of op.changes) if (c.after && c.after.kind !== 'relation') madeHere.set(c.after.trackId, c.after.classId);
  const classOf = (trackId: string) => madeHere.get(trackId) ?? storedClass(trackId);
  op.changes.forEach((change, i) => {
    const { before, after } = change;
    if (after?.kind !== 'relation') return;
    const at = `op.changes.${i}.after`;
    const kept = before?.kind === 'relation' ? before : null;
    if (!kept || !sameEnds(kept, after)) {
      const subjectClass = classOf(after.relation.subjectTrackId);
      if (subjectClass === undefined) throw invalidInput('annotations.apply', `${at}.relation.subjectTrackId`, `no object ${after.relation.subjectTrackId} in scene ${manifest.sceneId}`);
      const objectClass = classOf(after.relation.objectTrackId);
      if (objectClass === undefined) throw invalidInput('annotations.apply', `${at}.relation.objectTrackId`, `no object ${after.relation.objectTrackId} in scene ${manifest.sceneId}`);
      const why = relationRefusal(ontology, after.classId, subjectClass, objectClass);
      if (why) throw invalidInput('annotations.apply', `${at}.classId`, `${why} (ontology ${ontology.ontologyId} version ${ontology.version})`);
    }
    if (kept && kept.frameId === after.frameId && kept.relation.lastFrameId === after.relation.lastFrameId) return;
    const last = frameIndex.get(after.relation.lastFrameId);
    if (last === undefined) throw invalidInput('annotations.apply', `${at}.relation.lastFrameId`, `no frame ${after.relation.lastFrameId} in scene ${manifest.sceneId}`);
    const first = frameIndex.get(after.frameId);
    if (first !== undefined && last < first) throw invalidInput('annotations.apply', `${at}.relation.lastFrameId`, `frame ${last + 1} is before the first frame of the range (${first + 1})`);
  });
}
