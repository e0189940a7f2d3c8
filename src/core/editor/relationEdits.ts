import { relationRefusal } from '../annotations/relation/allowed';
import { newRelationRecord, patchRelationRecord, type NewRelation, type RelationPatch } from '../annotations/relation/edit';
import type { RelationAnnotation } from '../annotations/relation/schema';
import type { Ontology } from '../ontology/schema';
import type { Editor } from './editor';

type Rules = Pick<Ontology, 'classes' | 'relations'>;

/** The frames a track spans, first and last keyframe, in the scene's order; null for a track with no placed keyframe. */
export function trackSpan(editor: Editor, trackId: string): { readonly firstFrameId: string; readonly lastFrameId: string } | null {
  const keyframes = editor.trackOf(trackId)?.keyframes ?? [];
  if (keyframes.length === 0) return null;
  return { firstFrameId: keyframes[0].record.frameId, lastFrameId: keyframes[keyframes.length - 1].record.frameId };
}

/** The class of an object that can be an end of a relation (any track but a relation's), or undefined. */
export function classOfTrack(editor: Editor, trackId: string): string | undefined {
  const track = editor.trackOf(trackId);
  if (!track || track.kind === 'relation') return undefined;
  return track.keyframes[0]?.record.classId;
}

export function relationsOf(editor: Editor): RelationAnnotation[] {
  return editor.ofKind('relation');
}

/** Why an end the editor does not hold is refused: most often a box of the dataset's ground truth, shown beside the annotations. */
const NOT_ANNOTATED = ' (relations join annotated objects: copy a ground-truth object into the annotations first, with Copy ground-truth track; the dataset’s own relations come with its scene)';

/** Why a relation with these ends, predicate and frames cannot be stored, or null. */
function refusal(editor: Editor, r: NewRelation, ontology: Rules): string | null {
  const subjectClass = classOfTrack(editor, r.subjectTrackId);
  if (subjectClass === undefined) return `no annotated object ${r.subjectTrackId} to be the subject${NOT_ANNOTATED}`;
  const objectClass = classOfTrack(editor, r.objectTrackId);
  if (objectClass === undefined) return `no annotated object ${r.objectTrackId} to be the object${NOT_ANNOTATED}`;
  if (r.subjectTrackId === r.objectTrackId) return 'a relation joins two different objects';
  const first = editor.frameIndexOf(r.firstFrameId);
  const last = editor.frameIndexOf(r.lastFrameId);
  if (first === undefined) return `no frame ${r.firstFrameId} in this scene`;
  if (last === undefined) return `no frame ${r.lastFrameId} in this scene`;
  if (last < first) return `the range ends (frame ${last + 1}) before it starts (frame ${first + 1})`;
  return relationRefusal(ontology, r.predicate, subjectClass, objectClass);
}

/** Draws `subject predicate object` over a range of frames: one record, one undo step. Throws, changing nothing, when the ontology or the scene refuses it. */
export function createRelation(editor: Editor, input: NewRelation, ontology: Rules): RelationAnnotation {
  const why = refusal(editor, input, ontology);
  if (why) throw new Error(`Relation refused: ${why}`);
  const id = editor.newId();
  const stamp = { objectId: id, trackId: id, sceneId: editor.sceneId, ontologyVersion: editor.ontologyVersion, author: editor.author, at: editor.timestamp() };
  const record = newRelationRecord(input, stamp);
  editor.commitChanges('create relation', [{ objectId: id, before: null, after: record }]);
  return record;
}

function requireRelation(editor: Editor, objectId: string): RelationAnnotation {
  const record = editor.get(objectId);
  if (record?.kind !== 'relation') throw new Error(`no relation ${objectId} in scene ${editor.sceneId}`);
  return record;
}

/** Changes a relation's predicate or frame range as one undo step (nothing when the patch changes nothing). */
export function updateRelation(editor: Editor, objectId: string, patch: RelationPatch, ontology: Rules): RelationAnnotation {
  const before = requireRelation(editor, objectId);
  const patched = patchRelationRecord(before, patch);
  const why = refusal(
    editor,
    { subjectTrackId: patched.relation.subjectTrackId, objectTrackId: patched.relation.objectTrackId, predicate: patched.classId, firstFrameId: patched.frameId, lastFrameId: patched.relation.lastFrameId },
    ontology,
  );
  if (why) throw new Error(`Relation refused: ${why}`);
  const after = editor.draftUpdate(before, { classId: patched.classId, frameId: patched.frameId, relation: patched.relation });
  if (after !== before) editor.commitChanges('edit relation', [{ objectId, before, after }]);
  return after;
}

export function deleteRelation(editor: Editor, objectId: string): void {
  const before = requireRelation(editor, objectId);
  editor.commitChanges('delete relation', [{ objectId, before, after: null }]);
}
