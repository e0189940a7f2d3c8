import type { CuboidPatch, Editor } from '../editor';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import { boxOnFrame } from './frameBoxes';

/**
 * Edits the box an id shows on a frame. A stored box is updated; an interpolated one becomes a
 * keyframe of its track on that frame, made with the edit already applied, so the edit is one undo
 * step (inside a gesture, the drag's later updates land on that keyframe). Returns the stored record,
 * whose id the caller selects, or null when the id shows no box there.
 */
export function editFrameBox(editor: Editor, id: string, frameId: string, patch: CuboidPatch, label?: string): CuboidAnnotation | null {
  const box = boxOnFrame(editor, id, frameId);
  if (!box) return null;
  if (!box.interpolated) return editor.updateCuboid(box.objectId, patch, label);
  // The keyframe before carries the class and attributes the interpolated box shows.
  const shown = editor.trackAt(box.trackId, editor.frameIndexOf(frameId)!);
  return editor.createCuboid({
    frameId,
    trackId: box.trackId,
    classId: patch.classId ?? box.classId,
    cuboid: { ...box.cuboid, ...patch.cuboid },
    attributes: patch.attributes ?? shown?.attributes,
  });
}
