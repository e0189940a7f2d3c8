import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { applyTransform, composeTransforms, type RigidTransform } from '../camera';
import { quatFromYaw, quatNormalize, yawOf } from '../geometry/quaternion';
import { uuidFromName } from '../model/uuidFromName';
import { wrapAngle } from '../labels/kittiBox';
import { writeKittiObject } from '../labels/kittiWrite';
import type { LabelSet } from '../labels/labelSet';
import { writeOpenLabel } from '../labels/openlabelWrite';
import { TEST_CALIB } from './testKitti';
import { nuScenesLidarPoses, PredictionInputError, readKittiPredictions, readNuScenesPredictions, readOpenLabelPredictions } from './predictions';

const NS = '0d3c5a5e-6f0b-4f55-9a53-0c0de0e7a001';
const SCENE = uuidFromName(NS, 'scene');
const FRAME = uuidFromName(NS, 'frame');

const CALIB = TEST_CALIB;

function record(i: number, classId: string, center: [number, number, number], size: [number, number, number], yaw: number, score: number): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: uuidFromName(NS, `o${i}`),
    trackId: uuidFromName(NS, `t${i}`),
    sceneId: SCENE,
    frameId: FRAME,
    classId,
    ontologyVersion: 1,
    attributes: { score },
    author: 'model',
    createdAt: 0,
    updatedAt: 0,
    cuboid: { frame: 'velodyne', center, size, rotation: quatFromYaw(yaw) },
  };
}

const RECORDS = [
  record(0, 'car', [14.2, 3.1, -0.9], [4.4, 1.8, 1.5], 0.4, 0.93),
  record(1, 'pedestrian', [8.5, -2.4, -0.8], [0.7, 0.6, 1.75], -2.8, 0.61),
  record(2, 'cyclist', [22.7, -6.3, -0.7], [1.8, 0.6, 1.7], 2.9, 0.27),
];
const SET: LabelSet = { sceneId: SCENE, frames: [{ frameId: FRAME, index: 0, sourceId: '000007', kittiCalib: CALIB }], records: RECORDS };

function kittiResultText(): string {
  const labels = writeKittiObject(SET).files.find((f) => f.path === 'label_2/000007.txt')!.text.trim().split('\n');
  // The writer keeps a `score` attribute as KITTI's 16th field already; take it off and put it back as a result file has it.
  return labels.map((line, i) => `${line.split(' ').slice(0, 15).join(' ')} ${RECORDS[i].attributes.score}`).join('\n');
}

describe('KITTI results', () => {
  it('come back in the Velodyne frame as the boxes they were written from (to KITTI rounding), with their scores', () => {
    const predictions = readKittiPredictions([{ stem: '000007', text: kittiResultText(), path: 'results/000007.txt', calib: CALIB }]);
    expect(predictions.map((p) => [p.frameKey, p.classId, p.score, p.where])).toEqual([
      ['000007', 'car', 0.93, 'results/000007.txt line 1'],
      ['000007', 'pedestrian', 0.61, 'results/000007.txt line 2'],
      ['000007', 'cyclist', 0.27, 'results/000007.txt line 3'],
    ]);
    predictions.forEach((p, i) => {
      const want = RECORDS[i].cuboid;
      expect(p.cuboid.frame).toBe('velodyne');
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(p.cuboid.center[k] - want.center[k])).toBeLessThan(0.012);
        expect(Math.abs(p.cuboid.size[k] - want.size[k])).toBeLessThan(0.006);
      }
      expect(Math.abs(wrapAngle(yawOf(p.cuboid.rotation) - yawOf(want.rotation)))).toBeLessThan(0.01);
    });
  });

  it('keeps a folded type as sourceClass and skips DontCare regions', () => {
    const text = 'Van 0 0 0 1 1 50 50 2.0 1.9 4.8 1 1.6 12 0.1 0.5\nDontCare -1 -1 -10 1 1 30 30 -1 -1 -1 -1000 -1000 -1000 -10\n';
    const [van, ...rest] = readKittiPredictions([{ stem: '000007', text, path: 'r/000007.txt', calib: CALIB }]);
    expect(rest).toEqual([]);
    expect([van.classId, van.sourceClass, van.score]).toEqual(['car', 'Van', 0.5]);
  });

  it('name the file, line and field of what is wrong', () => {
    const read = (text: string) => () => readKittiPredictions([{ stem: '000001', text, path: 'r/000001.txt', calib: CALIB }]);
    expect(read('Car 0 0 0 1 1 50 50 1.5 1.8 4.4 1 1.6 12 0.1\n')).toThrow('r/000001.txt line 1: no score');
    expect(read('\nCar 0 0 0 1 1 50 50 1.5 1.8 4.4 1 x 12 0.1 0.9\n')).toThrow('r/000001.txt line 2: field 13 is not a finite number');
    expect(read('Car 0 0 0 1 1 50 50\n')).toThrow('r/000001.txt line 1: expected 15 fields');
    expect(read('Car 0 0 0 1 1 50 50 0 1.8 4.4 1 1.6 12 0.1 0.9\n')).toThrow(PredictionInputError);
  });
});

/** A LiDAR pose in the world with a turn about every axis, as an ego pose ∘ sensor calibration gives. */
const WORLD_FROM_LIDAR: RigidTransform = { translation: [411.3, 1180.9, 1.84], rotation: quatNormalize([0.01, -0.02, 0.6, 0.8]) };

