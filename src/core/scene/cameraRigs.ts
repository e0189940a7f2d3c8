import type { CameraRig, RigsOf } from '../annotations/box2d/project';
import { cameraModelFromIntrinsics } from '../camera/manifestCamera';
import { composeTransforms, type RigidTransform } from '../camera/rigidTransform';
import { frameCameraCaptures, lidarFromNamedFrame } from './captureCalibration';
import type { SceneManifest } from './manifest';

/**
 * The cameras of each frame of a scene as projections need them, cuboids placed through the scene's
 * first LiDAR (as the camera panels place them). A camera whose intrinsics cannot project is left
 * out. Built once per frame asked for.
 */
export function sceneCameraRigs(manifest: SceneManifest): RigsOf {
  const lidarId = manifest.sensors.find((s) => s.kind === 'lidar')?.sensorId;
  const frames = new Map(manifest.frames.map((f) => [f.frameId, f] as const));
  const cache = new Map<string, CameraRig[]>();
  return (frameId) => {
    const frame = frames.get(frameId);
    if (!frame || !lidarId) return [];
    let rigs = cache.get(frameId);
    if (rigs) return rigs;
    rigs = frameCameraCaptures(manifest, frame, lidarId).flatMap((c) => {
      let model;
      try {
        model = cameraModelFromIntrinsics(c.intrinsics);
      } catch {
        return [];
      }
      // Each frame name's transform worked out once: the camera panels place the selected box's
      // handles through it on every draw, six times per camera.
      const byName = new Map<string, RigidTransform | null>();
      return [
        {
          cameraId: c.sensorId,
          width: c.width,
          height: c.height,
          model,
          cameraFrom: (name: string) => {
            let t = byName.get(name);
            if (t === undefined) {
              const lidarFrom = lidarFromNamedFrame(manifest, frame, lidarId, name);
              byName.set(name, (t = lidarFrom ? composeTransforms(c.cameraFromLidar, lidarFrom) : null));
            }
            return t;
          },
        },
      ];
    });
    cache.set(frameId, rigs);
    return rigs;
  };
}
