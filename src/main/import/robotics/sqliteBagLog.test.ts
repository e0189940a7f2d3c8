import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSceneManifest } from '../../../core/scene/manifest';
import { LogMessageStore } from '../../services/robotics/logMessageStore';
import { logFrames } from '../../services/robotics/logSceneStore';
import { fileSource } from '../../services/stores/fileSource';
import { openMcapLog } from './mcapLog';
import { importRobotics, listRobotTopics, openRobotLogs } from './roboticsFormats';
import type { LogMessage, RobotLog } from './robotLog';
import { standardRos2Definition } from './ros2Definitions';
import { writeMcap, type FixtureMessage } from './testing/logWriters';
import { fullDefinition } from './testing/rosDefinitions';
import { robotScenario } from './testing/robotScenario';
import { writeSqliteBag } from './testing/sqliteBagWriter';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cairn-db3-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ALL = ['/tf_static', '/tf', '/lidar/points', '/camera/image/compressed', '/camera/camera_info', '/markers', '/rosout'];
const STANDARD = ['/tf_static', '/tf', '/lidar/points', '/camera/image/compressed', '/camera/camera_info'];

/** A rosbag2 folder stored with sqlite3: metadata.yaml and the messages split over `splits` .db3 files in time order. */
async function db3Folder(messages: readonly FixtureMessage[], definitions: boolean, splits = 1): Promise<string> {
  const folder = path.join(dir, `bag-${definitions ? 'iron' : 'humble'}-${splits}`);
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, 'metadata.yaml'), `rosbag2_bagfile_information:\n  version: 5\n  storage_identifier: sqlite3\n  relative_file_paths:\n${Array.from({ length: splits }, (_, i) => `    - bag_${i}.db3`).join('\n')}\n`);
  const per = Math.ceil(messages.length / splits);
  // Named so that plain string order would put split 10 before split 2: the folder is read in split order.
  for (let i = 0; i < splits; i++) writeSqliteBag(path.join(folder, `bag_${i}.db3`), messages.slice(i * per, (i + 1) * per), { definitions });
  return folder;
}

async function all(log: RobotLog, topics: readonly string[]): Promise<LogMessage[]> {
  const out: LogMessage[] = [];
  for await (const m of log.read(topics)) out.push(m);
  return out;
}

async function withLog<T>(folder: string, run: (log: RobotLog) => Promise<T>): Promise<T> {
  const [log] = await openRobotLogs('rosbag2', folder);
  try {
    return await run(log);
  } finally {
    await log.close();
  }
}

async function mcapMessages(messages: readonly FixtureMessage[], topics: readonly string[]): Promise<LogMessage[]> {
  const file = path.join(dir, 'same.mcap');
  await writeMcap(file, 'ros2', messages);
  const log = await openMcapLog(fileSource(file));
  try {
    return await all(log, topics);
  } finally {
    await log.close();
  }
}

