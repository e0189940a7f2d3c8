import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../core/annotations/cuboid/schema';
import { TEST_CALIB, TEST_CALIB_TEXT } from '../core/evaluation/testKitti';
import { quatFromYaw } from '../core/geometry/quaternion';
import { writeKittiObject } from '../core/labels/kittiWrite';
import type { LabelSet } from '../core/labels/labelSet';
import { uuidFromName } from '../core/model/uuidFromName';
import { runEvaluate } from './evaluateCommand';

/** The visibility table of the Lyft tables in ../shared/data; the same rows are written here where it is absent. */
const LYFT_VISIBILITY = ((): string => {
  const real = path.join(__dirname, '../../../shared/data/driving/mmdet3d_tests_lyft_v1.01-train_tables/visibility.json');
  if (existsSync(real)) return real;
  const written = path.join(mkdtempSync(path.join(os.tmpdir(), 'cairn-visibility-')), 'visibility.json');
  writeFileSync(written, JSON.stringify(['v0-40', 'v40-60', 'v60-80', 'v80-100'].map((level, i) => ({ token: String(i + 1), level, description: level }))));
  return written;
})();

const NS = '6b0f3f0e-3c1a-4c6e-8f0d-0e7a1c2b3d4f';
const SCENE = uuidFromName(NS, 'scene');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-evaluate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type V3 = [number, number, number];
interface Box {
  readonly name: string;
  readonly frame: number;
  readonly classId: string;
  readonly center: V3;
  readonly size: V3;
  readonly score?: number;
}

const CAR: V3 = [4.2, 1.8, 1.5];
const PED: V3 = [0.8, 0.7, 1.75];
const LABELS: Box[] = [
  { name: 'A', frame: 0, classId: 'car', center: [10, 2, -0.9], size: CAR },
  { name: 'B', frame: 0, classId: 'pedestrian', center: [8, -3, -0.8], size: PED },
  // No point falls in C.
  { name: 'C', frame: 0, classId: 'car', center: [25, -5, -0.9], size: CAR },
  { name: 'D', frame: 1, classId: 'car', center: [12, 0, -0.9], size: CAR },
];
const PREDICTIONS: Box[] = [
  { name: 'pA', frame: 0, classId: 'car', center: [10, 2, -0.9], size: CAR, score: 0.9 },
  { name: 'pB', frame: 0, classId: 'pedestrian', center: [8, -3, -0.8], size: PED, score: 0.8 },
  { name: 'pX', frame: 0, classId: 'car', center: [15, 8, -0.9], size: CAR, score: 0.85 },
  { name: 'pD', frame: 1, classId: 'cyclist', center: [12, 0, -0.9], size: [1.8, 0.7, 1.7], score: 0.7 },
];

const stem = (frame: number) => String(frame).padStart(6, '0');

function labelSet(boxes: readonly Box[]): LabelSet {
  const frames = [0, 1].map((index) => ({ frameId: uuidFromName(SCENE, `f${index}`), index, sourceId: stem(index), kittiCalib: TEST_CALIB }));
  const records: CuboidAnnotation[] = boxes.map((b) => ({
    kind: 'cuboid',
    objectId: uuidFromName(SCENE, b.name),
    trackId: uuidFromName(SCENE, `t${b.name}`),
    sceneId: SCENE,
    frameId: frames[b.frame].frameId,
    classId: b.classId,
    ontologyVersion: 1,
    attributes: b.score === undefined ? {} : ({ score: b.score } as Record<string, number>),
    author: 'test',
    createdAt: 0,
    updatedAt: 0,
    cuboid: { frame: 'velodyne', center: b.center, size: b.size, rotation: quatFromYaw(0.3) },
  }));
  return { sceneId: SCENE, frames, records };
}

