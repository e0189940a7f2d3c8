import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBox2dRecord } from '../annotations/guards';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeDatasetFiles } from '../../main/import/nodeDatasetFiles';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { mat3ToQuat, parseKittiCalib, quatToMat3, type KittiObjectCalib } from '../camera';
import { importKittiObject } from '../importers/kitti/kittiObjectImport';
import { quatMultiply, quatNormalize, yawOf } from '../geometry/quaternion';
import { canonicalJson } from '../model/annotation';
import { lostCount } from './conversionManifest';
import { generatedLabelSet } from './generatedLabels';
import { wrapAngle } from './kittiBox';
import { readKittiObject, readKittiTracking, type KittiObjectSample } from './kittiRead';
import { writeKittiObject, writeKittiTracking, type KittiFile } from './kittiWrite';
import { readOpenLabel } from './openlabelRead';
import { writeOpenLabel } from './openlabelWrite';
import type { LabelSet } from './labelSet';

const KITTI = path.resolve(__dirname, '../../../../shared/data/driving/kitti_object_vis/training');
/** A rig like KITTI's (the camera turned from the Velodyne with a small misalignment, a rectification and a stereo offset), exact rotations. */
function testCalib(): KittiObjectCalib {
  const rows = (m: readonly number[], t: readonly number[]) => [m[0], m[1], m[2], t[0], m[3], m[4], m[5], t[1], m[6], m[7], m[8], t[2]];
  const camFromVelo = quatMultiply(mat3ToQuat([0, -1, 0, 0, 0, -1, 1, 0, 0]), quatNormalize([0.003, 0.002, -0.004, 1]));
  const text = [
    'P0: 700 0 600 0 0 700 180 0 0 0 1 0',
    'P1: 700 0 600 -380 0 700 180 0 0 0 1 0',
    'P2: 700 0 600 45 0 700 180 -0.3 0 0 1 0.003',
    'P3: 700 0 600 -340 0 700 180 2 0 0 1 0.003',
    `R0_rect: ${quatToMat3(quatNormalize([0.002, -0.004, 0.005, 1])).join(' ')}`,
    `Tr_velo_to_cam: ${rows(quatToMat3(camFromVelo), [-0.004, -0.0763, -0.2718]).join(' ')}`,
    'Tr_imu_to_velo: 1 0 0 -0.8 0 1 0 0.3 0 0 1 -0.9',
  ].join('\n');
  return parseKittiCalib(text, 'test calib');
}
const IDEAL_CALIB = testCalib();
// Half a unit in the last of KITTI's 2 decimals, per axis and per angle. The centre is the rounded
// bottom raised by half the rounded height, so its vertical error adds 0.0025 m.
const METRE_TOLERANCE = Math.hypot(0.005, 0.0075, 0.005) + 1e-9;
const SIZE_TOLERANCE = 0.005 + 1e-9;
// rotation_y to 0.005 rad, seen about the Velodyne's z through the camera's lean from it (up to 2 % more here).
const YAW_TOLERANCE = 0.0051;

let tmp: string | null = null;
afterAll(() => tmp && rmSync(tmp, { recursive: true, force: true }));

function filesOf(files: readonly KittiFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, f.text]));
}

function samplesOf(files: Map<string, string>): KittiObjectSample[] {
  return [...files.keys()]
    .filter((p) => p.startsWith('label_2/'))
    .map((p) => {
      const stem = path.basename(p, '.txt');
      return { stem, labels: files.get(p)!, labelPath: p, calib: parseKittiCalib(files.get(`calib/${stem}.txt`)!, `calib/${stem}.txt`), calibPath: `calib/${stem}.txt` };
    });
}

function expectSameBox(actual: CuboidAnnotation['cuboid'], expected: CuboidAnnotation['cuboid'], what: string): void {
  const d = Math.hypot(actual.center[0] - expected.center[0], actual.center[1] - expected.center[1], actual.center[2] - expected.center[2]);
  expect(d, `${what}: centre`).toBeLessThanOrEqual(METRE_TOLERANCE);
  for (let k = 0; k < 3; k++) expect(Math.abs(actual.size[k] - expected.size[k]), `${what}: size ${k}`).toBeLessThanOrEqual(SIZE_TOLERANCE);
  expect(Math.abs(wrapAngle(yawOf(actual.rotation) - yawOf(expected.rotation))), `${what}: yaw`).toBeLessThanOrEqual(YAW_TOLERANCE);
}

