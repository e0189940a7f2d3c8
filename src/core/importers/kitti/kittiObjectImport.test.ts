import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDatasetFiles } from '../../../main/import/nodeDatasetFiles';
import { writeKittiObjectFixture, type KittiObjectFixture } from '../../../main/testing/datasetFixtures';
import { countPointsInCuboid } from '../../assist';
import { applyTransform, cameraModelFromIntrinsics, makeProjector } from '../../camera';
import { cuboidContains, type Cuboid } from '../../geometry/cuboid';
import { yawOf } from '../../geometry/quaternion';
import { isUuid } from '../../model/ids';
import { uuidFromName } from '../../model/uuidFromName';
import { frameCameraCaptures } from '../../scene/captureCalibration';
import { decodeFrameCloud } from '../../scene/frameCloud';
import { parseSceneManifest, type SceneManifest } from '../../scene/manifest';
import { DatasetRootError } from '../datasetFiles';
import type { DatasetImport } from '../importReport';
import { importKittiObject } from './kittiObjectImport';

let dir: string;
let fixture: KittiObjectFixture;
let imported: DatasetImport;
let manifest: SceneManifest;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-kitti-object-'));
  fixture = writeKittiObjectFixture(path.join(dir, 'good'));
  imported = await importKittiObject(nodeDatasetFiles(fixture.root));
  manifest = parseSceneManifest(imported.scenes[0].manifest, 'kitti fixture');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readScan(file: string): Float32Array {
  const bytes = new Uint8Array(readFileSync(file));
  return new Float32Array(bytes.buffer, 0, Math.floor(bytes.length / 16) * 4);
}

/** A copy of the fixture to break, and its import. */
async function importBroken(name: string, breakIt: (split: string) => void): Promise<{ result: DatasetImport; manifest: SceneManifest }> {
  const root = path.join(dir, name);
  cpSync(fixture.root, root, { recursive: true });
  breakIt(path.join(root, 'training'));
  const result = await importKittiObject(nodeDatasetFiles(root));
  return { result, manifest: parseSceneManifest(result.scenes[0].manifest, name) };
}