/** 60 points inside each labelled box but C (a regular grid in its middle), and nothing else. */
function scan(frame: number): Buffer {
  const points: number[] = [];
  for (const b of LABELS.filter((l) => l.frame === frame && l.name !== 'C')) {
    for (let k = 0; k < 60; k++) {
      const u = ((k % 4) / 4 - 0.4) * 0.5 * b.size[0];
      const v = ((Math.floor(k / 4) % 3) / 3 - 0.35) * 0.5 * b.size[1];
      const w = ((Math.floor(k / 12) % 5) / 5 - 0.4) * 0.5 * b.size[2];
      const c = Math.cos(0.3);
      const s = Math.sin(0.3);
      points.push(b.center[0] + c * u - s * v, b.center[1] + s * u + c * v, b.center[2] + w, 0.5);
    }
  }
  return Buffer.from(new Float32Array(points).buffer);
}

function writeDataset(): { truth: string; results: string } {
  const truth = path.join(tmp, 'kitti', 'training');
  for (const sub of ['label_2', 'calib', 'velodyne']) mkdirSync(path.join(truth, sub), { recursive: true });
  for (const f of writeKittiObject(labelSet(LABELS)).files) writeFileSync(path.join(truth, f.path), f.text);
  for (const frame of [0, 1]) {
    writeFileSync(path.join(truth, 'calib', `${stem(frame)}.txt`), `${TEST_CALIB_TEXT}\n`);
    writeFileSync(path.join(truth, 'velodyne', `${stem(frame)}.bin`), scan(frame));
  }
  const results = path.join(tmp, 'results', 'data');
  mkdirSync(results, { recursive: true });
  for (const f of writeKittiObject(labelSet(PREDICTIONS)).files) if (f.path.startsWith('label_2/')) writeFileSync(path.join(results, path.basename(f.path)), f.text);
  return { truth: path.join(tmp, 'kitti'), results: path.dirname(results) };
}

function capture(): { text: string; write(s: string): void } {
  return {
    text: '',
    write(s: string) {
      this.text += s;
    },
  };
}

