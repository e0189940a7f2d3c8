import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPcd } from '../../../core/formats/pcd/openPcd';
import type { ImportReport } from '../../../core/importers/importReport';
import { parseSceneManifest, type SceneManifest } from '../../../core/scene/manifest';
import { memorySource } from '../../../core/io/byteSource';
import { sweepTimesOnSceneClock } from '../../../core/plausibility/rules/pointTime';
import { decodeFrameCloud } from '../../../core/scene/frameCloud';
import { LogMessageStore } from '../../services/robotics/logMessageStore';
import { fileSource } from '../../services/stores/fileSource';
import { runImport } from '../importCommand';

// The real logs are not the project's to commit; CI and this machine have ../shared beside the repo.
const DATA = path.resolve(__dirname, '../../../../../shared/data/robotics');
const OUSTER = path.join(DATA, 'pointcloudset/test.mcap');
const SICK = path.join(DATA, 'sick_scan_xd/rms_1xxx_lms_1xx_movement_off.bag');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-real-logs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importLog(format: string, file: string, out: string, extra: string[] = []) {
  let stderr = '';
  const code = await runImport([format, file, '-o', out, '--workspace', path.join(dir, 'ws'), ...extra], { write: (t: string) => (stderr += t) });
  const report = JSON.parse(readFileSync(path.join(out, 'import-report.json'), 'utf8')) as ImportReport;
  const scene = report.scenes[0].name;
  const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(out, scene, 'scene.json'), 'utf8')), scene);
  return { code, stderr, report, manifest };
}

async function sweep(manifest: SceneManifest, frame: number, sensor: string) {
  const reader = await openPcd(fileSource(path.join(manifest.dataRoot!, manifest.frames[frame].pointClouds[sensor].path)));
  let count = 0;
  let time: number[] = [];
  for await (const b of reader.batches(1 << 20)) {
    count += b.count;
    if (b.extra?.time) time = [...time, ...b.extra.time];
  }
  return { count, time, header: reader.header };
}

