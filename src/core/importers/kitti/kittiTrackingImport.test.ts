import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDatasetFiles } from '../../../main/import/nodeDatasetFiles';
import { writeKittiTrackingFixture, type KittiTrackingFixture } from '../../../main/testing/datasetFixtures';
import { applyTransform, cameraModelFromIntrinsics, composeTransforms, makeProjector, type RigidTransform } from '../../camera';
import { cuboidContains } from '../../geometry/cuboid';
import { yawOf } from '../../geometry/quaternion';
import { isUuid } from '../../model/ids';
import { frameCameraCaptures } from '../../scene/captureCalibration';
import { parseSceneManifest, type SceneManifest } from '../../scene/manifest';
import type { DatasetImport } from '../importReport';
import { importKittiTracking } from './kittiTrackingImport';

let dir: string;
let fixture: KittiTrackingFixture;
let imported: DatasetImport;
let manifest: SceneManifest;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-kitti-tracking-'));
  fixture = writeKittiTrackingFixture(path.join(dir, 'good'));
  imported = await importKittiTracking(nodeDatasetFiles(fixture.root));
  manifest = parseSceneManifest(imported.scenes[0].manifest, 'tracking fixture');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectPose(actual: RigidTransform, expected: RigidTransform, what: string) {
  actual.translation.forEach((v, i) => expect(Math.abs(v - expected.translation[i]), `${what} translation`).toBeLessThan(1e-6));
  const dot = actual.rotation.reduce((s, v, i) => s + v * expected.rotation[i], 0);
  expect(1 - Math.abs(dot), `${what} rotation`).toBeLessThan(1e-12);
}

async function importBroken(name: string, breakIt: (split: string) => void): Promise<{ result: DatasetImport; manifest: SceneManifest }> {
  const root = path.join(dir, name);
  cpSync(fixture.root, root, { recursive: true });
  breakIt(path.join(root, 'training'));
  const result = await importKittiTracking(nodeDatasetFiles(root));
  return { result, manifest: parseSceneManifest(result.scenes[0].manifest, name) };
}

const worldFromVelo = (m: SceneManifest, frame: SceneManifest['frames'][number]) => composeTransforms(frame.worldFromEgo, m.sensors[0].egoFromSensor);