describe('cairn evaluate', () => {
  const { truth, results } = writeDataset();

  it('writes evaluation.json and report.html for KITTI results against a KITTI dataset', async () => {
    const out = capture();
    const err = capture();
    const dir = path.join(tmp, 'out');
    const code = await runEvaluate([results, '--against', truth, '-o', dir], out, err);
    expect(err.text).not.toMatch(/cairn evaluate:/);
    expect(code).toBe(0);
    expect(err.text).toContain('read 4 predictions from 2 KITTI result files');
    expect(err.text).toContain('evaluate: 2/2 frames');
    const doc = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8'));
    expect([doc.format, doc.version, doc.predictionFormat]).toEqual(['cairn.evaluation', 1, 'kitti']);
    const byClass = Object.fromEntries(doc.summary.classes.map((c: { classId: string }) => [c.classId, c]));
    // Car: 0.9 TP, 0.85 FP against 3 labels: precision 1 up to recall ⅓, i.e. recall points 1–13 of 40.
    expect(byClass.car.ap3d.ap).toBeCloseTo(13 / 40, 12);
    expect(byClass.car.apBev.ap).toBeCloseTo(13 / 40, 12);
    expect(byClass.pedestrian.ap3d.ap).toBe(1);
    expect(byClass.cyclist.ap3d.ap).toBeNull();
    expect(doc.frames.map((f: { frameKey: string; tp: number; fp: number; fn: number }) => [f.frameKey, f.tp, f.fp, f.fn])).toEqual([
      ['000000', 2, 1, 1],
      ['000001', 0, 1, 1],
    ]);
    // The result file and line name each prediction.
    expect(doc.frames[0].falsePositives[0]).toMatchObject({ classId: 'car', score: 0.85, predictionId: expect.stringMatching(/results\/data\/000000\.txt line [1-3]$/) });
    expect(doc.suspects.map((s: { kind: string; frameKey: string }) => [s.kind, s.frameKey])).toEqual([
      ['missing', '000000'],
      ['class', '000001'],
      ['empty', '000000'],
    ]);
    expect(doc.suspects[2].points).toBe(0);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('data-testid="chart-pr-3d"');
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    expect(out.text).toMatch(/^2 frames, 4 predictions: mAP\|R40 3D /);
  });

  it("applies the frames' DontCare regions as KITTI's devkit does, and says how many predictions they took", async () => {
    // The same dataset with two DontCare rows on frame 000000, in image_2 pixels. Through the test calib
    // (fx 720, cx 610, cy 175) the false alarm pX (15 m ahead, 8 m left) spans about u 76–338, v 181–268; the
    // true positive pA (10 m ahead, 2 m left) about u 400–540, v 160–290.
    const dc = path.join(tmp, 'kitti-dontcare', 'training');
    mkdirSync(path.join(dc, 'label_2'), { recursive: true });
    for (const sub of ['calib', 'velodyne']) cpSync(path.join(truth, 'training', sub), path.join(dc, sub), { recursive: true });
    for (const frame of ['000000', '000001']) copyFileSync(path.join(truth, 'training', 'label_2', `${frame}.txt`), path.join(dc, 'label_2', `${frame}.txt`));
    const dontCare = (x0: number, y0: number, x1: number, y1: number) => `DontCare -1 -1 -10 ${x0} ${y0} ${x1} ${y1} -1 -1 -1 -1000 -1000 -1000 -10\n`;
    appendFileSync(path.join(dc, 'label_2', '000000.txt'), dontCare(50, 150, 360, 300) + dontCare(380, 100, 560, 374));
    const out = capture();
    const dir = path.join(tmp, 'out-dontcare');
    expect(await runEvaluate([results, '--against', path.dirname(dc), '-o', dir], out, capture())).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8'));
    // pX is no false positive now; pA, matched inside the other region, is still a hit.
    expect(doc.frames.map((f: { frameKey: string; tp: number; fp: number; fn: number }) => [f.frameKey, f.tp, f.fp, f.fn])).toEqual([
      ['000000', 2, 0, 1],
      ['000001', 0, 1, 1],
    ]);
    expect(doc.frames[0].inIgnoreRegions).toEqual([{ predictionId: expect.stringMatching(/000000\.txt line [1-3]$/), classId: 'car', score: 0.85 }]);
    expect(doc.summary.inIgnoreRegions).toBe(1);
    expect(doc.summary.classes.find((c: { classId: string }) => c.classId === 'car')).toMatchObject({ fp: 0, inIgnoreRegions: 1 });
    // Nor is it a missing label any more.
    expect(doc.suspects.map((s: { kind: string }) => s.kind)).toEqual(['class', 'empty']);
    expect(doc.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^2 DontCare regions on 1 frames/), expect.stringMatching(/^1 frames with DontCare regions have no image_2/)]));
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('Ignored in DontCare regions: 1 prediction matched no label');
    expect(out.text).toContain('; 1 predictions ignored in DontCare regions (');
  });

  it('names the file and line of a bad result, and says what usage is wrong', async () => {
    const bad = path.join(tmp, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, '000000.txt'), 'Car 0 0 0 0 0 50 50 1.5 1.8 4.2 1 1.6 10 0 0.9\nCar 0 0 0 0 0 50 50 1.5 1.8 4.2 1 1.6 10 0\n');
    const err = capture();
    expect(await runEvaluate([bad, '--against', truth, '-o', path.join(tmp, 'o2')], capture(), err)).toBe(1);
    expect(err.text).toContain(`cairn evaluate: ${path.join(bad, '000000.txt')} line 2: no score`);
    const usage = capture();
    expect(await runEvaluate([bad, '-o', path.join(tmp, 'o3')], capture(), usage)).toBe(2);
    expect(usage.text).toContain('give the ground truth with --against');
    const missing = capture();
    expect(await runEvaluate([path.join(tmp, 'nope.json'), '--against', truth, '-o', path.join(tmp, 'o4')], capture(), missing)).toBe(1);
    expect(missing.text).toContain(`${path.join(tmp, 'nope.json')}: no such file`);
  });
});

