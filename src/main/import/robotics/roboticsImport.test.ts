import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPcd } from '../../../core/formats/pcd/openPcd';
import { parseSceneManifest } from '../../../core/scene/manifest';
import { fileSource } from '../../services/stores/fileSource';
import { importRobotics, listRobotTopics } from './roboticsFormats';
import { writeJsonMcap, writeMcap, writeRosbag, type ChunkCompression, type FixtureMessage } from './testing/logWriters';
import type { Dialect } from './testing/rosDefinitions';
import { IMAGE_HEIGHT, IMAGE_WIDTH, robotScenario, STAMP_LAG, T0, type ScenarioOptions } from './testing/robotScenario';
import { writeSqliteBag } from './testing/sqliteBagWriter';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cairn-robotics-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function mcapOf(options: ScenarioOptions, compression: ChunkCompression = 'zstd'): Promise<string> {
  const file = path.join(dir, `log-${options.dialect}-${compression}.mcap`);
  await writeMcap(file, options.dialect, robotScenario(options), compression);
  return file;
}

async function pointsOf(file: string) {
  const reader = await openPcd(fileSource(file));
  const batches = [];
  for await (const b of reader.batches()) batches.push(b);
  return batches[0];
}

/** The checks every well-formed scenario log passes, whatever its encoding and container. */
async function expectScenario(format: 'mcap' | 'rosbag', file: string) {
  const outDir = path.join(dir, 'out');
  const result = await importRobotics(format, file, { outDir });
  expect(result.scenes).toHaveLength(1);
  const scene = result.scenes[0];
  // Written the way `cairn import` writes it, then read back through the schema and cross-checks.
  const manifest = parseSceneManifest({ ...scene.manifest }, file);
  expect(manifest.frames).toHaveLength(5);
  expect(manifest.frames.map((f) => f.timestamp)).toEqual([0, 1, 2, 3, 4].map((i) => expect.closeTo(T0 + i * 0.1, 6) as number));
  expect(manifest.frames[0].timestamp).not.toBeCloseTo(T0 + STAMP_LAG, 3);
  const lidar = manifest.sensors.find((s) => s.sensorId === 'lidar_points')!;
  expect(lidar.egoFromSensor.translation).toEqual([1.5, 0, 1.8]);
  const camera = manifest.sensors.find((s) => s.kind === 'camera')!;
  expect(camera).toMatchObject({ sensorId: 'camera_image_compressed', intrinsics: { model: 'pinhole', fx: 10, distortion: { model: 'brown-conrady', k1: 0.1 } } });
  expect(camera.egoFromSensor.translation).toEqual([2, 0, 1.5]);
  // map → base_link drives along x: ego poses follow.
  expect(manifest.frames[3].worldFromEgo.translation[0]).toBeCloseTo(0.3, 9);
  const frame = manifest.frames[2];
  expect(frame.images.camera_image_compressed).toMatchObject({ width: IMAGE_WIDTH, height: IMAGE_HEIGHT, timestamp: expect.closeTo(T0 + 0.204, 6) as number });
  const ref = frame.pointClouds.lidar_points;
  expect(ref.pointCount).toBe(6);
  const points = await pointsOf(path.join(manifest.dataRoot!, ref.path));
  expect(points.count).toBe(6);
  expect(points.positions[0]).toBe(10);
  expect(points.extra!.time[5]).toBeCloseTo(0.05, 9);
  const image = await fs.readFile(path.join(manifest.dataRoot!, frame.images.camera_image_compressed.path));
  expect(image.subarray(1, 4).toString()).toBe('PNG');
  // The car cube, in base_link at x = 12, becomes ground truth in the LiDAR frame 1.5 m ahead.
  expect(manifest.groundTruth).toHaveLength(5);
  expect(manifest.groundTruth[0]).toMatchObject({ classId: 'car', trackId: 'car/1', cuboid: { frame: 'lidar_points', size: [4, 2, 1.6] } });
  expect(manifest.groundTruth[0].cuboid.center[0]).toBeCloseTo(10.5, 9);
  expect(manifest.groundTruth[0].cuboid.center[2]).toBeCloseTo(-1, 9);
  const report = result.report;
  expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(report.notConverted).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ what: 'no-return points (0, 0, 0) of organised clouds', count: 5 }),
      expect.objectContaining({ what: 'rosgraph_msgs/Log messages on /rosout', count: 1 }),
      expect.objectContaining({ what: 'line strip markers', count: 5 }),
    ]),
  );
  return { manifest, report };
}

