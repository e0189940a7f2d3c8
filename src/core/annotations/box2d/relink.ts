import type { AnnotationChange } from '../../editor/changes';
import type { Editor } from '../../editor/editor';
import { isImage2dRecord, type Image2dAnnotation } from '../guards';

/** A 2D label linked to `linkedTrackId` (null: 2D-only); a projected box stops being one. */
function relinked(record: Image2dAnnotation, linkedTrackId: string | null, at: number): Image2dAnnotation {
  const out: Image2dAnnotation & { derived?: unknown } = { ...record, linkedTrackId, updatedAt: at };
  delete out.derived;
  return out;
}

/**
 * The changes that link the 2D label `objectId` to another 3D object's track, or make it 2D-only
 * (null): every keyframe of its 2D track, since a 2D track is one object seen in one camera. A
 * projected box so re-linked stays where it is as an ordinary box (it no longer follows, nor is
 * replaced by, the 3D box it was projected from). Empty when the label is linked there already.
 */
export function relinkChanges(editor: Editor, objectId: string, linkedTrackId: string | null, at: number): AnnotationChange[] {
  const label = editor.get(objectId);
  if (!label || !isImage2dRecord(label) || label.linkedTrackId === linkedTrackId) return [];
  return editor
    .all()
    .filter((r): r is Image2dAnnotation => isImage2dRecord(r) && r.trackId === label.trackId)
    .map((before) => ({ objectId: before.objectId, before, after: relinked(before, linkedTrackId, at) }));
}
