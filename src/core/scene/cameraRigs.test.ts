import { describe, expect, it } from 'vitest';
import { applyTransform, composeTransforms, type RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { frameCameraCaptures, lidarFromNamedFrame } from './captureCalibration';
import { sceneCameraRigs } from './cameraRigs';
import { parseSceneManifest } from './manifest';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const manifest = parseSceneManifest(
  {
    format: 'cairn.scene',
    version: 1,
    sceneId: id(1),
    name: 's',
    sensors: [
      { sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0.9, 0, 1.8], rotation: quatFromYaw(0.02) } },
      { sensorId: 'cam', kind: 'camera', opticalConvention: 'opencv', egoFromSensor: { translation: [1.5, 0.1, 1.6], rotation: [-0.5, 0.5, -0.5, 0.5] }, intrinsics: { model: 'pinhole', width: 200, height: 100, fx: 100, fy: 100, cx: 99.5, cy: 49.5 } },
    ],
    frames: [0, 1].map((i) => ({
      frameId: id(10 + i),
      index: i,
      timestamp: i,
      worldFromEgo: { translation: [100 + i, 50, 0], rotation: quatFromYaw(0.3 + 0.1 * i) },
      pointClouds: { lidar: { path: `l${i}.bin`, encoding: 'kitti-bin-xyzi', pointCount: 1 } },
      images: { cam: { path: `c${i}.png`, width: 200, height: 100 } },
    })),
  },
  's.json',
);

const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));

describe('sceneCameraRigs', () => {
  it("maps each named frame into the camera of that frame, worked out once per frame's camera and name", () => {
    const rigsOf = sceneCameraRigs(manifest);
    const p: Vec3 = [12, -3, 0.4];
    for (const frame of manifest.frames) {
      const [rig] = rigsOf(frame.frameId);
      const [capture] = frameCameraCaptures(manifest, frame, 'lidar');
      for (const name of ['lidar', 'world', 'ego', 'cam']) {
        const want = composeTransforms(capture.cameraFromLidar, lidarFromNamedFrame(manifest, frame, 'lidar', name) as RigidTransform);
        const got = rig.cameraFrom(name)!;
        close(applyTransform(got, p), applyTransform(want, p));
        // The same transform on each ask: the camera panels ask six times per draw.
        expect(rig.cameraFrom(name)).toBe(got);
      }
      expect(rig.cameraFrom('no such sensor')).toBeNull();
    }
    const [a] = rigsOf(manifest.frames[0].frameId);
    const [b] = rigsOf(manifest.frames[1].frameId);
    expect(applyTransform(a.cameraFrom('world')!, p)).not.toEqual(applyTransform(b.cameraFrom('world')!, p));
  });
});
