import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFixtureResources } from '../../testing/fixtureResources';
import { writeKittiObjectFixture } from '../../testing/datasets/kittiObjectFixture';
import { writeKittiTrackingFixture } from '../../testing/datasets/kittiTrackingFixture';
import { writeNuScenesFixture } from '../../testing/datasets/nuScenesFixture';
import { createAppServices, type AppServices } from '../appServices';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-open-raw-'));
const opened: AppServices[] = [];
afterAll(() => {
  for (const s of opened) s.close();
  rmSync(dir, { recursive: true, force: true });
});

function services(): AppServices {
  const fixture = makeFixtureResources();
  const s = createAppServices({ workspaceDir: mkdtempSync(path.join(dir, 'ws-')), resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0' });
  opened.push(s);
  return s;
}

const ctx = { transport: 'test' } as const;

describe('Open… on a raw dataset folder', () => {
  it.each([
    ['KITTI object', (d: string) => writeKittiObjectFixture(d).root, 'training'],
    ['KITTI tracking', (d: string) => writeKittiTrackingFixture(d).root, '0000'],
    ['nuScenes tables', (d: string) => writeNuScenesFixture(d).root, 'scene-0001'],
  ])('imports a %s folder in place and opens its scenes, serving the data where it lies', async (_what, write, sceneName) => {
    const root = write(mkdtempSync(path.join(dir, 'data-')));
    const s = services();
    const result = await s.handlers['location.open']({ location: root }, ctx);
    expect(result.kind).toBe('scenes');
    if (result.kind !== 'scenes') return;
    expect(result.scenes.map((x) => x.name)).toContain(sceneName);
    const { storeId, manifest } = await s.handlers['scene.open']({ sceneId: result.scenes[0].sceneId }, ctx);
    const first = Object.values(manifest.frames[0].pointClouds)[0];
    expect((await s.stores.serve(storeId, first.path, 'bytes=0-15', 'GET')).status).toBe(206);
  });

  it('leaves a folder that is no dataset to the point-cloud path, which says what it expected', async () => {
    const empty = path.join(dir, 'nothing');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'notes.txt'), 'x');
    await expect(services().handlers['location.open']({ location: empty }, ctx)).rejects.toThrow(/nothing Cairn can open here: .*not a KITTI, nuScenes or COLMAP layout/);
  });
});
