import { propagateToNextFrame } from '../../core/annotations/cuboid/propagate';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import type { CommandApp } from './commandApp';
import { goToFrame } from './goToFrame';

/**
 * The stored record the selection stands for: the selected record itself, or, for a track's
 * interpolated id, the keyframe an edit has made on the frame on screen (none while only computed).
 */
export function selectedRecordId({ view, editor }: CommandApp): string | null {
  if (!editor || !view.selectedId) return null;
  if (editor.get(view.selectedId)) return view.selectedId;
  const box = view.cloud ? boxOnFrame(editor, view.selectedId, view.cloud.frameId) : null;
  return box && !box.interpolated ? box.objectId : null;
}

/** Propagates the selected box and follows it to the next frame, selected, so the user sees the guess at once. */
export function propagateSelected(app: CommandApp): void {
  const { view, editor } = app;
  if (!editor || !view.selectedId) return;
  const id = selectedRecordId(app);
  if (!id) {
    view.say('This box is interpolated: edit it to make a keyframe here, then propagate');
    return;
  }
  const result = propagateToNextFrame(editor, id);
  if (!result.ok) {
    view.say(result.reason);
    return;
  }
  view.select(result.record.objectId);
  goToFrame(app, result.frameIndex);
}
