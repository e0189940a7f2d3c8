import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMcap } from '../../import/robotics/testing/logWriters';
import { robotScenario } from '../../import/robotics/testing/robotScenario';
import { writeSqliteBag } from '../../import/robotics/testing/sqliteBagWriter';
import { TEST_CALL, testHosts } from './testing/testHosts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-robotics-calls-'));
let file: string;

beforeAll(async () => {
  mkdirSync(path.join(dir, 'logs'));
  file = path.join(dir, 'logs', 'drive.mcap');
  await writeMcap(file, 'ros2', robotScenario({ dialect: 'ros2' }));
});
afterAll(() => {
  hosts.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = TEST_CALL;

const hosts = testHosts(dir);
const services = () => hosts.host();

describe('robotics.topics and robotics.open', () => {
  it('lists the topics with their part, and the LiDAR and cameras an open would take', async () => {
    const listed = await services().handlers['robotics.topics']({ location: file }, ctx);
    expect(listed.format).toBe('mcap');
    expect(listed.logs).toHaveLength(1);
    const roles = Object.fromEntries(listed.logs[0].topics.map((t) => [t.topic, [t.role, t.count]]));
    expect(roles).toMatchObject({
      '/lidar/points': ['cloud', 5],
      '/camera/image/compressed': ['camera', 5],
      '/camera/camera_info': ['camera-info', 5],
      '/tf_static': ['tf', 1],
      '/markers': ['labels', 5],
      '/rosout': ['other', 1],
    });
    expect(listed.suggested).toEqual({ lidar: ['/lidar/points'], cameras: ['/camera/image/compressed'] });
  });

  it('opens the log in place with the picked topics only', async () => {
    const s = services();
    const result = await s.handlers['robotics.open']({ location: file, lidar: ['/lidar/points'], cameras: [] }, ctx);
    expect(result.scenes).toEqual([expect.objectContaining({ name: 'drive', frameCount: 5 })]);
    const { manifest } = await s.handlers['scene.open']({ sceneId: result.scenes[0].sceneId }, ctx);
    expect(manifest.sensors.map((x) => x.sensorId)).toEqual(['lidar_points']);
    expect(manifest.frames[0].images).toEqual({});
    expect(manifest.log?.files).toEqual([file]);
  });

  it('refuses a topic the log does not have, naming it', async () => {
    await expect(services().handlers['robotics.open']({ location: file, lidar: ['/velodyne_points'], cameras: [] }, ctx)).rejects.toThrow(/no topic \/velodyne_points/);
  });

  it('lists and opens a folder picked as a ROS 2 bag; refuses one that is not a bag, naming it', async () => {
    const s = services();
    const bag = path.join(dir, 'bag2');
    mkdirSync(bag);
    await writeMcap(path.join(bag, 'bag2_0.mcap'), 'ros2', robotScenario({ dialect: 'ros2' }));
    writeFileSync(path.join(bag, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  storage_identifier: mcap\n');
    const listed = await s.handlers['robotics.topics']({ location: bag, as: 'rosbag2' }, ctx);
    expect(listed.format).toBe('rosbag2');
    expect(listed.logs.map((l) => l.name)).toEqual(['bag2_0.mcap']);
    const opened = await s.handlers['robotics.open']({ location: bag, lidar: listed.suggested.lidar, cameras: listed.suggested.cameras }, ctx);
    expect(opened.scenes).toEqual([expect.objectContaining({ frameCount: 5 })]);
    const logs = path.join(dir, 'logs');
    await expect(s.handlers['robotics.topics']({ location: logs, as: 'rosbag2' }, ctx)).rejects.toThrow(`${logs}: not a ROS 2 bag: no metadata.yaml in the folder (it holds 1 log file: open the folder with Open instead)`);
    await expect(s.handlers['robotics.topics']({ location: file, as: 'rosbag2' }, ctx)).rejects.toThrow(`${file}: not a folder`);
    await expect(s.handlers['robotics.topics']({ location: path.join(dir, 'nowhere'), as: 'rosbag2' }, ctx)).rejects.toThrow(/nowhere: cannot read \(ENOENT\)/);
    const sqlite = path.join(dir, 'bag2-sqlite');
    mkdirSync(sqlite);
    writeFileSync(path.join(sqlite, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  storage_identifier: sqlite3\n');
    // Stored with sqlite3 (Humble's default): listed and opened in place, read through SQLite.
    writeSqliteBag(path.join(sqlite, 'bag2_0.db3'), robotScenario({ dialect: 'ros2' }), { definitions: false });
    const fromDb3 = await s.handlers['robotics.topics']({ location: sqlite, as: 'rosbag2' }, ctx);
    expect(fromDb3.logs.map((l) => l.name)).toEqual(['bag2_0.db3']);
    expect(fromDb3.suggested).toEqual(listed.suggested);
    const openedDb3 = await s.handlers['robotics.open']({ location: sqlite, lidar: fromDb3.suggested.lidar, cameras: fromDb3.suggested.cameras }, ctx);
    expect(openedDb3.scenes).toEqual([expect.objectContaining({ frameCount: 5 })]);
    const corrupt = path.join(dir, 'bag2-corrupt');
    mkdirSync(corrupt);
    writeFileSync(path.join(corrupt, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  storage_identifier: sqlite3\n');
    writeFileSync(path.join(corrupt, 'bag2_0.db3'), 'SQLite format 3\0');
    await expect(s.handlers['robotics.topics']({ location: corrupt, as: 'rosbag2' }, ctx)).rejects.toThrow(`${corrupt}: ${path.join(corrupt, 'bag2_0.db3')}: not a rosbag2 sqlite3 file`);
  });

  it('refuses a location that holds no log', async () => {
    await expect(services().handlers['robotics.topics']({ location: dir }, ctx)).rejects.toThrow(/no \.mcap or \.bag file in the folder/);
  });
});
