import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeTransforms } from '../../../core/camera/rigidTransform';
import { importKittiObject } from '../../../core/importers/kitti/kittiObjectImport';
import { worldFromLidarCapture } from '../../../core/scene/captureCalibration';
import { parseSceneManifest } from '../../../core/scene/manifest';
import { nodeDatasetFiles } from '../../import/nodeDatasetFiles';
import { writeKittiObjectFixture } from '../../testing/datasets/kittiObjectFixture';
import { LocationPolicy } from '../access/locationPolicy';
import { inspectionCalls } from '../../../shared/inspectionContract';
import { InspectionService } from './inspectionService';
import { imageBoxOf, sceneFrameIgnoreRegions } from '../../../core/evaluation';

const REGION = '20000000-0000-4000-8000-0000000000dc';
import { writeSamplePredictions } from './testing/samplePredictions';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-inspection-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function serviceFor(manifest: ReturnType<typeof writeSamplePredictions>['manifest'], mode: 'desktop' | 'reviewer' = 'desktop') {
  const policy = new LocationPolicy(mode);
  return new InspectionService({
    manifestOf: (sceneId) => {
      if (sceneId !== manifest.sceneId) throw new Error(`no scene ${sceneId}`);
      return manifest;
    },
    allowOpened: (l) => policy.allowOpened(l),
    isAllowed: (l) => policy.isAllowed(l),
    // The host's way: judged in the real worker thread (the test at the end judges on this thread).
    workerFile: path.resolve(__dirname, '../../workers/evaluationWorker.dev.cjs'),
  });
}