describe('KITTI object labels', () => {
  it('canonical → KITTI → canonical gives the same boxes, classes and KITTI attributes (yaw past ±π, quaternions of either sign), to KITTI\'s 2 decimals', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const set = generatedLabelSet({ seed, frames: 3, tracks: 6, yawOnly: true });
      const { files, manifest } = writeKittiObject(set, { calib: IDEAL_CALIB });
      const back = readKittiObject(samplesOf(filesOf(files)), { name: 'x' });
      expect(back.set.records).toHaveLength(set.records.length);
      // Records come back in the order written: frame by frame, then trackId, then objectId.
      const expected = set.frames.flatMap((f) => set.records.filter((r) => r.frameId === f.frameId).sort((a, b) => (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : a.objectId < b.objectId ? -1 : 1)));
      const actual = back.set.records;
      actual.forEach((r, i) => {
        const e = expected[i];
        expectSameBox(r.cuboid, e.cuboid, `seed ${seed} record ${i}`);
        expect(r.classId).toBe(['car', 'truck', 'pedestrian', 'cyclist'].includes(e.classId) ? e.classId : 'other');
        expect(r.attributes.occluded).toBe(e.attributes.occluded ?? 0);
      });
      const folded = set.records.filter((r) => !['car', 'truck', 'pedestrian', 'cyclist', 'other'].includes(r.classId)).length;
      expect(lostCount(manifest, 'classId')).toBe(folded);
      expect(lostCount(manifest, 'attributes.parked')).toBe(set.records.filter((r) => 'parked' in r.attributes).length);
      expect(lostCount(manifest, 'attributes.colour')).toBe(set.records.filter((r) => 'colour' in r.attributes).length);
      expect(lostCount(manifest, 'author')).toBe(set.records.length);
      expect(lostCount(manifest, 'rotation (roll and pitch)')).toBe(0);
    }
  });

  it('lists tilted boxes, boxes in other frames and frames without calibration in the manifest', () => {
    const set = generatedLabelSet({ seed: 3, frames: 2, tracks: 8 });
    const tilted = set.records.filter((r) => Math.abs(r.cuboid.rotation[0]) + Math.abs(r.cuboid.rotation[1]) > 1e-6).length;
    expect(tilted).toBeGreaterThan(0);
    expect(lostCount(writeKittiObject(set, { calib: IDEAL_CALIB }).manifest, 'rotation (roll and pitch)')).toBe(tilted);
    expect(lostCount(writeKittiObject(set).manifest, 'record')).toBe(set.records.length);
    expect(lostCount(writeKittiObject(set, { calib: IDEAL_CALIB, lidarFrame: 'lidar_top' }).manifest, 'record')).toBe(set.records.length);
  });

  it.skipIf(!existsSync(KITTI))('the real KITTI sample converts to OpenLABEL and back, and to KITTI text again line for line', () => {
    const samples: KittiObjectSample[] = ['000000', '000001'].map((stem) => ({
      stem,
      labels: readFileSync(path.join(KITTI, 'label_2', `${stem}.txt`), 'utf8'),
      labelPath: `label_2/${stem}.txt`,
      calib: parseKittiCalib(readFileSync(path.join(KITTI, 'calib', `${stem}.txt`), 'utf8'), `calib/${stem}.txt`),
      calibPath: `calib/${stem}.txt`,
    }));
    const { set, manifest } = readKittiObject(samples, { name: 'kitti_object_vis' });
    expect(set.records).toHaveLength(4);
    expect(lostCount(manifest, 'DontCare regions')).toBe(0);
    const regions = set.labels2d!.filter(isBox2dRecord);
    expect(regions.map((r) => [r.classId, r.cameraId, r.ignore, r.linkedTrackId])).toEqual(Array(4).fill(['DontCare', 'cam2', true, null]));
    // Each a real region (KITTI writes its left, top, right, bottom in pixels).
    expect(regions.every((r) => r.box.x1 > r.box.x0 && r.box.y1 > r.box.y0)).toBe(true);
    const ol = writeOpenLabel(set);
    expect(ol.manifest.lost).toEqual([]);
    const back = readOpenLabel(JSON.parse(JSON.stringify(ol.document)), { source: 'kitti.openlabel.json' });
    expect(back.set.records.map(canonicalJson).sort()).toEqual(set.records.map(canonicalJson).sort());
    expect(back.set.frames).toEqual(set.frames);
    const again = filesOf(writeKittiObject(back.set).files);
    for (const s of samples) {
      const original = s.labels.split('\n').filter((l) => l.trim() && !l.startsWith('DontCare'));
      // The same lines; their order is the records' (by track), which a label file does not fix.
      expect(again.get(`label_2/${s.stem}.txt`)!.trim().split('\n').sort()).toEqual(original.sort());
      expect(parseKittiCalib(again.get(`calib/${s.stem}.txt`)!, 'again')).toEqual(s.calib);
    }
  });

  it('a KITTI export re-read by the KITTI dataset importer gives the same boxes', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-labels-kitti-'));
    const set = generatedLabelSet({ seed: 11, frames: 3, tracks: 6, yawOnly: true });
    const { files } = writeKittiObject(set, { calib: IDEAL_CALIB });
    for (const f of files) {
      mkdirSync(path.join(tmp, path.dirname(f.path)), { recursive: true });
      writeFileSync(path.join(tmp, f.path), f.text);
    }
    mkdirSync(path.join(tmp, 'velodyne'));
    for (const f of set.frames) writeFileSync(path.join(tmp, 'velodyne', `${f.sourceId}.bin`), new Uint8Array(16));
    const imported = await importKittiObject(nodeDatasetFiles(tmp));
    const gt = imported.scenes[0].manifest.groundTruth ?? [];
    expect(gt).toHaveLength(set.records.length);
    const frameOfStem = new Map((imported.scenes[0].manifest.frames ?? []).map((f) => [f.frameId, f.sourceId]));
    for (const frame of set.frames) {
      const ours = set.records.filter((r) => r.frameId === frame.frameId).sort((a, b) => (a.trackId < b.trackId ? -1 : a.trackId > b.trackId ? 1 : a.objectId < b.objectId ? -1 : 1));
      const theirs = gt.filter((g) => frameOfStem.get(g.frameId) === frame.sourceId);
      expect(theirs).toHaveLength(ours.length);
      ours.forEach((r, i) => expectSameBox(theirs[i].cuboid as CuboidAnnotation['cuboid'], r.cuboid, `frame ${frame.sourceId} box ${i}`));
    }
  });
});