describe.skipIf(!existsSync(OUSTER))(`the real Ouster OS1-64 MCAP (${existsSync(OUSTER) ? 'present' : 'skipped: ../shared/data/robotics is absent'})`, () => {
  it('two organised 2048 × 64 sweeps: no-return zeros dropped, header stamps as frame times, ring and per-point time kept', async () => {
    const { code, stderr, report, manifest } = await importLog('mcap', OUSTER, path.join(dir, 'ouster'));
    expect(code).toBe(0);
    expect(stderr).toContain('1 scene, 2 frames, 0 ground-truth boxes');
    expect(manifest.frames.map((f) => f.pointClouds.os1_cloud_node_points.pointCount)).toEqual([45716, 45809]);
    expect(report.notConverted).toContainEqual(expect.objectContaining({ what: 'no-return points (0, 0, 0) of organised clouds', count: 2 * 131072 - 45716 - 45809 }));
    // Header stamps (2020-04-28) and not the log times (2020-06-22).
    expect(new Date(manifest.frames[0].timestamp * 1000).toISOString()).toMatch(/^2020-04-28/);
    expect(manifest.frames[1].timestamp - manifest.frames[0].timestamp).toBeCloseTo(0.0991, 3);
    const bounds = manifest.frames[0].pointClouds.os1_cloud_node_points.bounds!;
    expect(bounds.min[0]).toBeCloseTo(-10.64, 2);
    expect(bounds.max[1]).toBeCloseTo(14.15, 2);
    const first = await sweep(manifest, 0, 'os1_cloud_node_points');
    expect(first.count).toBe(45716);
    expect(first.header.attributes).toEqual(expect.arrayContaining(['intensity', 'ring']));
    // Ouster's t is nanoseconds within the 0.1 s sweep.
    expect(Math.min(...first.time)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first.time)).toBeLessThan(0.1);
    // /tf_static's sensor tree is kept; the three images have no frame_id and no CameraInfo.
    expect(manifest.transforms).toContainEqual(expect.objectContaining({ parent: 'tf:os1_sensor', child: 'tf:os1_lidar' }));
    expect(report.problems.filter((p) => /img_node\/(intensity|noise|range)_image: no CameraInfo/.test(p.problem))).toHaveLength(3);
    expect(report.notConverted).toContainEqual(expect.objectContaining({ what: 'ouster_ros/PacketMsg messages on /os1_node/lidar_packets', count: 206 }));
  }, 60_000);

  it('its sweeps reach the plausibility checks with per-point time, on the scene clock from the frame stamp to 0.1 s after', async () => {
    const out = path.join(dir, 'ouster');
    const report = JSON.parse(readFileSync(path.join(out, 'import-report.json'), 'utf8')) as ImportReport;
    const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(out, report.scenes[0].name, 'scene.json'), 'utf8')), 'ouster');
    const frame = manifest.frames[0];
    const ref = frame.pointClouds.os1_cloud_node_points;
    const cloud = await decodeFrameCloud(new Uint8Array(readFileSync(path.join(manifest.dataRoot!, ref.path))), ref);
    expect(cloud.time).toHaveLength(45716);
    const onClock = sweepTimesOnSceneClock(cloud.time!, frame.timestamp)!;
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of onClock) {
      lo = Math.min(lo, t - frame.timestamp);
      hi = Math.max(hi, t - frame.timestamp);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(lo).toBeLessThan(0.005);
    expect(hi).toBeGreaterThan(0.095);
    expect(hi).toBeLessThan(0.1);
  });

  it('opened in place: the same frames, each sweep read from the log when asked for', async () => {
    const extracted = await importLog('mcap', OUSTER, path.join(dir, 'ouster-x'));
    const { code, manifest } = await importLog('mcap', OUSTER, path.join(dir, 'ouster-in-place'), ['--in-place']);
    expect(code).toBe(0);
    expect(manifest.log).toEqual({ format: 'mcap', files: [OUSTER] });
    // Planned from the index: log times shifted by the first sweep's stamp lag, within a millisecond of the header stamps here.
    expect(manifest.frames.map((f) => f.frameId)).toEqual(extracted.manifest.frames.map((f) => f.frameId));
    manifest.frames.forEach((f, i) => expect(Math.abs(f.timestamp - extracted.manifest.frames[i].timestamp)).toBeLessThan(1e-3));
    const store = new LogMessageStore('ouster', 'local', OUSTER, 'mcap', () => [fileSource(OUSTER)]);
    try {
      const reader = await openPcd(memorySource('sweep.pcd', await store.capture(manifest.frames[1].pointClouds.os1_cloud_node_points.path)));
      let count = 0;
      for await (const b of reader.batches(1 << 20)) count += b.count;
      expect(count).toBe(45809);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('--list prints the topics from the summary', async () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((text: string) => chunks.push(text) > 0) as typeof process.stdout.write;
    try {
      expect(await runImport(['mcap', OUSTER, '--list'], { write: () => true })).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(chunks.join('')).toMatch(/\/os1_cloud_node\/points\s+sensor_msgs\/PointCloud2\s+ros1\s+2\n/);
    expect(chunks.join('')).toMatch(/\/rosout\s+rosgraph_msgs\/Log\s+ros1\s+12\n/);
  });
});

describe.skipIf(!existsSync(SICK))(`the real SICK ROS 1 bag (${existsSync(SICK) ? 'present' : 'skipped: ../shared/data/robotics is absent'})`, () => {
  it('89 scanner sweeps from bz2 chunks, radar clouds matched where within the tolerance, "/cloud" → "/radar" from TF', async () => {
    const { code, report, manifest } = await importLog('rosbag', SICK, path.join(dir, 'sick'));
    expect(code).toBe(0);
    expect(manifest.frames).toHaveLength(89);
    expect(manifest.frames.every((f) => f.pointClouds.cloud.pointCount === 541)).toBe(true);
    expect(manifest.sensors.map((s) => s.sensorId)).toEqual(['cloud', 'cloud_radar_rawtarget', 'cloud_radar_track']);
    // The radar's frame is "/radar" in TF with a leading slash, "radar" in its headers: one frame.
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const radar = manifest.frames.filter((f) => f.pointClouds.cloud_radar_rawtarget);
    expect(radar.length).toBe(17);
    expect(radar.every((f) => Math.abs(f.pointClouds.cloud_radar_rawtarget.timestamp! - f.timestamp) <= 0.0101)).toBe(true);
    const scan = await sweep(manifest, 0, 'cloud');
    expect(scan.count).toBe(541);
    // A 2-D scanner: every point on z = 0.
    expect(manifest.frames[0].pointClouds.cloud.bounds).toMatchObject({ min: [expect.any(Number), expect.any(Number), 0], max: [expect.any(Number), expect.any(Number), 0] });
    expect(report.notConverted).toContainEqual(expect.objectContaining({ what: 'sensor_msgs/LaserScan messages on /sick_lms_1xx/scan', count: 89 }));
  }, 60_000);

  it('--rate thins the sweeps', async () => {
    const { manifest } = await importLog('rosbag', SICK, path.join(dir, 'sick-5hz'), ['--rate', '5', '--lidar', '/cloud']);
    expect(manifest.frames.length).toBeGreaterThanOrEqual(9);
    expect(manifest.frames.length).toBeLessThanOrEqual(10);
    expect(manifest.sensors.map((s) => s.sensorId)).toEqual(['cloud']);
  }, 60_000);
});
