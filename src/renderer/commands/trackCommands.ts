import { propagateToNextFrame } from '../../core/annotations/cuboid/propagate';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import { selectedTrackId } from '../../core/editor/trackTimeline';
import { propagateRange } from '../../core/tracks/propagateRange';
import { openTrackForm } from '../tracks/trackForms';
import { copySelectedGroundTruth, deleteFromHere, splitHere, toggleSizeLock, toggleSpline } from '../tracks/trackEditActions';
import type { CommandApp } from './commandApp';
import { goToFrame } from './goToFrame';
import type { CommandRegistry } from './registry';

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
  const trackId = selectedTrackId(editor, view.selectedId);
  if (!id && trackId) {
    // An interpolated box becomes a keyframe here and one on the next frame, in one step.
    void propagateRange(editor, { trackId, fromFrameIndex: view.frameIndex, toFrameIndex: view.frameIndex + 1, mode: 'velocity' }).then((result) => {
      if (!result.ok) return view.say(result.reason);
      view.select(result.created[0].objectId);
      goToFrame(app, view.frameIndex + 1);
    });
    return;
  }
  if (!id) return;
  const result = propagateToNextFrame(editor, id);
  if (!result.ok) {
    view.say(result.reason);
    return;
  }
  view.select(result.record.objectId);
  goToFrame(app, result.frameIndex);
}

/**
 * The track edits beyond the next frame, one line each. Those that need a frame or a track
 * chosen open the track strip's inline form; the rest act on the selected track and this frame.
 */
export function registerTrackEditCommands(r: CommandRegistry<CommandApp>, edit: string): void {
  const selection = `${edit} && hasSelection`;
  r.register({ id: 'track.propagateRange', category: 'Track', title: 'Propagate to range…', description: 'Keyframes of the selected track from this frame to a frame you choose: copies or constant velocity, optionally fitted to each frame’s points', keys: ['Mod+Shift+Right'], when: selection, run: (a) => openTrackForm(a.workbench, 'propagate') });
  r.register({ id: 'track.editRange', category: 'Track', title: 'Edit range…', description: 'Move, turn or reclassify the selected track over a range of frames at once', when: selection, run: (a) => openTrackForm(a.workbench, 'range') });
  r.register({ id: 'track.split', category: 'Track', title: 'Split track here', description: 'From this frame on the object is a new track', when: selection, run: splitHere });
  r.register({ id: 'track.merge', category: 'Track', title: 'Merge with…', description: 'Another track’s keyframes join the selected one', when: selection, run: (a) => openTrackForm(a.workbench, 'merge') });
  r.register({ id: 'track.deleteFromHere', category: 'Track', title: 'Delete track from here on', description: 'The selected track’s keyframes on this frame and after', when: selection, run: deleteFromHere });
  r.register({ id: 'track.toggleSpline', category: 'Track', title: 'Spline path on / off', description: 'The centre between keyframes follows a Catmull-Rom spline, or a straight line', when: selection, run: toggleSpline });
  r.register({ id: 'track.toggleSizeLock', category: 'Track', title: 'Lock / unlock size', description: 'One size for the whole track, or the size blended between keyframes', when: selection, run: toggleSizeLock });
  r.register({ id: 'groundTruth.copyBox', category: 'Ground truth', title: 'Copy ground-truth box', description: 'The selected ground-truth box into the editable layer as a new track, linked to it', when: selection, run: (a) => copySelectedGroundTruth(a, 'box') });
  r.register({ id: 'groundTruth.copyTrack', category: 'Ground truth', title: 'Copy ground-truth track', description: 'Every box of the selected ground-truth object, on every frame, as a new track linked to it', when: selection, run: (a) => copySelectedGroundTruth(a, 'track') });
}