describe('rosbag2 sqlite3 (.db3) bags', () => {
  it('lists topics with their types (no "/msg/") and counts grouped in SQL', async () => {
    const folder = await db3Folder(robotScenario({ dialect: 'ros2' }), false);
    const text = await listRobotTopics('rosbag2', folder);
    expect(text).toMatch(/\/lidar\/points\s+sensor_msgs\/PointCloud2\s+cdr\s+5\n/);
    expect(text).toMatch(/\/camera\/camera_info\s+sensor_msgs\/CameraInfo\s+cdr\s+5\n/);
    expect(text).toMatch(/\/tf_static\s+tf2_msgs\/TFMessage\s+cdr\s+1\n/);
    await withLog(folder, async (log) => {
      expect(log.format).toBe('sqlite3');
      expect(log.topics.map((t) => t.topic).sort()).toEqual([...ALL].sort());
    });
  });

  it.each([true, false])('reads every message as the same recording stored as MCAP gives it (definitions in the bag: %s), over split files in order', async (definitions) => {
    const messages = robotScenario({ dialect: 'ros2', sweeps: 12 });
    const topics = definitions ? ALL : STANDARD;
    const expected = await mcapMessages(messages, topics);
    for (const splits of [1, 11]) {
      const folder = await db3Folder(messages, definitions, splits);
      await withLog(folder, async (log) => {
        expect(log.files.map((f) => path.basename(f))).toEqual(Array.from({ length: splits }, (_, i) => `bag_${i}.db3`));
        expect(await all(log, topics)).toEqual(expected);
        // A time range, inclusive at both ends, as MCAP reads give it.
        const range = { start: expected[7].logTime, end: expected[20].logTime };
        const inRange: LogMessage[] = [];
        for await (const m of log.read(topics, range)) inRange.push(m);
        expect(inRange).toEqual(expected.filter((m) => m.logTime >= range.start && m.logTime <= range.end));
        expect(log.undecodable).toEqual(new Map());
      });
    }
  });

  it('reads past a query page (of 256 rows) that ends between two messages of one timestamp, in order', async () => {
    const messages = robotScenario({ dialect: 'ros2', sweeps: 130 });
    const folder = await db3Folder(messages, false);
    // /tf_static, then each image with its CameraInfo at the same log time: rows 256 and 257 share one.
    const topics = ['/tf_static', '/camera/image/compressed', '/camera/camera_info'];
    await withLog(folder, async (log) => {
      const got = await all(log, topics);
      expect(got).toHaveLength(261);
      expect(got[255].logTime).toBe(got[256].logTime);
      expect(got.map((m) => [m.topic, m.logTime])).toEqual(messages.filter((m) => topics.includes(m.topic)).map((m) => [m.topic, m.logTime]));
    });
  });

  it('finds messages at exact (topic, time) pairs and lists message times through SQL', async () => {
    const messages = robotScenario({ dialect: 'ros2', sweeps: 20 });
    const folder = await db3Folder(messages, false, 2);
    await withLog(folder, async (log) => {
      const every = await all(log, STANDARD);
      const wanted = [...every].reverse().map((m) => ({ topic: m.topic, logTime: m.logTime }));
      const got = await log.readAt!([...wanted, { topic: '/lidar/points', logTime: 1n }, { topic: '/nope', logTime: every[0].logTime }]);
      expect(got.map((m) => m.wanted)).toEqual(wanted.map((_, i) => i));
      expect(got.map(({ topic, type, logTime, message }) => ({ topic, type, logTime, message }))).toEqual([...every].reverse());
      const times = await log.messageTimes!(['/lidar/points', '/camera/image/compressed', '/nope']);
      for (const topic of ['/lidar/points', '/camera/image/compressed']) expect(times.get(topic)).toEqual(messages.filter((m) => m.topic === topic).map((m) => m.logTime));
      expect(times.get('/lidar/points')).toHaveLength(20);
      expect(times.get('/nope')).toEqual([]);
      const aborted = new AbortController();
      aborted.abort(new Error('stepped on'));
      await expect(log.readAt!(wanted, aborted.signal)).rejects.toThrow('stepped on');
    });
  });

  it('lists a topic of a type it has no definition for as undecodable, with the reason, and never guesses', async () => {
    const folder = await db3Folder(robotScenario({ dialect: 'ros2' }), false);
    await withLog(folder, async (log) => {
      expect(log.topics.find((t) => t.topic === '/markers')).toMatchObject({ type: 'visualization_msgs/MarkerArray', count: 5 });
      expect(await all(log, ['/markers', '/rosout'])).toEqual([]);
      const [first] = (await log.messageTimes!(['/markers'])).get('/markers')!;
      expect(await log.readAt!([{ topic: '/markers', logTime: first }])).toEqual([]);
      const reason = 'no message definition in the bag, and not one of the standard types Cairn knows';
      expect(log.undecodable).toEqual(new Map([['/markers', reason], ['/rosout', reason]]));
    });
  });

  it('imports the same scene from a .db3 bag as from the MCAP of the same recording', async () => {
    const messages = robotScenario({ dialect: 'ros2' });
    const mcap = path.join(dir, 'same.mcap');
    await writeMcap(mcap, 'ros2', messages);
    const fromMcap = await importRobotics('mcap', mcap, { outDir: path.join(dir, 'out-mcap') });
    // Frame and object ids are derived from the scene's source, so they differ by storage; all else is the same.
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const comparable = (r: typeof fromMcap) => {
      const { sensors, frames, groundTruth } = r.scenes[0].manifest;
      const kept = { sensors, frames, groundTruth, notConverted: r.report.notConverted, errors: r.report.problems.filter((p) => p.severity === 'error') };
      return JSON.parse(JSON.stringify(kept, (_, v: unknown) => (typeof v === 'string' && uuid.test(v) ? 'id' : v))) as typeof kept;
    };
    const iron = await importRobotics('rosbag2', await db3Folder(messages, true), { outDir: path.join(dir, 'out-iron') });
    expect(comparable(iron)).toEqual(comparable(fromMcap));
    const cloud = (r: typeof fromMcap, out: string) => fs.readFile(path.join(dir, out, r.scenes[0].name, r.scenes[0].manifest.frames![2].pointClouds.lidar_points.path));
    expect(await cloud(iron, 'out-iron')).toEqual(await cloud(fromMcap, 'out-mcap'));
    // Humble stores no definitions: the standard types still decode; the markers (ground truth) cannot.
    const humble = await importRobotics('rosbag2', await db3Folder(messages, false), { outDir: path.join(dir, 'out-humble') });
    expect(comparable(humble).frames).toEqual(comparable(fromMcap).frames);
    expect(comparable(humble).sensors).toEqual(comparable(fromMcap).sensors);
    expect(comparable(humble).groundTruth).toEqual([]);
  });

  it('imports in place: the manifest names the .db3 files, read back through SQLite', async () => {
    const folder = await db3Folder(robotScenario({ dialect: 'ros2' }), false, 2);
    const result = await importRobotics('rosbag2', folder, { outDir: path.join(dir, 'out'), inPlace: true });
    expect(result.scenes[0].manifest.log).toEqual({ format: 'sqlite3', files: [0, 1].map((i) => path.join(folder, `bag_${i}.db3`)) });
    const manifest = parseSceneManifest({ ...result.scenes[0].manifest }, folder);
    expect(manifest.frames).toHaveLength(5);
    const store = new LogMessageStore('db3', 'local', folder, 'sqlite3', () => manifest.log!.files.map((f) => fileSource(f)), logFrames(manifest), { prefetch: false });
    const capture = manifest.frames[3].images.camera_image_compressed.path;
    const served = await store.serve(capture, null, 'GET');
    expect(served.status).toBe(200);
    const chunks: Buffer[] = [];
    for await (const c of served.body!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(1, 4).toString()).toBe('PNG');
    await store.close();
  });

  it('refuses a .db3 that is not SQLite, or lacks the rosbag2 tables, naming the file', async () => {
    const folder = await db3Folder(robotScenario({ dialect: 'ros2' }), false, 2);
    const second = path.join(folder, 'bag_1.db3');
    await fs.writeFile(second, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4000, 7)]));
    await expect(openRobotLogs('rosbag2', folder)).rejects.toThrow(new RegExp(`${second.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a rosbag2 sqlite3 file`));
    await fs.rm(second);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(second);
    db.exec('CREATE TABLE topics(id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    await expect(importRobotics('rosbag2', folder, { outDir: path.join(dir, 'out') })).rejects.toThrow(/bag_1\.db3: not a rosbag2 sqlite3 file: no messages table/);
  });

  it('refuses a recording compressed per message (zstd rows), saying why, and reads one whose metadata names no compression', async () => {
    const folder = await db3Folder(robotScenario({ dialect: 'ros2' }), false);
    const metadata = path.join(folder, 'metadata.yaml');
    await fs.writeFile(metadata, 'rosbag2_bagfile_information:\n  storage_identifier: sqlite3\n  compression_format: ""\n  compression_mode: ""\n');
    await withLog(folder, async (log) => expect(log.topics).toHaveLength(ALL.length));
    await fs.writeFile(metadata, 'rosbag2_bagfile_information:\n  compression_format:\n  compression_mode: FILE\n');
    await withLog(folder, async (log) => expect(log.topics).toHaveLength(ALL.length));
    await fs.writeFile(metadata, 'rosbag2_bagfile_information:\n  storage_identifier: sqlite3\n  compression_format: zstd\n  compression_mode: MESSAGE\n');
    await expect(openRobotLogs('rosbag2', folder)).rejects.toThrow(`${folder}: a rosbag2 sqlite3 recording compressed with zstd`);
  });

  it('holds the standard definitions as ROS 2 defines them (the test writers\' definitions decode the same)', () => {
    expect(standardRos2Definition('visualization_msgs/MarkerArray')).toBeNull();
    const camera = standardRos2Definition('sensor_msgs/CameraInfo')!;
    expect(camera.split('\n').slice(0, 11)).toEqual([
      'std_msgs/Header header',
      'uint32 height',
      'uint32 width',
      'string distortion_model',
      'float64[] d',
      'float64[9]  k',
      'float64[9]  r',
      'float64[12] p',
      'uint32 binning_x',
      'uint32 binning_y',
      'sensor_msgs/RegionOfInterest roi',
    ]);
    expect(camera).toContain('MSG: builtin_interfaces/Time\nint32 sec\nuint32 nanosec');
    expect(fullDefinition('nav_msgs/Odometry', 'ros2')).toContain('MSG: geometry_msgs/TwistWithCovariance');
    expect(standardRos2Definition('nav_msgs/Odometry')).toContain('MSG: geometry_msgs/TwistWithCovariance\ngeometry_msgs/Twist twist\nfloat64[36] covariance');
  });
});
