import type { Editor } from '../../core/editor/editor';
import { selectedTrackId } from '../../core/editor/trackTimeline';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { shortId } from '../../core/model/ids';
import { copyGroundTruth } from '../../core/tracks/copyGroundTruth';
import { propagateRange } from '../../core/tracks/propagateRange';
import { refitPrediction } from '../../core/models/classical/trackPropagation';
import { editRange, type RangeEdit } from '../../core/tracks/editRange';
import { deleteTrackFrom, mergeTracks, splitTrack } from '../../core/tracks/splitMerge';
import { setTrackInterpolation } from '../../core/tracks/trackSettingsEdit';
import type { CommandApp } from '../commands/commandApp';
import { followTrackTo } from '../commands/followTrack';
import { groundTruthInFrame } from '../state/loadScene';

/** Floats per point in a decoded cloud: x, y, z, intensity. */
const CLOUD_STRIDE = 4;

type App = Pick<CommandApp, 'workbench' | 'view' | 'editor'>;

/** The selected track and the editor, or null after saying why there is none. */
function selected(app: App): { editor: Editor; trackId: string } | null {
  const { editor, view } = app;
  const trackId = editor ? selectedTrackId(editor, view.selectedId) : null;
  if (!editor || !trackId) {
    view.say('Select a box of a track first');
    return null;
  }
  return { editor, trackId };
}

export function splitHere(app: App): void {
  const s = selected(app);
  if (!s) return;
  const result = splitTrack(s.editor, s.trackId, app.view.frameIndex);
  if (!result.ok) return app.view.say(result.reason);
  followTrackTo(app, result.newTrackId, app.view.frameIndex);
  app.view.say(`Split: from this frame on the object is track ${shortId(result.newTrackId)}`);
}

export function deleteFromHere(app: App): void {
  const s = selected(app);
  if (!s) return;
  const result = deleteTrackFrom(s.editor, s.trackId, app.view.frameIndex);
  if (!result.ok) return app.view.say(result.reason);
  // The track stays selected where it now ends, so the next edit of it is one click away.
  const end = s.editor.trackOf(s.trackId)?.keyframes.at(-1)?.frameIndex;
  if (end !== undefined) followTrackTo(app, s.trackId, end);
  app.view.say(`Deleted ${result.deleted} keyframe${result.deleted === 1 ? '' : 's'} of track ${shortId(s.trackId)} from this frame on`);
}

export function toggleSpline(app: App): void {
  const s = selected(app);
  if (!s) return;
  const spline = s.editor.trackSettingsOf(s.trackId).centre === 'catmull-rom';
  setTrackInterpolation(s.editor, s.trackId, { centre: spline ? 'linear' : 'catmull-rom' });
}

export function toggleSizeLock(app: App): void {
  const s = selected(app);
  if (!s) return;
  const linear = s.editor.trackSettingsOf(s.trackId).size === 'linear';
  setTrackInterpolation(s.editor, s.trackId, { size: linear ? 'locked' : 'linear' });
}

export function mergeWith(app: App, other: string): boolean {
  const s = selected(app);
  if (!s) return false;
  const result = mergeTracks(s.editor, s.trackId, other);
  if (!result.ok) {
    app.view.say(result.reason);
    return false;
  }
  app.view.say(`Merged ${result.moved} keyframe${result.moved === 1 ? '' : 's'} of track ${shortId(other)} into track ${shortId(s.trackId)}`);
  return true;
}

/**
 * Fills the selected track from the frame on screen to `to`. With `refit`, each frame's scan is
 * loaded in turn and the guess is fitted to its points (refitPrediction, as the tracking-propagation
 * generator does), the size kept on a locked track and, on a free one, unless the fit is confident.
 */
export async function propagateSelectedRange(app: App, to: number, mode: 'copy' | 'velocity', refit: boolean): Promise<boolean> {
  const s = selected(app);
  if (!s) return false;
  const { workbench, view } = app;
  const locked = (s.editor.trackSettingsOf(s.trackId).size ?? 'locked') === 'locked';
  const cache = workbench.frameCache;
  const refitFrame = refit && cache
    ? async (frameIndex: number, guess: CuboidAnnotation['cuboid']) => {
        const loaded = await cache.load(frameIndex);
        if (!loaded.cloud || loaded.cloud.sensorId !== guess.frame) return null;
        // The tracking-propagation generator's refit: the track's size kept unless the track's
        // size is free and the fit is confident, so one scan seen at a slant does not resize it.
        return refitPrediction(loaded.cloud.points.subarray(0, loaded.cloud.count * CLOUD_STRIDE), CLOUD_STRIDE, guess, { keepSize: locked })?.cuboid ?? null;
      }
    : undefined;
  const from = view.frameIndex;
  const result = await propagateRange(s.editor, { trackId: s.trackId, fromFrameIndex: from, toFrameIndex: to, mode }, refitFrame);
  if (!result.ok) {
    view.say(result.reason);
    return false;
  }
  const refitted = refit ? `, ${result.refitted} fitted to their points` : '';
  const kept = result.kept > 0 ? `, ${result.kept} keyframe${result.kept === 1 ? '' : 's'} kept` : '';
  view.say(`Propagated to ${result.created.length} frame${result.created.length === 1 ? '' : 's'} (${result.guess === 'copy' ? 'copies' : 'constant velocity'}${refitted}${kept})`);
  return true;
}

/** The ground-truth box selected on the frame on screen, if the selection is one. */
export function selectedGroundTruth(app: Pick<CommandApp, 'view'>) {
  const { view } = app;
  if (!view.selectedId) return null;
  return groundTruthInFrame(view).find((g) => g.objectId === view.selectedId) ?? null;
}

/** Copies the selected ground-truth box, or its whole track, into the editable layer and selects the copy here. */
export function copySelectedGroundTruth(app: App, copy: 'box' | 'track'): void {
  const { editor, view } = app;
  const picked = selectedGroundTruth(app);
  const frame = view.scene?.manifest.frames[view.frameIndex];
  if (!editor || !picked || !frame || !view.cloud || !view.scene) return view.say('Select a ground-truth box to copy (in the object list)');
  const classIds = new Set(view.ontology?.classes.map((c) => c.classId) ?? []);
  const result = copyGroundTruth(editor, { manifest: view.scene.manifest, lidarId: view.cloud.sensorId, objectId: picked.objectId, frameId: frame.frameId, copy, classIds });
  if (!result.ok) return view.say(result.reason);
  followTrackTo(app, result.trackId, view.frameIndex);
  view.say(copy === 'box' ? `Copied the ground-truth box as track ${shortId(result.trackId)}` : `Copied ${result.created.length} ground-truth boxes as track ${shortId(result.trackId)}`);
}

/** Moves, turns, resizes or reclassifies frames `from`..`to` of the selected track at once. */
export function editSelectedRange(app: App, from: number, to: number, edit: RangeEdit): boolean {
  const s = selected(app);
  if (!s) return false;
  const result = editRange(s.editor, s.trackId, from, to, edit);
  if (!result.ok) {
    app.view.say(result.reason);
    return false;
  }
  app.view.say(result.changed === 0 ? 'Nothing to change' : `Edited frames ${Math.min(from, to) + 1}–${Math.max(from, to) + 1} of track ${shortId(s.trackId)}`);
  return true;
}