describe('KITTI object import (fixture)', () => {
  it('makes one scene of three frames with the Velodyne as ego and the samples in order', async () => {
    expect(imported.scenes.map((s) => s.name)).toEqual(['training']);
    expect(manifest.frames.map((f) => [f.index, f.sourceId, f.timestamp])).toEqual([[0, '000000', 0], [1, '000001', 0.1], [2, '000002', 0.2]]);
    for (const [i, frame] of manifest.frames.entries()) {
      expect(frame.worldFromEgo).toEqual({ translation: [0, 0, 0], rotation: [0, 0, 0, 1] });
      expect(frame.pointClouds.velodyne).toEqual({ path: `training/velodyne/${fixture.samples[i].stem}.bin`, encoding: 'kitti-bin-xyzi', pointCount: fixture.samples[i].pointCount });
      const bytes = new Uint8Array(readFileSync(path.join(fixture.root, frame.pointClouds.velodyne.path)));
      await expect(decodeFrameCloud(bytes, frame.pointClouds.velodyne)).resolves.toMatchObject({ count: fixture.samples[i].pointCount });
    }
    expect(manifest.sensors.map((s) => s.sensorId)).toEqual(['velodyne', 'cam2', 'cam3']);
    expect(manifest.sensors[0].egoFromSensor).toEqual({ translation: [0, 0, 0], rotation: [0, 0, 0, 1] });
    expect(imported.report.notes.join(' ')).toMatch(/not a sequence/);
  });

  it('puts the first sample\'s calibration on the cameras and overrides it only where a sample differs', () => {
    const cam2 = manifest.sensors.find((s) => s.sensorId === 'cam2')!;
    if (cam2.kind !== 'camera') throw new Error('cam2 is not a camera');
    // Sample 0's P2: K of the first rig, image 1242 × 375, no distortion.
    expect(cam2.intrinsics).toEqual({ model: 'pinhole', width: 1242, height: 375, fx: 721.5377, fy: 721.5377, cx: 609.5593, cy: 172.854 });
    const [first, second, third] = manifest.frames;
    expect(first.images.cam2).toEqual({ path: 'training/image_2/000000.png', width: 1242, height: 375 });
    expect(second.images.cam2.intrinsics).toEqual({ model: 'pinhole', width: 1224, height: 370, fx: 707.0493, fy: 707.0493, cx: 604.0814, cy: 180.5066 });
    expect(second.images.cam2.egoFromSensor).toBeDefined();
    expect(second.images.cam3.egoFromSensor).toBeDefined();
    // Sample 2 has sample 0's calibration file: nothing to override.
    expect(third.images.cam2).toEqual({ path: 'training/image_2/000002.png', width: 1242, height: 375 });
  });

  it('projects LiDAR points on the boxes through the manifest cameras exactly where P · R0_rect · Tr_velo_to_cam does, onto the boxes in the images', () => {
    let checked = 0;
    let onBoxColour = 0;
    for (const [i, frame] of manifest.frames.entries()) {
      const sample = fixture.samples[i];
      const scan = readScan(path.join(fixture.root, frame.pointClouds.velodyne.path));
      const captures = frameCameraCaptures(manifest, frame, 'velodyne');
      expect(captures.map((c) => c.sensorId)).toEqual(['cam2', 'cam3']);
      for (const capture of captures) {
        const project = makeProjector(cameraModelFromIntrinsics(capture.intrinsics));
        const m = capture.sensorId === 'cam2' ? sample.velodyneToImage2 : sample.velodyneToImage3;
        const png = PNG.sync.read(readFileSync(path.join(fixture.root, capture.path)));
        expect([png.width, png.height]).toEqual([capture.width, capture.height]);
        for (const box of sample.boxes) {
          const cuboid: Cuboid = { frame: 'velodyne', center: box.center, size: box.size, rotation: [0, 0, Math.sin(box.yaw / 2), Math.cos(box.yaw / 2)] };
          for (let k = 0; k < scan.length; k += 4) {
            const p = [scan[k], scan[k + 1], scan[k + 2]] as const;
            if (!cuboidContains(cuboid, p, 1e-3)) continue;
            const c = applyTransform(capture.cameraFromLidar, p);
            const out = new Float64Array(2);
            if (!project(c[0], c[1], c[2], out)) continue;
            const w = m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11];
            const u = (m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3]) / w;
            const v = (m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7]) / w;
            expect(Math.abs(out[0] - u) + Math.abs(out[1] - v), `${capture.path} ${box.type}`).toBeLessThan(1e-6);
            const x = Math.round(u);
            const y = Math.round(v);
            if (x < 0 || y < 0 || x >= png.width || y >= png.height) continue;
            checked++;
            const at = (y * png.width + x) * 4;
            const [r, g, b] = png.data.subarray(at, at + 3);
            if (Math.max(r, g, b) - Math.min(r, g, b) > 25) onBoxColour++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // Grey is road or sky; a point on a box lands on the box's colour (the rest: edges, and points the camera sees past).
    expect(onBoxColour / checked).toBeGreaterThan(0.9);
  });

  it('converts each label to the known Velodyne-frame box, keeping the KITTI fields as attributes', () => {
    expect(manifest.groundTruth).toHaveLength(7);
    for (const [i, frame] of manifest.frames.entries()) {
      const boxes = manifest.groundTruth.filter((g) => g.frameId === frame.frameId);
      expect(boxes.map((b) => b.sourceClass)).toEqual(fixture.samples[i].boxes.map((b) => b.type));
      boxes.forEach((gt, k) => {
        const known = fixture.samples[i].boxes[k];
        expect(gt.cuboid.frame).toBe('velodyne');
        gt.cuboid.center.forEach((v, j) => expect(v).toBeCloseTo(known.center[j], 9));
        gt.cuboid.size.forEach((v, j) => expect(v).toBeCloseTo(known.size[j], 12));
        expect(yawOf(gt.cuboid.rotation)).toBeCloseTo(known.yaw, 9);
        expect(Object.keys(gt.attributes!).sort()).toEqual(['alpha', 'bbox_bottom', 'bbox_left', 'bbox_right', 'bbox_top', 'occluded', 'truncated']);
        // The box holds the LiDAR returns the fixture cast onto it (give or take a float32-rounded
        // return at its bottom edge, where it meets the road).
        const scan = readScan(path.join(fixture.root, frame.pointClouds.velodyne.path));
        const inside = countPointsInCuboid(scan, 4, { ...gt.cuboid, size: gt.cuboid.size.map((s) => s + 0.01) as [number, number, number] });
        expect(Math.abs(inside - known.points)).toBeLessThanOrEqual(Math.max(2, known.points * 0.01));
      });
    }
    const classes = manifest.groundTruth.map((g) => `${g.sourceClass}→${g.classId}`);
    expect(classes).toEqual(['Car→car', 'Pedestrian→pedestrian', 'Cyclist→cyclist', 'Car→car', 'Van→car', 'Truck→truck', 'Car→car']);
    expect(imported.report.notConverted).toEqual(expect.arrayContaining([{ what: 'KITTI class Van', count: 1, why: expect.stringMatching(/Van imported as car/) }]));
    // The DontCare row comes in as an ignore region of the frame's cam2 image, named as kittiRead names it.
    expect(imported.report.notConverted.map((n) => n.what)).not.toContain('DontCare regions');
    expect(manifest.ignoreRegions).toEqual([
      { regionId: uuidFromName(manifest.sceneId, `label|${manifest.frames[1].sourceId}|${fixture.samples[1].boxes.length + 1}`), frameId: manifest.frames[1].frameId, cameraId: 'cam2', box: { x0: 520.5, y0: 160.25, x1: 560.75, y1: 185.5 }, sourceClass: 'DontCare' },
    ]);
    expect(imported.report).toMatchObject({ format: 'kitti', frames: 3, groundTruth: 7, problems: [], scenes: [{ name: 'training', frames: 3, groundTruth: 7 }] });
  });

  it('gives the same ids on every import, all of them UUIDs', async () => {
    const again = await importKittiObject(nodeDatasetFiles(fixture.root));
    expect(again.scenes[0].manifest).toEqual(imported.scenes[0].manifest);
    const ids = [manifest.sceneId, ...manifest.frames.map((f) => f.frameId), ...manifest.groundTruth.map((g) => g.objectId)];
    expect(ids.every(isUuid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('accepts the split folder itself', async () => {
    const result = await importKittiObject(nodeDatasetFiles(fixture.split));
    expect(result.scenes[0].manifest.frames![0].pointClouds.velodyne.path).toBe('velodyne/000000.bin');
    expect(result.scenes[0].manifest.groundTruth).toHaveLength(7);
  });
});

describe('KITTI object import: bad input is reported, the rest imports', () => {
  it('a missing calibration file: that sample keeps its scan, without images or labels', async () => {
    const { result, manifest: m } = await importBroken('no-calib', (split) => unlinkSync(path.join(split, 'calib/000001.txt')));
    expect(result.report.problems).toEqual([{ file: 'training/calib/000001.txt', severity: 'error', problem: expect.stringMatching(/missing calibration; sample 000001 imported without camera images or labels/) }]);
    expect(m.frames).toHaveLength(3);
    expect(m.frames[1].images).toEqual({});
    expect(m.groundTruth.filter((g) => g.frameId === m.frames[1].frameId)).toEqual([]);
    expect(m.groundTruth).toHaveLength(5);
  });

  it('a calibration whose rotation is not orthonormal', async () => {
    const { result, manifest: m } = await importBroken('bad-rotation', (split) => {
      const file = path.join(split, 'calib/000002.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^R0_rect: (\S+)/m, (_, v) => `R0_rect: ${Number(v) * 1.1}`));
    });
    expect(result.report.problems).toEqual([{ file: 'training/calib/000002.txt', severity: 'error', problem: expect.stringMatching(/is not a rotation.*sample 000002 imported without camera images or labels/) }]);
    expect(m.frames[2].images).toEqual({});
    expect(m.frames[0].images.cam2).toBeDefined();
    expect(m.groundTruth).toHaveLength(5);
  });

  it('a label line that does not parse: only that label is skipped', async () => {
    const { result, manifest: m } = await importBroken('bad-label', (split) => {
      const file = path.join(split, 'label_2/000000.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^Pedestrian 0.00 0 \S+/m, 'Pedestrian 0.00 0 abc'));
    });
    expect(result.report.problems).toEqual([{ file: 'training/label_2/000000.txt', severity: 'error', problem: 'line 2: field 4 is not a finite number; label skipped' }]);
    expect(m.groundTruth.map((g) => g.sourceClass)).toEqual(['Car', 'Cyclist', 'Car', 'Van', 'Truck', 'Car']);
  });

  it('a missing Velodyne scan skips its sample; a truncated one is reported', async () => {
    const { result, manifest: m } = await importBroken('no-scan', (split) => {
      unlinkSync(path.join(split, 'velodyne/000001.bin'));
      truncateSync(path.join(split, 'velodyne/000002.bin'), fixture.samples[2].pointCount * 16 - 5);
    });
    expect(result.report.problems).toEqual([
      { file: 'training/velodyne/000001.bin', severity: 'error', problem: expect.stringMatching(/missing Velodyne scan; sample 000001 skipped/) },
      { file: 'training/velodyne/000002.bin', severity: 'error', problem: expect.stringMatching(/not a whole number of 16-byte points/) },
    ]);
    expect(m.frames.map((f) => f.sourceId)).toEqual(['000000', '000002']);
    expect(m.frames[1].pointClouds.velodyne.pointCount).toBe(fixture.samples[2].pointCount - 1);
    expect(m.groundTruth).toHaveLength(5);
  });

  it('a missing or unreadable image leaves that capture out', async () => {
    const { result, manifest: m } = await importBroken('no-image', (split) => {
      unlinkSync(path.join(split, 'image_2/000000.png'));
      writeFileSync(path.join(split, 'image_3/000001.png'), 'not an image');
      appendFileSync(path.join(split, 'label_2/000002.txt'), 'Tram 0.00 0 0.1 1 2 3 4 3.2 2.5 15 0.5 1.6 40 0.1\n');
    });
    expect(result.report.problems).toEqual([
      { file: 'training/image_2/000000.png', severity: 'warning', problem: expect.stringMatching(/missing image/) },
      { file: 'training/image_3/000001.png', severity: 'warning', problem: 'neither a PNG nor a JPEG signature; image not imported' },
    ]);
    expect(Object.keys(m.frames[0].images)).toEqual(['cam3']);
    expect(Object.keys(m.frames[1].images)).toEqual(['cam2']);
    // The cameras take their calibration from the first sample that has the image.
    expect(m.groundTruth.at(-1)).toMatchObject({ classId: 'other', sourceClass: 'Tram' });
  });

  it('a folder that is not a KITTI dataset, or cannot be read, is a DatasetRootError', async () => {
    await expect(importKittiObject(nodeDatasetFiles(path.join(fixture.split, 'calib')))).rejects.toThrow(DatasetRootError);
    await expect(importKittiObject(nodeDatasetFiles(path.join(dir, 'nowhere')))).rejects.toThrow(/cannot read the dataset folder/);
  });
});

const REAL = path.resolve(__dirname, '../../../../../shared/data/driving/kitti_object_vis');
describe.skipIf(!existsSync(path.join(REAL, 'training/velodyne')))('KITTI object import: the real frames (../shared/data)', () => {
  let real: DatasetImport;
  let m: SceneManifest;
  beforeAll(async () => {
    real = await importKittiObject(nodeDatasetFiles(REAL));
    m = parseSceneManifest(real.scenes[0].manifest, REAL);
  });

  /** KITTI's own projection of a Velodyne point, from the calibration file. */
  function kittiProjection(file: string): number[] {
    const rows = Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => [l.split(':')[0], l.split(':')[1].trim().split(/\s+/).map(Number)]));
    const [R, T, P] = [rows.R0_rect, rows.Tr_velo_to_cam, rows.P2];
    const r0h = [R[0], R[1], R[2], 0, R[3], R[4], R[5], 0, R[6], R[7], R[8], 0, 0, 0, 0, 1];
    const mul = (a: number[], rowsA: number, b: number[]) => {
      const out: number[] = [];
      for (let i = 0; i < rowsA; i++) for (let j = 0; j < 4; j++) out.push(a[i * 4] * b[j] + a[i * 4 + 1] * b[4 + j] + a[i * 4 + 2] * b[8 + j] + a[i * 4 + 3] * b[12 + j]);
      return out;
    };
    return mul(mul(P, 3, r0h), 3, [...T, 0, 0, 0, 1]);
  }

  it('imports both frames with their two calibrations and image sizes', () => {
    expect(m.frames.map((f) => [f.sourceId, f.pointClouds.velodyne.pointCount])).toEqual([['000000', 1846144 / 16], ['000001', 1924288 / 16]]);
    const cam2 = m.sensors.find((s) => s.sensorId === 'cam2')!;
    expect(cam2.kind === 'camera' && cam2.intrinsics).toEqual({ model: 'pinhole', width: 1224, height: 370, fx: 707.0493, fy: 707.0493, cx: 604.0814, cy: 180.5066 });
    expect(m.frames[0].images.cam2).toEqual({ path: 'training/image_2/000000.png', width: 1224, height: 370 });
    expect(m.frames[1].images.cam2).toMatchObject({ width: 1242, height: 375, intrinsics: { width: 1242, height: 375, fx: 721.5377, cx: 609.5593, cy: 172.854 } });
    expect(m.frames[1].images.cam2.egoFromSensor).toBeDefined();
    expect(m.sensors.map((s) => s.sensorId)).toEqual(['velodyne', 'cam2']);
  });

  it('reproduces P2 · R0_rect · Tr_velo_to_cam through the manifest camera for the points in the image', () => {
    for (const frame of m.frames) {
      const A = kittiProjection(path.join(REAL, 'training/calib', `${frame.sourceId}.txt`));
      const [capture] = frameCameraCaptures(m, frame, 'velodyne');
      const project = makeProjector(cameraModelFromIntrinsics(capture.intrinsics));
      const scan = readScan(path.join(REAL, frame.pointClouds.velodyne.path));
      const out = new Float64Array(2);
      let worst = 0;
      let inside = 0;
      for (let k = 0; k < scan.length; k += 4) {
        const p = [scan[k], scan[k + 1], scan[k + 2]] as const;
        const w = A[8] * p[0] + A[9] * p[1] + A[10] * p[2] + A[11];
        const u = (A[0] * p[0] + A[1] * p[1] + A[2] * p[2] + A[3]) / w;
        const v = (A[4] * p[0] + A[5] * p[1] + A[6] * p[2] + A[7]) / w;
        if (!(w > 0) || u < -0.5 || v < -0.5 || u > capture.width - 0.5 || v > capture.height - 0.5) continue;
        const c = applyTransform(capture.cameraFromLidar, p);
        expect(project(c[0], c[1], c[2], out)).toBe(true);
        worst = Math.max(worst, Math.abs(out[0] - u), Math.abs(out[1] - v));
        inside++;
      }
      expect(inside).toBeGreaterThan(15_000);
      // KITTI prints R0_rect and Tr_velo_to_cam to 7 digits, so R0_rect · Tr is a rotation only to
      // ~1e-7; a rigid egoFromSensor cannot carry that, which moves points by up to ~2e-5 px.
      expect(worst).toBeLessThan(5e-5);
    }
  });

  it('converts the labels: boxes hold their points and project onto their 2D boxes', () => {
    expect(m.groundTruth.map((g) => `${g.sourceClass}→${g.classId}`)).toEqual(['Pedestrian→pedestrian', 'Truck→truck', 'Car→car', 'Cyclist→cyclist']);
    for (const gt of m.groundTruth) {
      const frame = m.frames.find((f) => f.frameId === gt.frameId)!;
      const [capture] = frameCameraCaptures(m, frame, 'velodyne');
      const project = makeProjector(cameraModelFromIntrinsics(capture.intrinsics));
      const out = new Float64Array(2);
      const corners = [-1, 1].flatMap((sx) => [-1, 1].flatMap((sy) => [-1, 1].map((sz) => [sx, sy, sz])));
      const uv = corners.map(([sx, sy, sz]) => {
        const yaw = yawOf(gt.cuboid.rotation);
        const [l, w, h] = gt.cuboid.size;
        const local = [(sx * l) / 2, (sy * w) / 2, (sz * h) / 2];
        const p = [gt.cuboid.center[0] + Math.cos(yaw) * local[0] - Math.sin(yaw) * local[1], gt.cuboid.center[1] + Math.sin(yaw) * local[0] + Math.cos(yaw) * local[1], gt.cuboid.center[2] + local[2]] as const;
        const c = applyTransform(capture.cameraFromLidar, p);
        project(c[0], c[1], c[2], out);
        return [out[0], out[1]];
      });
      const clampU = (x: number) => Math.min(Math.max(x, 0), capture.width - 1);
      const clampV = (x: number) => Math.min(Math.max(x, 0), capture.height - 1);
      const a = gt.attributes!;
      const du = (clampU(Math.min(...uv.map((p) => p[0]))) + clampU(Math.max(...uv.map((p) => p[0])))) / 2 - ((a.bbox_left as number) + (a.bbox_right as number)) / 2;
      const dv = (clampV(Math.min(...uv.map((p) => p[1]))) + clampV(Math.max(...uv.map((p) => p[1])))) / 2 - ((a.bbox_top as number) + (a.bbox_bottom as number)) / 2;
      expect(Math.hypot(du, dv), gt.sourceClass).toBeLessThan(12);
      const scan = readScan(path.join(REAL, frame.pointClouds.velodyne.path));
      if (Math.hypot(gt.cuboid.center[0], gt.cuboid.center[1]) < 40 && a.occluded === 0) expect(countPointsInCuboid(scan, 4, gt.cuboid)).toBeGreaterThan(20);
    }
    // Sample 000001's four DontCare rows are ignore regions in its cam2 image, with their pixel boxes.
    const second = m.frames.find((f) => f.sourceId === '000001')!;
    expect(m.ignoreRegions.map((r) => [r.frameId, r.cameraId, r.sourceClass, [r.box.x0, r.box.y0, r.box.x1, r.box.y1]])).toEqual(
      [
        [503.89, 169.71, 590.61, 190.13],
        [511.35, 174.96, 527.81, 187.45],
        [532.37, 176.35, 542.68, 185.27],
        [559.62, 175.83, 575.4, 183.15],
      ].map((box) => [second.frameId, 'cam2', 'DontCare', box]),
    );
    expect(real.report.notConverted.map((n) => n.what)).not.toContain('DontCare regions');
    expect(real.report.problems).toEqual([]);
  });
});