describe('KITTI tracking import (fixture)', () => {
  it('makes one scene per sequence with a frame per scan at 10 Hz', () => {
    expect(imported.scenes.map((s) => s.name)).toEqual(['0000']);
    expect(manifest.frames.map((f) => f.sourceId)).toEqual(Array.from({ length: 10 }, (_, i) => String(i).padStart(6, '0')));
    manifest.frames.forEach((f, i) => {
      expect(f.timestamp).toBeCloseTo(i * 0.1, 12);
      expect(f.pointClouds.velodyne).toEqual({ path: `training/velodyne/0000/${f.sourceId}.bin`, encoding: 'kitti-bin-xyzi', pointCount: fixture.pointCounts[i] });
      expect(f.images.cam2).toEqual({ path: `training/image_02/0000/${f.sourceId}.png`, width: 621, height: 188 });
    });
    expect(imported.report).toMatchObject({ format: 'kitti-tracking', frames: 10, groundTruth: 25, problems: [] });
  });

  it('puts the ego in the IMU frame: the Velodyne at inverse(Tr_imu_velo), the cameras through it', () => {
    expect(manifest.sensors.map((s) => s.sensorId)).toEqual(['velodyne', 'cam2']);
    expectPose(manifest.sensors[0].egoFromSensor, fixture.imuFromVelo, 'egoFromVelodyne');
    const cam2 = manifest.sensors[1];
    expect(cam2.kind === 'camera' && cam2.intrinsics).toEqual({ model: 'pinhole', width: 621, height: 188, fx: 360.76885, fy: 360.76885, cx: 304.77965, cy: 86.427 });
  });

  it('takes the ego poses from OXTS as the devkit does: the known circle, relative to the first frame', () => {
    manifest.frames.forEach((f, i) => expectPose(f.worldFromEgo, fixture.poses[i], `frame ${i}`));
    expect(manifest.frames[0].worldFromEgo).toEqual({ translation: [0, 0, 0], rotation: [0, 0, 0, 1] });
  });

  it('converts the tracks: one objectId per track, boxes back at their known places in the world', () => {
    const byTrack = new Map<string, SceneManifest['groundTruth']>();
    for (const g of manifest.groundTruth) byTrack.set(g.trackId!, [...(byTrack.get(g.trackId!) ?? []), g]);
    expect([...byTrack.keys()]).toEqual(['kitti-0000-0', 'kitti-0000-1', 'kitti-0000-2']);
    for (const track of fixture.tracks) {
      const boxes = byTrack.get(`kitti-0000-${track.trackId}`)!;
      expect(boxes).toHaveLength(track.world.filter(Boolean).length);
      expect(new Set(boxes.map((b) => b.objectId)).size).toBe(1);
      for (const box of boxes) {
        const i = manifest.frames.findIndex((f) => f.frameId === box.frameId);
        const known = track.world[i]!;
        const t = worldFromVelo(manifest, manifest.frames[i]);
        const centre = applyTransform(t, box.cuboid.center);
        centre.forEach((v, k) => expect(Math.abs(v - known.center[k]), `track ${track.trackId} frame ${i}`).toBeLessThan(1e-6));
        expect(yawOf(composeTransforms(t, { translation: [0, 0, 0], rotation: box.cuboid.rotation }).rotation)).toBeCloseTo(known.yaw, 9);
        expect(box.cuboid.size).toEqual(track.size);
        expect(box).toMatchObject({ classId: track.type.toLowerCase(), sourceClass: track.type, cuboid: { frame: 'velodyne' } });
      }
    }
    const objectIds = new Set(manifest.groundTruth.map((g) => g.objectId));
    expect(objectIds.size).toBe(3);
    expect([...objectIds].every(isUuid)).toBe(true);
    // The DontCare region of each frame is an ignore region of its cam2 image.
    expect(manifest.ignoreRegions.map((r) => [r.frameId, r.cameraId, r.sourceClass, r.box])).toEqual(
      manifest.frames.map((f) => [f.frameId, 'cam2', 'DontCare', { x0: 300, y0: 80, x1: 330, y1: 95 }]),
    );
    expect(imported.report.notConverted.map((n) => n.what)).not.toContain('DontCare regions');
  });

  it('projects LiDAR points on the car through the manifest camera where P2 · R_rect · Tr_velo_cam does', () => {
    let checked = 0;
    for (const [i, frame] of manifest.frames.entries()) {
      const [capture] = frameCameraCaptures(manifest, frame, 'velodyne');
      const project = makeProjector(cameraModelFromIntrinsics(capture.intrinsics));
      const car = manifest.groundTruth.find((g) => g.frameId === frame.frameId && g.trackId === 'kitti-0000-0')!;
      const bytes = new Uint8Array(readFileSync(path.join(fixture.root, frame.pointClouds.velodyne.path)));
      const scan = new Float32Array(bytes.buffer);
      const m = fixture.velodyneToImage2;
      const out = new Float64Array(2);
      for (let k = 0; k < scan.length; k += 4) {
        const p = [scan[k], scan[k + 1], scan[k + 2]] as const;
        if (!cuboidContains(car.cuboid, p, 1e-3)) continue;
        const c = applyTransform(capture.cameraFromLidar, p);
        expect(project(c[0], c[1], c[2], out)).toBe(true);
        const w = m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11];
        expect(Math.abs(out[0] - (m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3]) / w), `frame ${i}`).toBeLessThan(1e-6);
        expect(Math.abs(out[1] - (m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7]) / w), `frame ${i}`).toBeLessThan(1e-6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives the same ids on every import', async () => {
    const again = await importKittiTracking(nodeDatasetFiles(fixture.root));
    expect(again.scenes[0].manifest).toEqual(imported.scenes[0].manifest);
  });
});