describe('robotics log import', () => {
  const cases: [Dialect, ChunkCompression][] = [
    ['ros2', 'zstd'],
    ['ros2', 'lz4'],
    ['ros1', 'zstd'],
    ['ros1', 'lz4'],
    ['ros1', 'none'],
  ];
  for (const [dialect, compression] of cases) {
    it(`imports a ${dialect === 'ros2' ? 'ROS 2 (CDR)' : 'ROS 1'} MCAP with ${compression} chunks`, async () => {
      const { report } = await expectScenario('mcap', await mcapOf({ dialect }, compression));
      expect(report.notConverted.find((n) => n.what === 'points with a NaN or infinite coordinate')?.count).toBe(5);
    });
  }

  it('imports a ROS 1 bag (uncompressed and lz4 chunks)', async () => {
    for (const compression of ['none', 'lz4'] as const) {
      const file = path.join(dir, `log-${compression}.bag`);
      await writeRosbag(file, robotScenario({ dialect: 'ros1' }), compression, 7);
      await expectScenario('rosbag', file);
    }
  });

  it('imports clouds stored as big-endian float64 and as int16', async () => {
    for (const options of [{ xyzType: 'float64', bigEndian: true }, { xyzType: 'int16' }] as const) {
      const outDir = path.join(dir, `out-${options.xyzType}`);
      const result = await importRobotics('mcap', await mcapOf({ dialect: 'ros2', ...options }), { outDir });
      const ref = result.scenes[0].manifest.frames![0].pointClouds.lidar_points;
      const points = await pointsOf(path.join(outDir, result.scenes[0].name, ref.path));
      expect([...points.positions.subarray(0, 3)]).toEqual([10, 0, 1]);
      expect(ref.pointCount).toBe(options.xyzType === 'int16' ? 7 : 6);
    }
  });

  it('reports a camera without CameraInfo and leaves it out', async () => {
    const result = await importRobotics('mcap', await mcapOf({ dialect: 'ros2', noCameraInfo: true }), { outDir: path.join(dir, 'out') });
    expect(result.scenes[0].manifest.sensors!.map((s) => s.kind)).toEqual(['lidar']);
    expect(result.report.problems).toContainEqual(expect.objectContaining({ severity: 'error', problem: expect.stringMatching(/\/camera\/image\/compressed: no CameraInfo topic beside it/) as string }));
  });

  it.each(['ros1', 'ros2'] as const)('takes ego poses from nav_msgs/Odometry where TF has no map / odom frame (%s)', async (dialect) => {
    const file = await mcapOf({ dialect, odometry: true });
    for (const inPlace of [false, true]) {
      const result = await importRobotics('mcap', file, { outDir: path.join(dir, `odom-${inPlace}`), inPlace });
      const frames = result.scenes[0].manifest.frames!;
      expect(frames.map((f) => f.worldFromEgo.translation[0])).toEqual([0, 0.1, 0.2, 0.3, 0.4].map((x) => expect.closeTo(x, 6) as number));
      expect(result.report.notes).toContainEqual(expect.stringMatching(/Ego poses come from \/odom \(nav_msgs\/Odometry, 5 messages\)/));
      expect(result.report.notes).toContainEqual('Ego poses are TF\'s "odom" ← "base_link" at each sweep.');
    }
  });

  it('reports a broken TF chain, naming the frames, and leaves the camera out', async () => {
    const result = await importRobotics('mcap', await mcapOf({ dialect: 'ros2', brokenTf: true }), { outDir: path.join(dir, 'out') });
    expect(result.scenes[0].manifest.frames).toHaveLength(5);
    expect(result.report.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', problem: expect.stringMatching(/no transform from "camera_optical" to "base_link".*not imported/) as string }),
    );
  });

  it('keeps to --rate and to the chosen topics', async () => {
    const result = await importRobotics('mcap', await mcapOf({ dialect: 'ros1', sweeps: 10 }), { outDir: path.join(dir, 'out'), rate: 5, lidar: ['/lidar/points'], cameras: [] });
    // With cameras: [] given, the default (every image topic) applies; the rate halves the sweeps.
    expect(result.scenes[0].manifest.frames).toHaveLength(5);
    expect(result.report.notConverted).toContainEqual(expect.objectContaining({ what: 'sweeps of /lidar/points beyond --rate 5', count: 5 }));
    await expect(importRobotics('mcap', await mcapOf({ dialect: 'ros1' }), { outDir: path.join(dir, 'o2'), lidar: ['/camera/image/compressed'] })).rejects.toThrow(/\/camera\/image\/compressed is sensor_msgs\/CompressedImage, not a point cloud/);
    await expect(importRobotics('mcap', await mcapOf({ dialect: 'ros1' }), { outDir: path.join(dir, 'o3'), lidar: ['/nope'] })).rejects.toThrow(/no topic \/nope/);
  });

  it('lists topics with their types and counts from the summary', async () => {
    const text = await listRobotTopics('mcap', await mcapOf({ dialect: 'ros2' }));
    expect(text).toMatch(/\/lidar\/points\s+sensor_msgs\/PointCloud2\s+cdr\s+5\n/);
    expect(text).toMatch(/\/tf_static\s+tf2_msgs\/TFMessage\s+cdr\s+1\n/);
  });

  it('refuses a truncated MCAP and a truncated bag, naming the file', async () => {
    const mcap = await mcapOf({ dialect: 'ros2' });
    const cut = path.join(dir, 'cut.mcap');
    const bytes = await fs.readFile(mcap);
    await fs.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(importRobotics('mcap', cut, { outDir: path.join(dir, 'out') })).rejects.toThrow(new RegExp(`${cut.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*not a readable indexed MCAP`));
    const bag = path.join(dir, 'log.bag');
    await writeRosbag(bag, robotScenario({ dialect: 'ros1' }));
    const cutBag = path.join(dir, 'cut.bag');
    await fs.writeFile(cutBag, (await fs.readFile(bag)).subarray(0, 6000));
    await expect(importRobotics('rosbag', cutBag, { outDir: path.join(dir, 'out') })).rejects.toThrow(/cut\.bag.*not a readable ROS 1 bag/);
  });

  it('reads a rosbag2 folder of split MCAP files, or of split .db3 files, as one scene', async () => {
    const folder = path.join(dir, 'bag2');
    await fs.mkdir(folder);
    const messages = robotScenario({ dialect: 'ros2' });
    const half = messages.findIndex((m) => m.topic === '/lidar/points' && m.logTime > messages.find((x) => x.topic === '/lidar/points')!.logTime + 150_000_000n);
    await writeMcap(path.join(folder, 'bag2_0.mcap'), 'ros2', messages.slice(0, half));
    await writeMcap(path.join(folder, 'bag2_1.mcap'), 'ros2', [...messages.filter((m) => m.topic === '/tf_static'), ...messages.slice(half)]);
    await fs.writeFile(path.join(folder, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  storage_identifier: mcap\n');
    const result = await importRobotics('rosbag2', folder, { outDir: path.join(dir, 'out') });
    expect(result.scenes).toHaveLength(1);
    expect(result.scenes[0].manifest.frames).toHaveLength(5);
    await fs.rm(path.join(folder, 'bag2_0.mcap'));
    await fs.rm(path.join(folder, 'bag2_1.mcap'));
    // The same recording stored with sqlite3 (Humble's default): read from its .db3 splits in order.
    await fs.writeFile(path.join(folder, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  storage_identifier: sqlite3\n');
    writeSqliteBag(path.join(folder, 'bag2_0.db3'), messages.slice(0, half), { definitions: false });
    writeSqliteBag(path.join(folder, 'bag2_1.db3'), messages.slice(half), { definitions: false });
    const fromDb3 = await importRobotics('rosbag2', folder, { outDir: path.join(dir, 'o2') });
    expect(fromDb3.scenes).toHaveLength(1);
    expect(fromDb3.scenes[0].manifest.frames).toHaveLength(5);
    await fs.writeFile(path.join(folder, 'bag2_1.db3'), 'SQLite format 3\0');
    await expect(importRobotics('rosbag2', folder, { outDir: path.join(dir, 'o3') })).rejects.toThrow(/bag2_1\.db3: not a rosbag2 sqlite3 file/);
  });

  it('imports Foxglove PointCloud and SceneUpdate channels in JSON encoding', async () => {
    const file = path.join(dir, 'foxglove.mcap');
    const fields = [{ name: 'x', offset: 0, type: 7 }, { name: 'y', offset: 4, type: 7 }, { name: 'z', offset: 8, type: 7 }];
    const points = Buffer.from(new Float32Array([5, 0, 0, 6, 1, 0, 7, -1, 0.5]).buffer).toString('base64');
    const pose = { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
    const messages: FixtureMessage[] = [0, 1, 2].flatMap((i) => [
      { topic: '/points', type: 'foxglove.PointCloud', logTime: BigInt(T0 + i) * 1_000_000_000n, message: { timestamp: { sec: T0 + i, nsec: 0 }, frame_id: 'lidar', pose, point_stride: 12, fields, data: points } },
      {
        topic: '/boxes',
        type: 'foxglove.SceneUpdate',
        logTime: BigInt(T0 + i) * 1_000_000_000n + 1n,
        message: { deletions: [], entities: [{ timestamp: { sec: T0 + i, nsec: 0 }, frame_id: 'lidar', id: 'truck-1', metadata: [{ key: 'class', value: 'truck' }], cubes: [{ pose: { ...pose, position: { x: 6, y: 0, z: 0 } }, size: { x: 8, y: 2.5, z: 3 } }] }] },
      },
    ]);
    // A camera as Foxglove's schemas have it: CompressedImage beside its CameraCalibration, bytes as base64.
    const png = new PNG({ width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
    const pngBase64 = PNG.sync.write(png).toString('base64');
    const calibration = { width: IMAGE_WIDTH, height: IMAGE_HEIGHT, distortion_model: 'plumb_bob', D: [0, 0, 0, 0, 0], K: [10, 0, 4, 0, 10, 3, 0, 0, 1], R: [1, 0, 0, 0, 1, 0, 0, 0, 1], P: [10, 0, 4, 0, 0, 10, 3, 0, 0, 0, 1, 0] };
    messages.push(
      ...[0, 1, 2].flatMap((i) => [
        { topic: '/cam/image', type: 'foxglove.CompressedImage', logTime: BigInt(T0 + i) * 1_000_000_000n + 2n, message: { timestamp: { sec: T0 + i, nsec: 2000 }, frame_id: 'lidar', format: 'png', data: pngBase64 } },
        { topic: '/cam/calibration', type: 'foxglove.CameraCalibration', logTime: BigInt(T0 + i) * 1_000_000_000n + 3n, message: { timestamp: { sec: T0 + i, nsec: 2000 }, frame_id: 'lidar', ...calibration } },
      ]),
    );
    await writeJsonMcap(file, messages);
    const result = await importRobotics('mcap', file, { outDir: path.join(dir, 'out') });
    const manifest = parseSceneManifest({ ...result.scenes[0].manifest }, file);
    expect(manifest.frames.map((f) => f.pointClouds.points.pointCount)).toEqual([3, 3, 3]);
    expect(manifest.sensors.find((s) => s.sensorId === 'cam_image')).toMatchObject({ kind: 'camera', intrinsics: { fx: 10, width: IMAGE_WIDTH } });
    expect(manifest.frames[2].images.cam_image).toMatchObject({ width: IMAGE_WIDTH, height: IMAGE_HEIGHT });
    const image = await fs.readFile(path.join(manifest.dataRoot!, manifest.frames[2].images.cam_image.path));
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    expect(manifest.groundTruth.map((g) => [g.classId, g.trackId, g.cuboid.center[0], g.cuboid.frame])).toEqual([0, 1, 2].map(() => ['truck', 'truck-1', 6, 'points']));
  });
});
