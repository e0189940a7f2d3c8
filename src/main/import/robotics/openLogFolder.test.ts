import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../services/appServices';
import { makeFixtureResources } from '../../testing/fixtureResources';
import { writeMcap, writeRosbag } from './testing/logWriters';
import { robotScenario } from './testing/robotScenario';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-open-log-'));
const opened: AppServices[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = { transport: 'test' } as const;

describe('Open… on a folder of robotics logs', () => {
  it.each([
    ['MCAP', (d: string) => writeMcap(path.join(d, 'drive.mcap'), 'ros2', robotScenario({ dialect: 'ros2' }))],
    ['ROS 1 bag', (d: string) => writeRosbag(path.join(d, 'drive.bag'), robotScenario({ dialect: 'ros1' }))],
  ])('opens a folder holding a %s in place, serving its sweeps and images read from the log', async (_what, write) => {
    const root = mkdtempSync(path.join(dir, 'data-'));
    await write(root);
    const fixture = makeFixtureResources();
    const s = createAppServices({ workspaceDir: mkdtempSync(path.join(dir, 'ws-')), resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0' });
    opened.push(s);
    const result = await s.handlers['location.open']({ location: root }, ctx);
    expect(result.kind).toBe('scenes');
    if (result.kind !== 'scenes') return;
    expect(result.scenes.map((x) => x.name)).toEqual(['drive']);
    const { storeId, manifest } = await s.handlers['scene.open']({ sceneId: result.scenes[0].sceneId }, ctx);
    expect(manifest.frames).toHaveLength(5);
    expect(manifest.log?.files).toEqual([path.join(root, path.basename(manifest.log!.files[0]))]);
    const cloud = manifest.frames[0].pointClouds.lidar_points;
    const head = await s.stores.serve(storeId, cloud.path, 'bytes=0-15', 'GET');
    expect(head.status).toBe(206);
    expect(Buffer.concat(await head.body!.toArray()).toString()).toBe('# .PCD v0.7 - wr');
    const image = await s.stores.serve(storeId, Object.values(manifest.frames[0].images)[0].path, 'bytes=1-3', 'GET');
    expect(Buffer.concat(await image.body!.toArray()).toString()).toBe('PNG');
  });
});
