import { cameraModelFromIntrinsics } from '../camera/manifestCamera';
import { frameCameraCaptures } from '../scene/captureCalibration';
import type { SceneFrame, SceneManifest } from '../scene/manifest';
import type { CameraIgnoreRegions } from './ignoreRegions';

/**
 * A scene frame's ignore regions (the manifest's `ignoreRegions`, KITTI DontCare) per camera, with
 * the frame's own calibration of that camera into the given LiDAR's frame and its image size, as
 * the evaluation reads them. A region on a camera the frame has no image of, or whose intrinsics
 * do not make a camera model, cannot be placed and is left out.
 */
export function sceneFrameIgnoreRegions(manifest: Pick<SceneManifest, 'sensors' | 'ignoreRegions'>, frame: SceneFrame, lidarId: string): CameraIgnoreRegions[] {
  const regions = manifest.ignoreRegions.filter((r) => r.frameId === frame.frameId);
  if (regions.length === 0) return [];
  const out: CameraIgnoreRegions[] = [];
  for (const capture of frameCameraCaptures(manifest, frame, lidarId)) {
    const boxes = regions.filter((r) => r.cameraId === capture.sensorId).map((r) => r.box);
    if (boxes.length === 0) continue;
    let model;
    try {
      model = cameraModelFromIntrinsics(capture.intrinsics);
    } catch {
      continue;
    }
    out.push({ cameraId: capture.sensorId, model, cameraFromLidar: capture.cameraFromLidar, width: capture.width, height: capture.height, regions: boxes });
  }
  return out;
}
