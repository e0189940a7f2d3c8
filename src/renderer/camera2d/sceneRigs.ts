import type { CameraRig, RigsOf } from '../../core/annotations/box2d/project';
import { followCuboidEdits } from '../../core/annotations/box2d/project';
import { composeTransforms } from '../../core/camera';
import type { Editor } from '../../core/editor/editor';
import { lidarFromNamedFrame } from '../../core/scene/captureCalibration';
import type { SceneFrame, SceneManifest } from '../../core/scene/manifest';
import { frameCameraViews } from '../viewer/cameraOverlay';

/** The cameras of each frame of a scene as projections need them (cuboids placed through the scene's first LiDAR). */
export function sceneRigs(manifest: SceneManifest): RigsOf {
  const lidarId = manifest.sensors.find((s) => s.kind === 'lidar')?.sensorId;
  const frames = new Map(manifest.frames.map((f) => [f.frameId, f] as const));
  const cache = new Map<string, CameraRig[]>();
  return (frameId) => {
    const frame = frames.get(frameId);
    if (!frame || !lidarId) return [];
    let rigs = cache.get(frameId);
    if (!rigs) cache.set(frameId, (rigs = rigsOf(manifest, frame, lidarId)));
    return rigs;
  };
}

function rigsOf(manifest: SceneManifest, frame: SceneFrame, lidarId: string): CameraRig[] {
  return frameCameraViews(manifest, frame, lidarId).map((v) => ({
    cameraId: v.sensorId,
    width: v.width,
    height: v.height,
    model: v.model,
    cameraFrom: (name: string) => {
      const lidarFrom = lidarFromNamedFrame(manifest, frame, lidarId, name);
      return lidarFrom ? composeTransforms(v.cameraFromLidar, lidarFrom) : null;
    },
  }));
}

/** Projected 2D boxes follow every local cuboid edit of this editor, in the edit's own undo step. */
export function followProjections(editor: Editor, manifest: SceneManifest): void {
  const rigs = sceneRigs(manifest);
  editor.setDerivation((e, changes, at) => followCuboidEdits(e, changes, rigs, at));
}