describe('InspectionService', () => {
  it('reads OpenLABEL predictions, judges every frame against the ground truth, and puts the edited frame first by error', async () => {
    const sample = writeSamplePredictions(dir);
    const service = serviceFor(sample.manifest);
    const run = await service.load(sample.manifest.sceneId, sample.file);
    expect(run.format).toBe('openlabel');
    expect(run.predictions).toBe(sample.counts.reduce((a, b) => a + b, 0));
    expect(run.unplaced).toBe(0);
    expect(run.notes).toEqual([]);

    const byError = service.frames(run.runId, 'error');
    expect(byError.total).toBe(4);
    const worst = byError.frames[0];
    // Left out → FN; shifted 1 m sideways (IoU ≈ 0.3 < 0.7) → FP and FN; the spurious car → FP.
    expect(worst).toMatchObject({ frameIndex: 2, fn: 2, fp: 2 });
    expect(worst.error).toBeGreaterThan(3);
    for (const f of byError.frames.slice(1)) expect(f).toMatchObject({ fp: 0, fn: 0 });
    for (const f of byError.frames.slice(1)) expect(f.error).toBeLessThan(1e-6);
    expect(service.frames(run.runId, 'frame').frames.map((f) => f.frameIndex)).toEqual([0, 1, 2, 3]);
    expect(service.frames(run.runId, 'frame', 1, 2).frames.map((f) => f.frameIndex)).toEqual([1, 2]);

    const car = run.classes.find((c) => c.classId === 'car')!;
    expect(car).toMatchObject({ fp: 2, fn: 2, groundTruth: 56, predictions: 56, inIgnoreRegions: 0 });
    // The sample has no ignore regions: the panel shows no DontCare column for it.
    expect(run.ignoreRegions).toBe(0);
    expect(car.precision).toBeCloseTo(54 / 56, 9);
    expect(car.recall).toBeCloseTo(54 / 56, 9);
    const pedestrian = run.classes.find((c) => c.classId === 'pedestrian')!;
    expect(pedestrian).toMatchObject({ tp: 37, fp: 0, fn: 0, precision: 1, recall: 1, ap: 1 });
    // Every pedestrian found with no false positive: precision 1 at each of the 40 recall points; the cars' curve dips.
    expect(pedestrian.precisionBev).toEqual(Array(40).fill(1));
    expect(car.precision3d).toHaveLength(40);
    expect(Math.min(...car.precision3d)).toBeLessThan(1);

    // The frame's predictions, placed in its LiDAR frame: the spurious car where it was written.
    const frameId = sample.manifest.frames[2].frameId;
    const predictions = service.framePredictions(run.runId, frameId);
    expect(predictions).toHaveLength(sample.counts[2]);
    const spurious = predictions.find((p) => p.score === sample.edits.spurious.score)!;
    spurious.cuboid.center.forEach((v, k) => expect(v).toBeCloseTo(sample.edits.spurious.center[k], 6));
    expect(spurious.cuboid.frame).toBe('lidar_top');
    expect(spurious.where).toContain(sample.file);
  });

  it('scores no ground truth flagged ignore: its miss is no miss, a prediction on it no false alarm', async () => {
    const sample = writeSamplePredictions(dir);
    const frameId = sample.manifest.frames[sample.edits.frameIndex].frameId;
    const hidden = new Set([sample.edits.removedId, sample.edits.shiftedId]);
    const manifest = { ...sample.manifest, groundTruth: sample.manifest.groundTruth.map((g) => (g.frameId === frameId && hidden.has(g.objectId) ? { ...g, ignore: true } : g)) };
    const service = serviceFor(manifest);
    const run = await service.load(manifest.sceneId, sample.file);
    // Left: the spurious car alone. The missing car is not missed; the shifted one's prediction lies on its ignored box.
    expect(service.frames(run.runId, 'error').frames[0]).toMatchObject({ frameIndex: 2, fn: 0, fp: 1 });
    expect(run.classes.find((c) => c.classId === 'car')).toMatchObject({ fp: 1, fn: 0, groundTruth: 54 });
  });

  it("counts no false positive for an unmatched prediction inside the scene's ignore region (DontCare) of the frame", async () => {
    const sample = writeSamplePredictions(dir);
    const frame = sample.manifest.frames[sample.edits.frameIndex];
    // A region round the spurious car as cam_front sees it (its own projected box, grown by 10 px).
    const [cam] = sceneFrameIgnoreRegions({ ...sample.manifest, ignoreRegions: [{ regionId: REGION, frameId: frame.frameId, cameraId: 'cam_front', box: { x0: 0, y0: 0, x1: 1, y1: 1 } }] }, frame, 'lidar_top');
    const spurious = { objectId: 's', trackId: 's', classId: 'car', attributes: {}, center: [...sample.edits.spurious.center] as [number, number, number], size: [4.4, 1.85, 1.55] as [number, number, number], yaw: 0 };
    const seen = imageBoxOf(spurious, cam)!;
    const box = { x0: seen.x0 - 10, y0: seen.y0 - 10, x1: seen.x1 + 10, y1: seen.y1 + 10 };
    const manifest = { ...sample.manifest, ignoreRegions: [{ regionId: REGION, frameId: frame.frameId, cameraId: 'cam_front', box, sourceClass: 'DontCare' }] };
    const service = serviceFor(manifest);
    const run = await service.load(manifest.sceneId, sample.file);
    // Left: the shifted car's FP and both FNs; the spurious car (score 0.9) lies in the region.
    expect(service.frames(run.runId, 'error').frames[0]).toMatchObject({ frameIndex: 2, fn: 2, fp: 1 });
    expect(run.classes.find((c) => c.classId === 'car')).toMatchObject({ fp: 1, fn: 2, inIgnoreRegions: 1 });
    expect(run.classes.find((c) => c.classId === 'pedestrian')).toMatchObject({ fp: 0, inIgnoreRegions: 0 });
    expect(run.ignoreRegions).toBe(1);
    // What the panel receives: the run as the contract carries it.
    expect(inspectionCalls['inspection.load'].output.parse(run).classes.find((c) => c.classId === 'car')?.inIgnoreRegions).toBe(1);
    expect(run.notes).toEqual(["1 prediction(s) matched no label inside the scene's ignore regions (DontCare): not counted as false positives"]);
  });

  it('reads nuScenes detection results keyed by the frame, moving global boxes into the LiDAR frame', async () => {
    const sample = writeSamplePredictions(dir);
    const { manifest } = sample;
    const frame = manifest.frames[1];
    const gt = manifest.groundTruth.find((g) => g.frameId === frame.frameId && g.classId === 'pedestrian')!;
    const inWorld = composeTransforms(worldFromLidarCapture(manifest, frame, 'lidar_top')!, { translation: gt.cuboid.center, rotation: gt.cuboid.rotation });
    const [x, y, z, w] = inWorld.rotation;
    const [l, wd, h] = gt.cuboid.size;
    const file = path.join(dir, 'results_nusc.json');
    const box = { sample_token: '1', translation: inWorld.translation, size: [wd, l, h], rotation: [w, x, y, z], detection_name: 'pedestrian', detection_score: 0.7 };
    writeFileSync(file, JSON.stringify({ meta: { use_lidar: true }, results: { '1': [box] } }));
    const service = serviceFor(manifest);
    const run = await service.load(manifest.sceneId, file);
    expect(run.format).toBe('nuscenes');
    const [placed] = service.framePredictions(run.runId, frame.frameId);
    placed.cuboid.center.forEach((v, k) => expect(v).toBeCloseTo(gt.cuboid.center[k], 6));
    const row = service.frames(run.runId, 'frame').frames[1];
    expect(row.tp).toBe(1);
  });

  it('refuses bad input naming the file, and reads nothing in reviewer mode', async () => {
    const sample = writeSamplePredictions(dir);
    const service = serviceFor(sample.manifest);
    const sceneId = sample.manifest.sceneId;
    const missing = path.join(dir, 'nope.json');
    await expect(service.load(sceneId, missing)).rejects.toThrow(`${missing}: no such file or folder`);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"openlabel": {');
    await expect(service.load(sceneId, broken)).rejects.toThrow(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not JSON`));
    const other = path.join(dir, 'other.json');
    writeFileSync(other, '{"hello": 1}');
    await expect(service.load(sceneId, other)).rejects.toThrow(`${other}: neither OpenLABEL`);
    const unscored = path.join(dir, 'unscored.json');
    writeFileSync(unscored, JSON.stringify(sample.document).replaceAll('"score"', '"points"'));
    await expect(service.load(sceneId, unscored)).rejects.toThrow(`${unscored}: frames.0`);
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    await expect(service.load(sceneId, empty)).rejects.toThrow(`${empty}: the folder holds no .txt result files`);
    expect(() => service.frames('6b0c8f7e-2b1a-4c3d-9e8f-13a0b1c2d3e4', 'error')).toThrow(/open the file again/);
    await expect(serviceFor(sample.manifest, 'reviewer').load(sceneId, sample.file)).rejects.toThrow(/reviewer mode/);
  });
});

describe('InspectionService on a KITTI scene', () => {
  it('reads KITTI result files with the calibration beside them, matched to frames by their stem', async () => {
    const fixture = writeKittiObjectFixture(path.join(dir, 'kitti'));
    const imported = await importKittiObject(nodeDatasetFiles(fixture.root));
    const manifest = parseSceneManifest(imported.scenes[0].manifest, 'kitti');
    const results = path.join(fixture.split, 'results');
    mkdirSync(results);
    // The labels as a model's results: a score as the 16th field; sample 1 misses its first object.
    for (const s of fixture.samples) {
      const lines = readFileSync(path.join(fixture.split, 'label_2', `${s.stem}.txt`), 'utf8').trim().split('\n');
      const kept = s.stem === fixture.samples[1].stem ? lines.slice(1) : lines;
      writeFileSync(path.join(results, `${s.stem}.txt`), kept.map((l) => `${l} 0.9`).join('\n'));
    }
    const policy = new LocationPolicy('desktop');
    policy.allow(fixture.root, 'the KITTI dataset, opened');
    const service = new InspectionService({ manifestOf: () => manifest, allowOpened: (l) => policy.allowOpened(l), isAllowed: (l) => policy.isAllowed(l) });
    const run = await service.load(manifest.sceneId, results);
    expect(run.format).toBe('kitti');
    expect(run.unplaced).toBe(0);
    const frames = service.frames(run.runId, 'frame').frames;
    expect(frames.map((f) => f.fp)).toEqual([0, 0, 0]);
    expect(frames.map((f) => f.fn)).toEqual([0, 1, 0]);
    expect(service.frames(run.runId, 'error').frames[0].frameIndex).toBe(1);

    // Without a calibration to read, the frame is named.
    const alone = path.join(dir, 'alone');
    mkdirSync(alone);
    writeFileSync(path.join(alone, '000000.txt'), 'Car 0 0 0 0 0 10 10 1.5 1.6 4 1 1.7 10 0 0.9');
    await expect(service.load(manifest.sceneId, alone)).rejects.toThrow(`${path.join(alone, '000000.txt')}: no calibration for frame 000000`);
    // The fixture writes LiDAR sweeps and PNG images: slow on a busy machine, whatever inspection costs.
  }, 120_000);
});
