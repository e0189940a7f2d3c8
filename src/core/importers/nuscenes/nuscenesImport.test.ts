import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDatasetFiles } from '../../../main/import/nodeDatasetFiles';
import { writeNuScenesFixture, type NuScenesFixture } from '../../../main/testing/datasetFixtures';
import { applyTransform, cameraModelFromIntrinsics, composeTransforms, inverseTransform, makeProjector, type RigidTransform } from '../../camera';
import { cuboidContains } from '../../geometry/cuboid';
import { yawOf } from '../../geometry/quaternion';
import { frameCameraCaptures } from '../../scene/captureCalibration';
import { decodeFrameCloud } from '../../scene/frameCloud';
import { parseSceneManifest, type SceneManifest } from '../../scene/manifest';
import { DatasetRootError, type DatasetFiles } from '../datasetFiles';
import type { DatasetImport } from '../importReport';
import { importNuScenes } from './nuscenesImport';

let dir: string;
let fixture: NuScenesFixture;
let imported: DatasetImport;
let manifest: SceneManifest;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-nuscenes-'));
  fixture = writeNuScenesFixture(path.join(dir, 'good'));
  imported = await importNuScenes(nodeDatasetFiles(fixture.root));
  manifest = parseSceneManifest(imported.scenes[0].manifest, 'nuScenes fixture');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectPose(actual: RigidTransform, expected: RigidTransform, what: string) {
  actual.translation.forEach((v, i) => expect(Math.abs(v - expected.translation[i]), `${what} translation`).toBeLessThan(1e-9));
  const dot = actual.rotation.reduce((s, v, i) => s + v * expected.rotation[i], 0);
  expect(1 - Math.abs(dot), `${what} rotation`).toBeLessThan(1e-12);
}

async function importBroken(name: string, breakIt: (root: string) => void) {
  const root = path.join(dir, name);
  cpSync(fixture.root, root, { recursive: true });
  breakIt(root);
  const result = await importNuScenes(nodeDatasetFiles(root));
  return { result, manifest: parseSceneManifest(result.scenes[0].manifest, name) };
}

/** The nearest capture of a camera, or the key-frame one for a key frame (the rule the importer follows). */
function expectedCapture(camera: NuScenesFixture['cameras'][number], lidar: NuScenesFixture['lidar'][number]): number {
  if (lidar.keyFrame) return camera.keyFrames[lidar === fixture.lidar[0] ? 0 : 1];
  let best = 0;
  camera.times.forEach((t, i) => {
    if (Math.abs(t - lidar.time) < Math.abs(camera.times[best] - lidar.time)) best = i;
  });
  return best;
}