describe('KITTI tracking import: bad input is reported, the rest imports', () => {
  it('a NaN or missing OXTS line: the frame keeps the previous pose', async () => {
    const { result, manifest: m } = await importBroken('nan-pose', (split) => {
      const file = path.join(split, 'oxts/0000.txt');
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      lines[4] = lines[4].replace(/^\S+/, 'NaN');
      writeFileSync(file, `${lines.slice(0, 9).join('\n')}\n`);
    });
    expect(result.report.problems).toEqual([
      { file: 'training/oxts/0000.txt', severity: 'warning', problem: 'line 5: lat (value 1) is "NaN", not a finite number; frame 000004 keeps the previous pose' },
      { file: 'training/oxts/0000.txt', severity: 'warning', problem: 'line 10: no OXTS packet for frame 000009; the frame keeps the previous pose' },
    ]);
    expect(m.frames[4].worldFromEgo).toEqual(m.frames[3].worldFromEgo);
    expect(m.frames[9].worldFromEgo).toEqual(m.frames[8].worldFromEgo);
    expectPose(m.frames[5].worldFromEgo, fixture.poses[5], 'frame 5');
    expect(m.groundTruth).toHaveLength(25);
  });

  it('a missing calibration: LiDAR only, the Velodyne as ego, no poses, cameras or labels', async () => {
    const { result, manifest: m } = await importBroken('no-calib', (split) => unlinkSync(path.join(split, 'calib/0000.txt')));
    expect(result.report.problems).toEqual([{ file: 'training/calib/0000.txt', severity: 'error', problem: expect.stringMatching(/^missing calibration; sequence 0000 is imported without cameras, labels or ego poses/) }]);
    expect(m.frames).toHaveLength(10);
    expect(m.sensors.map((s) => s.sensorId)).toEqual(['velodyne']);
    expect(m.frames.every((f) => f.worldFromEgo.translation.every((v) => v === 0))).toBe(true);
    expect(m.groundTruth).toEqual([]);
  });

  it('a Tr_imu_velo that is not a rotation: cameras and labels stay, poses go', async () => {
    const { result, manifest: m } = await importBroken('bad-imu', (split) => {
      const file = path.join(split, 'calib/0000.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^Tr_imu_velo (\S+)/m, (_, v) => `Tr_imu_velo ${Number(v) * 1.2}`));
    });
    expect(result.report.problems).toEqual([{ file: 'training/calib/0000.txt', severity: 'error', problem: expect.stringMatching(/Tr_imu_velo: rotation part is not orthonormal.*without ego poses/) }]);
    expect(m.sensors.map((s) => s.sensorId)).toEqual(['velodyne', 'cam2']);
    expect(m.groundTruth).toHaveLength(25);
    expect(m.frames[5].worldFromEgo.translation).toEqual([0, 0, 0]);
  });

  it('a label line that does not parse, and labels of a frame without a scan, are skipped alone', async () => {
    const { result, manifest: m } = await importBroken('bad-labels', (split) => {
      const file = path.join(split, 'label_02/0000.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^0 1 Pedestrian .*$/m, '0 1 Pedestrian 0 0'));
      unlinkSync(path.join(split, 'velodyne/0000/000002.bin'));
    });
    const skipped = { file: 'training/label_02/0000.txt', severity: 'warning', problem: expect.stringMatching(/^line \d+: frame 2 has no Velodyne scan; label skipped$/) };
    expect(result.report.problems).toEqual([
      { file: 'training/velodyne/0000/000002.bin', severity: 'error', problem: 'missing Velodyne scan; frame skipped' },
      { file: 'training/label_02/0000.txt', severity: 'error', problem: 'line 2: expected 17 fields (18 with a score), found 5; label skipped' },
      skipped,
      skipped,
    ]);
    expect(m.frames).toHaveLength(9);
    expect(m.groundTruth).toHaveLength(25 - 1 - 2);
  });
});