describe('KITTI tracking labels', () => {
  it('canonical → KITTI tracking → canonical keeps tracks, frames and boxes (to 2 decimals)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const set = generatedLabelSet({ seed, frames: 6, tracks: 5, yawOnly: true });
      const { files, manifest } = writeKittiTracking(set, { calib: IDEAL_CALIB, sequence: '0007' });
      const f = filesOf(files);
      const back = readKittiTracking(
        { sequence: '0007', labels: f.get('label_02/0007.txt')!, labelPath: 'label_02/0007.txt', calib: parseKittiCalib(f.get('calib/0007.txt')!, 'calib/0007.txt'), calibPath: 'calib/0007.txt', frameNumbers: set.frames.map((x) => x.index) },
        { name: 'x' },
      );
      expect(back.set.frames.map((x) => x.sourceId)).toEqual(set.frames.map((x) => x.sourceId));
      expect(back.set.records).toHaveLength(set.records.length);
      // The same partition into tracks, frame by frame.
      const tracksOf = (s: LabelSet) => {
        const index = new Map(s.frames.map((x) => [x.frameId, x.index]));
        const groups = new Map<string, number[]>();
        for (const r of s.records) groups.set(r.trackId, [...(groups.get(r.trackId) ?? []), index.get(r.frameId)!]);
        return [...groups.values()].map((g) => g.sort((a, b) => a - b).join(',')).sort();
      };
      expect(tracksOf(back.set)).toEqual(tracksOf(set));
      expect(lostCount(manifest, 'trackId')).toBe(new Set(set.records.map((r) => r.trackId)).size);
    }
  });
});