describe('nuScenes import (fixture)', () => {
  it('makes a scene of the LIDAR_TOP sweeps, key frames and sweeps, in time order', async () => {
    expect(imported.scenes.map((s) => s.name)).toEqual(['scene-0001']);
    expect(manifest.name).toBe('scene-0001');
    expect(manifest.description).toMatch(/singapore-onenorth, 2018-07-24/);
    expect(manifest.frames.map((f) => f.keyFrame)).toEqual([true, false, false, false, true]);
    for (const [i, f] of manifest.frames.entries()) {
      const l = fixture.lidar[i];
      expect(f.sourceId).toBe(l.token);
      expect(f.timestamp).toBeCloseTo(l.time, 6);
      expect(f.pointClouds.lidar_top).toEqual({ path: l.file, encoding: 'nuscenes-bin-xyzir', pointCount: l.pointCount });
      await expect(decodeFrameCloud(new Uint8Array(readFileSync(path.join(fixture.root, l.file))), f.pointClouds.lidar_top)).resolves.toMatchObject({ count: l.pointCount });
      expectPose(f.worldFromEgo, fixture.worldFromEgoAt(l.time), `frame ${i}`);
    }
    expect(manifest.sensors.map((s) => s.sensorId)).toEqual(['lidar_top', 'cam_back', 'cam_front']);
    expectPose(manifest.sensors[0].egoFromSensor, fixture.egoFromLidar, 'egoFromLidar');
    // A key frame is also known by its sample's token (what detection results name); a sweep by its own token only.
    const sampleOf = new Map((JSON.parse(readFileSync(path.join(fixture.root, 'v1.0-mini/sample_data.json'), 'utf8')) as { token: string; sample_token: string }[]).map((sd) => [sd.token, sd.sample_token]));
    expect(manifest.frames.map((f) => f.sourceAliases)).toEqual(manifest.frames.map((f) => (f.keyFrame ? [sampleOf.get(f.sourceId!)] : undefined)));
    expect(new Set(manifest.frames.filter((f) => f.keyFrame).map((f) => f.sourceAliases![0])).size).toBe(2);
  });

  it('attaches per camera the nearest image (the same sample\'s for key frames) with its own time, ego pose and calibration', () => {
    const front = manifest.sensors.find((s) => s.sensorId === 'cam_front')!;
    expect(front.kind === 'camera' && front.intrinsics).toEqual({ model: 'pinhole', width: 800, height: 450, fx: 633.2, fy: 633.2, cx: 399.5, cy: 224.5 });
    for (const [i, frame] of manifest.frames.entries()) {
      for (const camera of fixture.cameras) {
        const k = expectedCapture(camera, fixture.lidar[i]);
        const image = frame.images[camera.channel.toLowerCase()];
        expect(image.path).toContain(`__${camera.channel}__${Math.round(camera.times[k] * 1e6)}.png`);
        expect(image.timestamp).toBeCloseTo(camera.times[k], 6);
        expectPose(image.worldFromEgo!, fixture.worldFromEgoAt(camera.times[k]), `${camera.channel} of frame ${i}`);
        const calib = camera.switchAt !== undefined && camera.times[k] >= camera.switchAt ? 1 : 0;
        if (calib === 0) expect(image.egoFromSensor).toBeUndefined();
        else expectPose(image.egoFromSensor!, camera.egoFromCamera[1], `${camera.channel} recalibrated`);
        expect(image.intrinsics).toBeUndefined();
      }
    }
  });

  it('converts the key frames\' annotations from the global frame to the LiDAR frame: the known boxes', () => {
    expect(manifest.groundTruth).toHaveLength(8);
    const keyFrames = manifest.frames.filter((f) => f.keyFrame);
    for (const box of fixture.boxes) {
      const boxes = manifest.groundTruth.filter((g) => g.trackId === box.instanceToken);
      expect(boxes.map((b) => b.frameId)).toEqual(keyFrames.map((f) => f.frameId));
      expect(new Set(boxes.map((b) => b.objectId)).size).toBe(1);
      boxes.forEach((g, k) => {
        expect(g.cuboid.frame).toBe('lidar_top');
        g.cuboid.center.forEach((v, j) => expect(Math.abs(v - box.inLidar[k].center[j]), `${box.category} centre`).toBeLessThan(1e-9));
        expect(g.cuboid.size).toEqual(box.size);
        expect(Math.cos(yawOf(g.cuboid.rotation) - box.inLidar[k].yaw)).toBeCloseTo(1, 12);
        expect(g.sourceClass).toBe(box.category);
        expect(g.attributes).toMatchObject(box.attributes);
        expect(g.attributes!.num_lidar_pts).toBeGreaterThan(0);
      });
    }
    expect(manifest.groundTruth.slice(0, 4).map((g) => g.classId)).toEqual(['car', 'pedestrian', 'bus', 'traffic_cone']);
  });

  it('projects LiDAR points on the car through the manifest to where the camera saw them, at the camera\'s own time', () => {
    let checked = 0;
    let onCar = 0;
    for (const [i, frame] of manifest.frames.entries()) {
      if (!frame.keyFrame) continue;
      const car = manifest.groundTruth.find((g) => g.frameId === frame.frameId && g.classId === 'car')!;
      const bytes = new Uint8Array(readFileSync(path.join(fixture.root, frame.pointClouds.lidar_top.path)));
      const scan = new Float32Array(bytes.buffer);
      const worldFromLidar = composeTransforms(fixture.worldFromEgoAt(fixture.lidar[i].time), fixture.egoFromLidar);
      const front = fixture.cameras.find((c) => c.channel === 'CAM_FRONT')!;
      const k = expectedCapture(front, fixture.lidar[i]);
      const cameraFromWorld = inverseTransform(composeTransforms(fixture.worldFromEgoAt(front.times[k]), front.egoFromCamera[0]));
      const capture = frameCameraCaptures(manifest, frame, 'lidar_top').find((c) => c.sensorId === 'cam_front')!;
      const project = makeProjector(cameraModelFromIntrinsics(capture.intrinsics));
      const png = PNG.sync.read(readFileSync(path.join(fixture.root, capture.path)));
      const out = new Float64Array(2);
      for (let p = 0; p < scan.length; p += 5) {
        const point = [scan[p], scan[p + 1], scan[p + 2]] as const;
        if (!cuboidContains(car.cuboid, point, 1e-3)) continue;
        const c = applyTransform(capture.cameraFromLidar, point);
        expect(project(c[0], c[1], c[2], out)).toBe(true);
        const expected = applyTransform(cameraFromWorld, applyTransform(worldFromLidar, point));
        const u = front.intrinsics.fx * (expected[0] / expected[2]) + front.intrinsics.cx;
        const v = front.intrinsics.fy * (expected[1] / expected[2]) + front.intrinsics.cy;
        expect(Math.hypot(out[0] - u, out[1] - v)).toBeLessThan(1e-6);
        checked++;
        const at = (Math.round(v) * png.width + Math.round(u)) * 4;
        const [r, g, b] = png.data.subarray(at, at + 3);
        if (r > g && g > b && r - b > 40) onCar++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(onCar / checked).toBeGreaterThan(0.9);
  });

  it('reports what it does not convert, and nothing wrong', () => {
    expect(imported.report.problems).toEqual([]);
    const lost = Object.fromEntries(imported.report.notConverted.map((n) => [n.what, n.count]));
    expect(lost).toEqual({
      'radar sweeps': 2,
      'category human.pedestrian.adult': 2,
      'category vehicle.bus.rigid': 2,
      'map.json records': 1,
      'object velocities': 8,
    });
    expect(imported.report).toMatchObject({ format: 'nuscenes', frames: 5, groundTruth: 8, scenes: [{ name: 'scene-0001', frames: 5, groundTruth: 8 }] });
  });

  it('gives the same ids on every import', async () => {
    const again = await importNuScenes(nodeDatasetFiles(fixture.root));
    expect(again.scenes[0].manifest).toEqual(imported.scenes[0].manifest);
  });
});

describe('nuScenes import: bad input is reported, the rest imports', () => {
  it('missing sensor files are listed; the frames are still written', async () => {
    const { result, manifest: m } = await importBroken('missing-files', (root) => {
      unlinkSync(path.join(root, fixture.lidar[1].file));
      const back = readdirSync(path.join(root, 'samples/CAM_BACK'))[0];
      unlinkSync(path.join(root, 'samples/CAM_BACK', back));
    });
    expect(result.report.problems).toEqual([
      { file: expect.stringMatching(/^samples\/CAM_BACK\/.*\.png$/), severity: 'warning', problem: 'missing file; size taken from sample_data' },
      { file: fixture.lidar[1].file, severity: 'warning', problem: 'missing file; the frame is written without a point count and shows the file as missing until it arrives' },
    ]);
    expect(m.frames).toHaveLength(5);
    expect(m.frames[1].pointClouds.lidar_top.pointCount).toBeUndefined();
    expect(m.frames[0].images.cam_back).toMatchObject({ width: 800, height: 450 });
  });

  it('a NaN ego pose (as Python writes it) skips that frame; a broken annotation skips that box', async () => {
    const { result, manifest: m } = await importBroken('nan-pose', (root) => {
      const poses = path.join(root, 'v1.0-mini/ego_pose.json');
      const records = JSON.parse(readFileSync(poses, 'utf8')) as { timestamp: number; translation: number[] }[];
      const sweep = records.find((r) => r.timestamp === Math.round(fixture.lidar[2].time * 1e6))!;
      sweep.translation[0] = 1234.5678;
      writeFileSync(poses, JSON.stringify(records).replace('1234.5678', 'NaN'));
      const annotations = path.join(root, 'v1.0-mini/sample_annotation.json');
      const boxes = JSON.parse(readFileSync(annotations, 'utf8')) as { rotation: number[] }[];
      boxes[1].rotation = [0, 0, 0, 0];
      writeFileSync(annotations, JSON.stringify(boxes));
    });
    expect(result.report.problems).toEqual([
      { file: 'v1.0-mini/ego_pose.json', severity: 'warning', problem: 'holds NaN or Infinity, which JSON does not allow; read as null' },
      { file: 'v1.0-mini/ego_pose.json', severity: 'error', problem: expect.stringMatching(/^record \d+ \(token \w+\): translation.0: .*; record skipped$/) },
      { file: 'v1.0-mini/sample_annotation.json', severity: 'error', problem: expect.stringMatching(/is not a unit quaternion.*annotation skipped$/) },
      { file: 'v1.0-mini/sample_data.json', severity: 'error', problem: expect.stringMatching(/^LiDAR sample_data \w+ \(sweeps\/LIDAR_TOP\/.*\): ego pose \w+ is not in ego_pose.json \(or was skipped there\); frame skipped$/) },
    ]);
    expect(m.frames.map((f) => f.sourceId)).toEqual([0, 1, 3, 4].map((i) => fixture.lidar[i].token));
    expect(m.groundTruth).toHaveLength(7);
  });

  it('flags annotations at most 40 % visible (visibility token "1") as ignore, keeping them; the others are not', async () => {
    expect(manifest.groundTruth.some((g) => g.ignore)).toBe(false);
    const cone = fixture.boxes.find((b) => b.category === 'movable_object.trafficcone')!;
    const { result, manifest: m } = await importBroken('barely-visible', (root) => {
      const annotations = path.join(root, 'v1.0-mini/sample_annotation.json');
      const boxes = JSON.parse(readFileSync(annotations, 'utf8')) as { instance_token: string; visibility_token: string }[];
      for (const b of boxes) if (b.instance_token === cone.instanceToken) b.visibility_token = '1';
      writeFileSync(annotations, JSON.stringify(boxes));
    });
    expect(m.groundTruth).toHaveLength(8);
    expect(m.groundTruth.filter((g) => g.ignore).map((g) => [g.trackId, g.attributes!.visibility])).toEqual([
      [cone.instanceToken, 'v0-40'],
      [cone.instanceToken, 'v0-40'],
    ]);
    expect(m.groundTruth.filter((g) => g.trackId !== cone.instanceToken).every((g) => g.ignore === undefined)).toBe(true);
    expect(result.report.notes).toContain('2 annotations are at most 40 % visible (visibility token "1", v0-40): kept as ground truth with ignore: true, neither a hit nor a miss when scoring.');
  });

  it('a folder without the tables is a DatasetRootError', async () => {
    await expect(importNuScenes(nodeDatasetFiles(path.join(fixture.root, 'samples')))).rejects.toThrow(DatasetRootError);
    const root = path.join(dir, 'no-sample-data');
    cpSync(fixture.tables, path.join(root, 'v1.0-mini'), { recursive: true });
    unlinkSync(path.join(root, 'v1.0-mini/sample_data.json'));
    await expect(importNuScenes(nodeDatasetFiles(root))).rejects.toThrow(/v1\.0-mini\/sample_data\.json: missing/);
  });
});

const DRIVING = path.resolve(__dirname, '../../../../../shared/data/driving');
const LYFT = path.join(DRIVING, 'mmdet3d_tests_lyft_v1.01-train_tables');
describe.skipIf(!existsSync(path.join(LYFT, 'scene.json')))('nuScenes import: the Lyft tables (../shared/data)', () => {
  let lyft: DatasetImport;
  let m: SceneManifest;
  beforeAll(async () => {
    lyft = await importNuScenes(nodeDatasetFiles(LYFT));
    m = parseSceneManifest(lyft.scenes[0].manifest, LYFT);
  });
  const table = <T>(name: string) => JSON.parse(readFileSync(path.join(LYFT, `${name}.json`), 'utf8')) as T[];

  it('imports the one scene: one LIDAR_TOP key frame with seven cameras', () => {
    expect(lyft.scenes.map((s) => s.name)).toEqual(['host-a101-lidar0-1240710366399037786-1240710391298976894']);
    expect(m.frames).toHaveLength(1);
    expect(m.frames[0].timestamp).toBeCloseTo(1556675185.903083, 6);
    expect(m.frames[0]).toMatchObject({ keyFrame: true, pointClouds: { lidar_top: { path: 'lidar/host-a101_lidar1_1240710385903083166.bin', encoding: 'nuscenes-bin-xyzir' } } });
    expect(m.frames[0].pointClouds.lidar_top.pointCount).toBeUndefined();
    expect(m.sensors.map((s) => s.sensorId)).toEqual(['lidar_top', 'cam_back', 'cam_back_left', 'cam_back_right', 'cam_front', 'cam_front_left', 'cam_front_right', 'cam_front_zoomed']);
    expect(Object.values(m.frames[0].images).every((i) => i.width === 1920 && i.height === 1080)).toBe(true);
    const zoomed = m.sensors.find((s) => s.sensorId === 'cam_front_zoomed')!;
    expect(zoomed.kind === 'camera' && zoomed.intrinsics).toMatchObject({ fx: 3962.24093836, cx: 935.362561646, cy: 444.59525683 });
  });

  it('flags none of the Lyft annotations ignore: their visibility token is empty', () => {
    expect(table<{ visibility_token: string }>('sample_annotation').map((a) => a.visibility_token)).toEqual(['', '', '', '']);
    expect(m.groundTruth.map((g) => g.ignore)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('converts the four annotations to the LiDAR frame (checked with matrices built here from the tables)', () => {
    const anns = table<{ translation: number[]; size: number[]; rotation: number[]; instance_token: string }>('sample_annotation');
    const lidarSd = table<{ filename: string; ego_pose_token: string; calibrated_sensor_token: string }>('sample_data').find((s) => s.filename.includes('lidar1'))!;
    const pose = table<{ token: string; translation: number[]; rotation: number[] }>('ego_pose').find((p) => p.token === lidarSd.ego_pose_token)!;
    const cs = table<{ token: string; translation: number[]; rotation: number[] }>('calibrated_sensor').find((c) => c.token === lidarSd.calibrated_sensor_token)!;
    // Rotation matrix of a scalar-first quaternion, written out.
    const R = ([w, x, y, z]: number[]) => [
      [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
      [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
      [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ];
    const toLocal = (p: number[], t: { translation: number[]; rotation: number[] }) => {
      const r = R(t.rotation);
      const d = p.map((v, i) => v - t.translation[i]);
      return [0, 1, 2].map((j) => r[0][j] * d[0] + r[1][j] * d[1] + r[2][j] * d[2]);
    };
    expect(m.groundTruth).toHaveLength(4);
    m.groundTruth.forEach((g, i) => {
      const a = anns[i];
      const expected = toLocal(toLocal(a.translation, pose), cs);
      g.cuboid.center.forEach((v, j) => expect(v).toBeCloseTo(expected[j], 9));
      expect(g.cuboid.size).toEqual([a.size[1], a.size[0], a.size[2]]);
      // The box's length axis, (1, 0, 0) of the box, in the LiDAR frame.
      const rotateOnly = (t: { rotation: number[] }) => ({ translation: [0, 0, 0], rotation: t.rotation });
      const heading = toLocal(toLocal(R(a.rotation).map((row) => row[0]), rotateOnly(pose)), rotateOnly(cs));
      expect(Math.cos(yawOf(g.cuboid.rotation) - Math.atan2(heading[1], heading[0]))).toBeCloseTo(1, 4);
      expect(g).toMatchObject({ classId: 'car', sourceClass: 'car', trackId: a.instance_token, attributes: { object_action_driving_straight_forward: true } });
      expect(g.attributes).not.toHaveProperty('num_lidar_pts');
    });
  });

  it('lists the missing sensor files and what it did not convert', () => {
    const missing = lyft.report.problems.filter((p) => p.problem.startsWith('missing file'));
    expect(missing.map((p) => p.file).sort()).toEqual([
      'images/host-a101_cam0_1240710385850000006.jpeg',
      'images/host-a101_cam1_1240710385866660006.jpeg',
      'images/host-a101_cam2_1240710385883330006.jpeg',
      'images/host-a101_cam3_1240710385800000006.jpeg',
      'images/host-a101_cam4_1240710385816660006.jpeg',
      'images/host-a101_cam5_1240710385833330006.jpeg',
      'images/host-a101_cam6_1240710385850000006.jpeg',
      'lidar/host-a101_lidar1_1240710385903083166.bin',
    ]);
    expect(lyft.report.problems.filter((p) => !p.problem.startsWith('missing file'))).toEqual([]);
    expect(Object.fromEntries(lyft.report.notConverted.map((n) => [n.what, n.count]))).toEqual({
      'LIDAR_FRONT_LEFT sweeps': 1,
      'LIDAR_FRONT_RIGHT sweeps': 1,
      'map.json records': 1,
      'object velocities': 4,
    });
  });
});

const DEMO = path.join(DRIVING, 'mmdet3d_demo/nuscenes');
describe.skipIf(!existsSync(DEMO))('nuScenes import: the mmdet3d demo sample files (../shared/data)', () => {
  /** The demo ships files without tables: tables naming them are laid over the folder. */
  function withTables(data: DatasetFiles, tables: Record<string, unknown[]>): DatasetFiles {
    const text = new Map(Object.entries(tables).map(([name, records]) => [`v1.0-demo/${name}.json`, JSON.stringify(records)]));
    return {
      ...data,
      list: async (d) => (d === '' ? [...(await data.list('')), 'v1.0-demo'] : d === 'v1.0-demo' ? Object.keys(tables).map((n) => `${n}.json`) : data.list(d)),
      exists: async (p) => text.has(p) || data.exists(p),
      readText: async (p) => text.get(p) ?? data.readText(p),
    };
  }

  it('counts the LIDAR_TOP points from the file size (20 bytes a point), as the reader does, and sizes the JPEGs from their headers', async () => {
    const files = readdirSync(DEMO);
    const lidarFile = files.find((f) => f.includes('LIDAR_TOP'))!;
    const cameras = files.filter((f) => f.endsWith('.jpg'));
    const identity = { translation: [0, 0, 0], rotation: [1, 0, 0, 0] };
    const sd = (file: string, cs: string) => ({ token: `sd-${file}`, sample_token: 's', ego_pose_token: 'p', calibrated_sensor_token: cs, timestamp: Number(/__(\d+)\./.exec(file)![1]), filename: file, is_key_frame: true });
    const channel = (file: string) => /__([A-Z_]+)__/.exec(file)![1];
    const tables = {
      scene: [{ token: 'scene', name: 'demo' }],
      sample: [{ token: 's', timestamp: 1532402927647951, scene_token: 'scene' }],
      sensor: [{ token: 'lidar', channel: 'LIDAR_TOP', modality: 'lidar' }, ...cameras.map((f) => ({ token: channel(f), channel: channel(f), modality: 'camera' }))],
      calibrated_sensor: [{ token: 'cs-lidar', sensor_token: 'lidar', ...identity, camera_intrinsic: [] }, ...cameras.map((f) => ({ token: `cs-${channel(f)}`, sensor_token: channel(f), ...identity, camera_intrinsic: [[1266, 0, 816], [0, 1266, 491], [0, 0, 1]] }))],
      ego_pose: [{ token: 'p', ...identity }],
      sample_data: [sd(lidarFile, 'cs-lidar'), ...cameras.map((f) => sd(f, `cs-${channel(f)}`))],
    };
    const result = await importNuScenes(withTables(nodeDatasetFiles(DEMO), tables));
    const frame = parseSceneManifest(result.scenes[0].manifest, 'demo').frames[0];
    expect(frame.pointClouds.lidar_top.pointCount).toBe(34688);
    // The manifest's reference decodes: the reader checks the count against the file.
    const cloud = await decodeFrameCloud(new Uint8Array(readFileSync(path.join(DEMO, lidarFile))), frame.pointClouds.lidar_top);
    expect(cloud.count).toBe(34688);
    expect(Object.keys(frame.images)).toHaveLength(6);
    expect(Object.values(frame.images).every((i) => i.width === 1600 && i.height === 900)).toBe(true);
    expect(result.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
