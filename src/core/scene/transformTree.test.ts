import { describe, expect, it } from 'vitest';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { parseSceneManifest, type SceneManifestInput } from './manifest';
import { TransformTree } from './transformTree';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const pose = (x: number, y: number, yaw: number): RigidTransform => ({ translation: [x, y, 0], rotation: quatFromYaw(yaw) });

function manifest(): SceneManifestInput {
  return {
    format: 'cairn.scene',
    version: 1,
    sceneId: id(1),
    name: 'tree',
    sensors: [
      { sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.8], rotation: quatFromYaw(0.1) } },
      {
        sensorId: 'cam',
        kind: 'camera',
        opticalConvention: 'opencv',
        egoFromSensor: { translation: [1.5, 0, 1.6], rotation: [-0.5, 0.5, -0.5, 0.5] },
        intrinsics: { model: 'pinhole', width: 100, height: 80, fx: 50, fy: 50, cx: 49.5, cy: 39.5 },
      },
    ],
    transforms: [{ parent: 'lidar', child: 'imu', parentFromChild: { translation: [-0.8, 0.3, -0.9], rotation: quatFromYaw(-0.2) } }],
    frames: [
      { frameId: id(10), index: 0, timestamp: 0, worldFromEgo: pose(0, 0, 0), pointClouds: {} },
      { frameId: id(11), index: 1, timestamp: 1, worldFromEgo: pose(10, 0, Math.PI / 2), pointClouds: {} },
    ],
  };
}

const close = (a: Vec3, b: Vec3) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));

describe('TransformTree', () => {
  const m = parseSceneManifest(manifest(), 'tree');
  const tree = new TransformTree(m);
  const p: Vec3 = [3, -2, 0.5];

  it('chains static sensor transforms through ego', () => {
    const camFromLidar = tree.resolve('cam', 'lidar');
    const expected = composeTransforms(inverseTransform(m.sensors[1].egoFromSensor), m.sensors[0].egoFromSensor);
    close(applyTransform(camFromLidar, p), applyTransform(expected, p));
  });

  it('reaches a named transform hanging off a sensor', () => {
    const egoFromImu = tree.resolve('ego', 'imu');
    const expected = composeTransforms(m.sensors[0].egoFromSensor, m.transforms[0].parentFromChild);
    close(applyTransform(egoFromImu, p), applyTransform(expected, p));
  });

  it('takes world ← ego at the frame timestamps and interpolates between them', () => {
    close(applyTransform(tree.resolve('world', 'ego', 1), [1, 0, 0]), [10, 1, 0]);
    const mid = tree.worldFromEgoAt(0.5);
    close(mid.translation, [5, 0, 0]);
    close(applyTransform(mid, [1, 0, 0]), [5 + Math.cos(Math.PI / 4), Math.sin(Math.PI / 4), 0]);
    // Held outside the recording.
    close(tree.worldFromEgoAt(-3).translation, [0, 0, 0]);
    close(tree.worldFromEgoAt(7).translation, [10, 0, 0]);
  });

  it('maps a lidar point of one frame into the ego frame of another (a merged cloud)', () => {
    const world = applyTransform(tree.resolve('world', 'lidar', 0), p);
    const back = applyTransform(tree.resolve('lidar', 'world', 1), world);
    const direct = applyTransform(
      composeTransforms(inverseTransform(composeTransforms(m.frames[1].worldFromEgo, m.sensors[0].egoFromSensor)), composeTransforms(m.frames[0].worldFromEgo, m.sensors[0].egoFromSensor)),
      p,
    );
    close(back, direct);
  });

  it('names the frame it does not know', () => {
    expect(() => tree.resolve('radar', 'ego')).toThrow(/radar/);
  });
});

describe('manifest cross-checks', () => {
  it('accepts a reconstruction without frames but not an empty scene', () => {
    const m = { ...manifest(), frames: [], sensors: [], transforms: [] };
    expect(() => parseSceneManifest(m, 'empty.json')).toThrow(/empty\.json: a scene needs at least one frame/);
    expect(parseSceneManifest({ ...m, reconstruction: { format: 'colmap', model: 'sparse/0' } }, 'r.json').reconstruction?.model).toBe('sparse/0');
  });

  it('rejects NaN poses, out-of-order frames and dangling relations, naming each', () => {
    const m = manifest();
    m.frames![1] = { ...m.frames![1], index: 5, worldFromEgo: { translation: [1, 0, 0], rotation: [0, 0, 0, 2] } };
    m.relations = [{ relationId: id(90), subject: 'track-a', predicate: 'follows', object: 'track-b' }];
    const error = (() => {
      try {
        parseSceneManifest(m, 'bad.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(/^bad\.json: /);
    expect(error).toMatch(/frame 1 has index 5/);
    expect(error).toMatch(/worldFromEgo is not a finite rigid transform/);
    expect(error).toMatch(/unknown object or track "track-a"/);
  });

  it('rejects a NaN pose in the schema check', () => {
    const m = manifest();
    m.frames![0] = { ...m.frames![0], worldFromEgo: { translation: [Number.NaN, 0, 0], rotation: [0, 0, 0, 1] } };
    expect(() => parseSceneManifest(m, 'nan.json')).toThrow(/nan\.json: not a valid Cairn scene manifest: frames\.0\.worldFromEgo\.translation\.0/);
  });

  it('rejects paths that leave the store', () => {
    const m = manifest();
    m.frames![0] = { ...m.frames![0], pointClouds: { lidar: { path: '../secret.bin', encoding: 'kitti-bin-xyzi', pointCount: 1 } } };
    expect(() => parseSceneManifest(m, 'm.json')).toThrow(/relative path inside the store/);
  });
});