/** A box given in the LiDAR frame as nuScenes writes it: global translation, wlh size, wxyz rotation. */
function nuScenesBox(token: string, c: [number, number, number], lwh: [number, number, number], yaw: number, name: string, score: number) {
  const global = composeTransforms(WORLD_FROM_LIDAR, { translation: c, rotation: quatFromYaw(yaw) });
  const [x, y, z, w] = global.rotation;
  return { sample_token: token, translation: global.translation, size: [lwh[1], lwh[0], lwh[2]], rotation: [w, x, y, z], velocity: [0, 0], detection_name: name, detection_score: score, attribute_name: '' };
}

describe('nuScenes detection results', () => {
  const poses = new Map([['tok1', WORLD_FROM_LIDAR]]);

  it('move from the global frame into the sample’s LiDAR frame, size as length, width, height', () => {
    const doc = { meta: { use_lidar: true }, results: { tok1: [nuScenesBox('tok1', [10, -3, -1], [4.5, 1.9, 1.6], 0.7, 'car', 0.8), nuScenesBox('tok1', [5, 2, -1], [1.7, 0.6, 1.2], -1, 'bicycle', 0.4)] } };
    const [car, bike] = readNuScenesPredictions(doc, 'results.json', poses);
    expect([car.frameKey, car.classId, car.score, car.cuboid.frame]).toEqual(['tok1', 'car', 0.8, 'lidar_top']);
    car.cuboid.center.forEach((v, k) => expect(v).toBeCloseTo([10, -3, -1][k], 9));
    expect(car.cuboid.size).toEqual([4.5, 1.9, 1.6]);
    expect(yawOf(car.cuboid.rotation)).toBeCloseTo(0.7, 9);
    expect([bike.classId, bike.sourceClass, bike.where]).toEqual(['cyclist', 'bicycle', 'results.json: results["tok1"][1]']);
  });

  it('name the sample and field of what is wrong', () => {
    const good = nuScenesBox('tok1', [1, 1, 1], [1, 1, 1], 0, 'car', 0.5);
    const read = (results: unknown) => () => readNuScenesPredictions({ results }, 'r.json', poses);
    expect(() => readNuScenesPredictions({ meta: {} }, 'r.json', poses)).toThrow('r.json: no "results" object');
    expect(read({ tok2: [good] })).toThrow('r.json: results["tok2"]: sample token not in the ground truth');
    expect(read({ tok1: [{ ...good, size: [1, 2] }] })).toThrow('r.json: results["tok1"][0].size: expected 3 finite numbers');
    expect(read({ tok1: [good, { ...good, detection_score: 'high' }] })).toThrow('r.json: results["tok1"][1].detection_score');
    expect(read({ tok1: [{ ...good, rotation: [2, 0, 0, 0] }] })).toThrow('results["tok1"][0].rotation');
  });

  it('place each sample’s LiDAR by its key frame’s ego pose and sensor calibration', () => {
    const egoFromLidar: RigidTransform = { translation: [0.9, 0, 1.8], rotation: quatNormalize([0, 0, -0.7, 0.7]) };
    const worldFromEgo: RigidTransform = { translation: [300, 900, 0], rotation: quatFromYaw(2) };
    const wxyz = (t: RigidTransform) => ({ translation: t.translation, rotation: [t.rotation[3], t.rotation[0], t.rotation[1], t.rotation[2]] });
    const tables = {
      sensor: [{ token: 's1', channel: 'LIDAR_TOP' }, { token: 's2', channel: 'CAM_FRONT' }],
      calibrated_sensor: [{ token: 'c1', sensor_token: 's1', ...wxyz(egoFromLidar) }, { token: 'c2', sensor_token: 's2', ...wxyz(egoFromLidar) }],
      ego_pose: [{ token: 'e1', ...wxyz(worldFromEgo) }],
      sample_data: [
        { token: 'd1', sample_token: 'tokA', ego_pose_token: 'e1', calibrated_sensor_token: 'c1', is_key_frame: true },
        { token: 'd2', sample_token: 'tokB', ego_pose_token: 'e1', calibrated_sensor_token: 'c1', is_key_frame: false },
        { token: 'd3', sample_token: 'tokC', ego_pose_token: 'e1', calibrated_sensor_token: 'c2', is_key_frame: true },
      ],
    };
    const poses = nuScenesLidarPoses(tables);
    expect([...poses.keys()]).toEqual(['tokA']);
    const p: [number, number, number] = [3, -4, 0.5];
    const want = applyTransform(worldFromEgo, applyTransform(egoFromLidar, p));
    applyTransform(poses.get('tokA')!, p).forEach((v, k) => expect(v).toBeCloseTo(want[k], 9));
  });
});

describe('OpenLABEL predictions', () => {
  it('read through the OpenLABEL reader, keyed by frame number, scored by their score attribute', () => {
    const { document } = writeOpenLabel(SET);
    const predictions = readOpenLabelPredictions(document, 'p.json');
    expect(predictions.map((p) => [p.frameKey, p.classId, p.score]).sort()).toEqual([
      ['0', 'car', 0.93],
      ['0', 'cyclist', 0.27],
      ['0', 'pedestrian', 0.61],
    ]);
    const car = predictions.find((p) => p.classId === 'car')!;
    expect(car.cuboid.center).toEqual(RECORDS[0].cuboid.center);
  });

  it('name the file when a cuboid has no score or the document is not OpenLABEL', () => {
    const { document } = writeOpenLabel({ ...SET, records: [{ ...RECORDS[0], attributes: {} }] });
    expect(() => readOpenLabelPredictions(document, 'p.json')).toThrow(/^p\.json: frames\.0, object of track .*: no score/);
    expect(() => readOpenLabelPredictions({ nope: 1 }, 'p.json')).toThrow('p.json: not an OpenLABEL document');
  });
});
