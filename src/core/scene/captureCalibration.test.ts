import { describe, expect, it } from 'vitest';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { frameCameraCaptures, lidarFromNamedFrame } from './captureCalibration';
import { parseSceneManifest } from './manifest';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const egoFromLidar: RigidTransform = { translation: [0.9, 0, 1.8], rotation: quatFromYaw(0.02) };
const egoFromCam: RigidTransform = { translation: [1.5, 0.1, 1.6], rotation: [-0.5, 0.5, -0.5, 0.5] };
const intrinsics = { model: 'pinhole' as const, width: 200, height: 100, fx: 100, fy: 100, cx: 99.5, cy: 49.5 };

function scene(image: Record<string, unknown>) {
  return parseSceneManifest(
    {
      format: 'cairn.scene',
      version: 1,
      sceneId: id(1),
      name: 's',
      sensors: [
        { sensorId: 'lidar', kind: 'lidar', egoFromSensor: egoFromLidar },
        { sensorId: 'cam', kind: 'camera', opticalConvention: 'opencv', egoFromSensor: egoFromCam, intrinsics },
      ],
      frames: [
        {
          frameId: id(2),
          index: 0,
          timestamp: 10,
          worldFromEgo: { translation: [100, 50, 0], rotation: quatFromYaw(0.3) },
          pointClouds: { lidar: { path: 'l.bin', encoding: 'kitti-bin-xyzi', pointCount: 1 } },
          images: { cam: { path: 'c.png', width: 200, height: 100, ...image } },
        },
      ],
    },
    's.json',
  );
}

const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));

describe('frameCameraCaptures', () => {
  const p: Vec3 = [12, -3, 0.4];

  it('uses the static calibration when the capture has no overrides', () => {
    const m = scene({});
    const [capture] = frameCameraCaptures(m, m.frames[0], 'lidar');
    close(applyTransform(capture.cameraFromLidar, p), applyTransform(composeTransforms(inverseTransform(egoFromCam), egoFromLidar), p));
    expect(capture.intrinsics).toEqual(intrinsics);
  });

  it('follows the ego between the LiDAR sweep and a later camera exposure', () => {
    const worldFromCamEgo: RigidTransform = { translation: [101.2, 50.4, 0], rotation: quatFromYaw(0.31) };
    const m = scene({ timestamp: 10.05, worldFromEgo: worldFromCamEgo });
    const [capture] = frameCameraCaptures(m, m.frames[0], 'lidar');
    const inWorld = applyTransform(composeTransforms(m.frames[0].worldFromEgo, egoFromLidar), p);
    const expected = applyTransform(inverseTransform(composeTransforms(worldFromCamEgo, egoFromCam)), inWorld);
    close(applyTransform(capture.cameraFromLidar, p), expected);
  });

  it('prefers per-capture extrinsics and intrinsics (KITTI object frames each have their own)', () => {
    const own: RigidTransform = { translation: [0.27, -0.08, -0.06], rotation: [-0.5, 0.5, -0.5, 0.5] };
    const ownK = { ...intrinsics, fx: 721.5, fy: 721.5 };
    const m = scene({ egoFromSensor: own, intrinsics: ownK });
    const [capture] = frameCameraCaptures(m, m.frames[0], 'lidar');
    close(applyTransform(capture.cameraFromLidar, p), applyTransform(composeTransforms(inverseTransform(own), egoFromLidar), p));
    expect(capture.intrinsics.fx).toBe(721.5);
  });
});

describe('lidarFromNamedFrame', () => {
  it('places world-, ego- and camera-frame cuboids in the LiDAR frame through the capture poses', () => {
    const m = scene({});
    const frame = m.frames[0];
    const worldFromLidar = composeTransforms(frame.worldFromEgo, egoFromLidar);
    const p: Vec3 = [4, 1, -0.5];
    const inWorld = applyTransform(worldFromLidar, p);
    close(applyTransform(lidarFromNamedFrame(m, frame, 'lidar', 'world')!, inWorld), p);
    close(applyTransform(lidarFromNamedFrame(m, frame, 'lidar', 'ego')!, applyTransform(egoFromLidar, p)), p);
    close(applyTransform(lidarFromNamedFrame(m, frame, 'lidar', 'cam')!, applyTransform(inverseTransform(egoFromCam), applyTransform(egoFromLidar, p))), p);
    expect(lidarFromNamedFrame(m, frame, 'lidar', 'radar')).toBeNull();
  });
});