describe('cairn evaluate, nuScenes', () => {
  type Pose = { translation: V3; yaw: number };
  const wxyz = (yaw: number) => [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)];
  const worldFromEgo: Pose = { translation: [100, 200, 0], yaw: 1 };
  const egoFromLidar: Pose = { translation: [0.9, 0, 1.8], yaw: 0.5 };
  /** A point or box centre in the LiDAR frame, in the world (both transforms turn about z only). */
  const toWorld = (p: V3): V3 => {
    const step = (q: V3, t: Pose): V3 => [t.translation[0] + Math.cos(t.yaw) * q[0] - Math.sin(t.yaw) * q[1], t.translation[1] + Math.sin(t.yaw) * q[0] + Math.cos(t.yaw) * q[1], t.translation[2] + q[2]];
    return step(step(p, egoFromLidar), worldFromEgo);
  };
  const lidarYawToWorld = (yaw: number) => yaw + egoFromLidar.yaw + worldFromEgo.yaw;
  const car = { center: [10, 2, -1] as V3, yaw: 0.2, lwh: CAR };
  const far = { center: [30, -8, -1] as V3, yaw: -0.4, lwh: CAR };
  const annotation = (token: string, instance: string, box: typeof car) => ({
    token,
    sample_token: 's1',
    instance_token: instance,
    translation: toWorld(box.center),
    size: [box.lwh[1], box.lwh[0], box.lwh[2]],
    rotation: wxyz(lidarYawToWorld(box.yaw)),
    attribute_tokens: [],
  });

  function writeNuScenes(): { tables: string; results: string } {
    const root = path.join(tmp, 'nuscenes');
    const tables = path.join(root, 'v1.0-mini');
    mkdirSync(tables, { recursive: true });
    mkdirSync(path.join(root, 'samples', 'LIDAR_TOP'), { recursive: true });
    const write = (name: string, rows: unknown) => writeFileSync(path.join(tables, `${name}.json`), JSON.stringify(rows));
    write('scene', [{ token: 'sc1', name: 'scene-1', first_sample_token: 's1' }]);
    write('sample', [{ token: 's1', timestamp: 1_000_000, scene_token: 'sc1' }]);
    write('sensor', [{ token: 'sen1', channel: 'LIDAR_TOP', modality: 'lidar' }]);
    write('calibrated_sensor', [{ token: 'cs1', sensor_token: 'sen1', translation: egoFromLidar.translation, rotation: wxyz(egoFromLidar.yaw) }]);
    write('ego_pose', [{ token: 'e1', translation: worldFromEgo.translation, rotation: wxyz(worldFromEgo.yaw), timestamp: 1_000_000 }]);
    write('sample_data', [{ token: 'd1', sample_token: 's1', ego_pose_token: 'e1', calibrated_sensor_token: 'cs1', is_key_frame: true, filename: 'samples/LIDAR_TOP/s1.pcd.bin', timestamp: 1_000_000 }]);
    write('category', [{ token: 'c1', name: 'vehicle.car' }]);
    write('instance', [{ token: 'i1', category_token: 'c1' }, { token: 'i2', category_token: 'c1' }]);
    write('sample_annotation', [annotation('a1', 'i1', car), annotation('a2', 'i2', far)]);
    // x, y, z, intensity, ring: a small grid in the middle of the near car (LiDAR frame); nothing in the far one.
    const points: number[] = [];
    for (let k = 0; k < 27; k++) points.push(car.center[0] + ((k % 3) - 1) * 0.5, car.center[1] + ((Math.floor(k / 3) % 3) - 1) * 0.3, car.center[2] + (Math.floor(k / 9) - 1) * 0.3, 1, 0);
    writeFileSync(path.join(root, 'samples', 'LIDAR_TOP', 's1.pcd.bin'), Buffer.from(new Float32Array(points).buffer));
    const box = (b: typeof car, name: string, score: number) => ({ sample_token: 's1', translation: toWorld(b.center), size: [b.lwh[1], b.lwh[0], b.lwh[2]], rotation: wxyz(lidarYawToWorld(b.yaw)), velocity: [0, 0], detection_name: name, detection_score: score, attribute_name: '' });
    const results = path.join(tmp, 'nuscenes-results.json');
    writeFileSync(results, JSON.stringify({ meta: { use_lidar: true }, results: { s1: [box(car, 'car', 0.9), box({ ...car, center: [10, 12, -1] }, 'car', 0.8)] } }));
    return { tables: root, results };
  }

  it('compares in the LiDAR frame and counts the labels’ points in the sample’s scan', async () => {
    const { tables, results } = writeNuScenes();
    const err = capture();
    const dir = path.join(tmp, 'out-nuscenes');
    expect(await runEvaluate([results, '--against', tables, '-o', dir], capture(), err)).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(dir, 'evaluation.json'), 'utf8'));
    expect(doc.predictionFormat).toBe('nuscenes');
    const [frame] = doc.frames;
    expect([frame.frameKey, frame.tp, frame.fp, frame.fn]).toEqual(['s1', 1, 1, 1]);
    expect(frame.matches[0].translation).toBeLessThan(1e-6);
    expect(frame.matches[0].iou3d).toBeCloseTo(1, 6);
    // The far car is empty, the near one holds the 27 points: labels and scan share the LiDAR frame.
    expect(doc.suspects.map((s: { kind: string; points?: number }) => [s.kind, s.points])).toEqual([
      ['missing', undefined],
      ['empty', 0],
    ]);
    expect(doc.notes).toEqual([]);
  });

  it('does not score annotations of visibility "1" (0-40 %), as the importer flags them', async () => {
    const { tables, results } = writeNuScenes();
    const dir = path.join(tables, 'v1.0-mini');
    // The far car (missed above, and empty) becomes barely visible; a prediction on it is added.
    const rows = JSON.parse(readFileSync(path.join(dir, 'sample_annotation.json'), 'utf8'));
    rows[1].visibility_token = '1';
    rows[0].visibility_token = '4';
    writeFileSync(path.join(dir, 'sample_annotation.json'), JSON.stringify(rows));
    const doc0 = JSON.parse(readFileSync(results, 'utf8'));
    const onFar = { ...doc0.results.s1[0], translation: rows[1].translation, rotation: rows[1].rotation, detection_score: 0.75 };
    const withFar = path.join(tmp, 'nuscenes-results-far.json');
    writeFileSync(withFar, JSON.stringify({ ...doc0, results: { s1: [...doc0.results.s1, onFar] } }));
    const evaluate = async (out: string) => {
      expect(await runEvaluate([withFar, '--against', tables, '-o', out], capture(), capture())).toBe(0);
      return JSON.parse(readFileSync(path.join(out, 'evaluation.json'), 'utf8'));
    };
    // Without a visibility table the token names the level (nuScenes' tokens 1-4 are fixed).
    const doc = await evaluate(path.join(tmp, 'out-visibility'));
    const [frame] = doc.frames;
    expect([frame.tp, frame.fp, frame.fn, frame.groundTruth]).toEqual([1, 1, 0, 1]);
    expect(frame.falsePositives.map((f: { score: number }) => f.score)).toEqual([0.8]);
    expect(doc.suspects.map((s: { kind: string }) => s.kind)).toEqual(['missing']);
    expect(doc.notes).toEqual(['1 annotations are at most 40 % visible (visibility "1", v0-40): not scored, neither missed nor a reason for a false positive']);
    // With the table (Lyft's rows, as the real tables give them) the same.
    writeFileSync(path.join(dir, 'visibility.json'), readFileSync(LYFT_VISIBILITY, 'utf8'));
    expect((await evaluate(path.join(tmp, 'out-visibility-table'))).frames[0]).toMatchObject({ tp: 1, fp: 1, fn: 0, groundTruth: 1 });
  });
});
