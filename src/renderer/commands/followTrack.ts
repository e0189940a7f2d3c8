import type { Editor } from '../../core/editor/editor';
import { interpolatedBoxId } from '../../core/editor/tools/frameBoxes';
import { neighbourKeyframe, selectedTrackId } from '../../core/editor/trackTimeline';
import type { CommandApp } from './commandApp';
import { goToFrame } from './goToFrame';

/** The id that selects a track's box on a frame: its keyframe there, else its interpolated id (null where it has none). */
function trackSelectionAt(editor: Editor, trackId: string, frameIndex: number): string | null {
  const keyframe = editor.trackOf(trackId)?.keyframes.find((k) => k.frameIndex === frameIndex);
  if (keyframe) return keyframe.record.objectId;
  return editor.trackAt(trackId, frameIndex) ? interpolatedBoxId(trackId) : null;
}

/** Goes to a frame with the track still selected there, so the box the user follows stays the one edited. */
export function followTrackTo(app: Pick<CommandApp, 'workbench' | 'view' | 'editor'>, trackId: string, frameIndex: number): void {
  const id = app.editor ? trackSelectionAt(app.editor, trackId, frameIndex) : null;
  if (id) app.view.select(id);
  goToFrame(app, frameIndex);
}

/** Jumps to the selected track's previous (−1) or next (+1) keyframe, or says there is none that way. */
export function jumpToKeyframe(app: CommandApp, direction: -1 | 1): void {
  const { editor, view } = app;
  const trackId = editor ? selectedTrackId(editor, view.selectedId) : null;
  if (!editor || !trackId) return;
  const target = neighbourKeyframe(editor, trackId, view.frameIndex, direction);
  if (target === null) {
    view.say(direction > 0 ? 'No keyframe of this track after this frame' : 'No keyframe of this track before this frame');
    return;
  }
  followTrackTo(app, trackId, target);
}
