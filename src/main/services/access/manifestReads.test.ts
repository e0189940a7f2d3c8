import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract';
import { makeFixtureResources } from '../../testing/fixtureResources';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';
import { createAppServices, type AppServices } from '../appServices';
import { fileResponse } from '../stores/fileResponse';
import { addAllowedRoot } from './allowedRootsFile';
import type { HostMode } from './locationPolicy';

/**
 * A dataset never decides what the host reads: manifests naming a dataRoot outside what the user
 * opened (an absolute folder, `..`, another host, another loopback port) are refused, through the
 * same calls the app makes.
 */
const SCENE = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CANARY = 'CANARY-7f3a-do-not-serve';

let root: string;
let site: LoopbackServer;
let other: LoopbackServer;
let otherHits = 0;
const services: AppServices[] = [];

function manifest(n: number, dataRoot?: string): string {
  return JSON.stringify({
    format: 'cairn.scene',
    version: 1,
    sceneId: SCENE(n),
    name: `scene ${n}`,
    ...(dataRoot === undefined ? {} : { dataRoot }),
    sensors: [{ sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] } }],
    frames: [
      {
        frameId: SCENE(100 + n),
        index: 0,
        timestamp: 0,
        worldFromEgo: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] },
        pointClouds: { lidar: { path: 'secret.txt', encoding: 'kitti-bin-xyzi' } },
      },
    ],
  });
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function start(mode: HostMode = 'desktop', workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-ws-'))): AppServices {
  const fixture = makeFixtureResources();
  const s = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0', mode });
  services.push(s);
  return s;
}

async function refusal(p: Promise<unknown>): Promise<ContractError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractError);
  return e as ContractError;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cairn-manifest-reads-'));
  write(path.join(root, 'canary', 'secret.txt'), CANARY);
  write(path.join(root, 'site', 'ok', 'scene.json'), manifest(1));
  write(path.join(root, 'site', 'ok', 'secret.txt'), 'fine');
  write(path.join(root, 'site', 'absolute', 'scene.json'), manifest(2, path.join(root, 'canary')));
  write(path.join(root, 'site', 'climb', 'scene.json'), manifest(3, '../../canary'));
  write(path.join(root, 'site', 'otherport', 'scene.json'), manifest(4, 'http://127.0.0.1:1/'));
  write(path.join(root, 'site', 'otherhost', 'scene.json'), manifest(5, 'http://example.invalid/data/'));
  write(path.join(root, 'site', 'bucket', 'scene.json'), manifest(6, 's3://some-bucket/data/'));
  write(
    path.join(root, 'site', 'dataset', 'dataset.json'),
    JSON.stringify({ format: 'cairn.dataset', version: 1, name: 'd', scenes: [{ name: 'x', manifest: '../../canary/scene.json' }] }),
  );
  write(path.join(root, 'canary', 'scene.json'), manifest(7));
  site = await startLoopbackServer(async (req) => fileResponse(path.join(root, decodeURIComponent(new URL(req.url!, 'http://x').pathname)), req.headers.range, req.method));
  other = await startLoopbackServer(async () => {
    otherHits++;
    return { status: 404, headers: {} };
  });
  for (const dir of ['otherport']) write(path.join(root, 'site', dir, 'scene.json'), manifest(4, `${other.base}/`));
});

afterAll(async () => {
  for (const s of services) s.close();
  await site.close();
  await other.close();
  rmSync(root, { recursive: true, force: true });
});

describe("a manifest's dataRoot", () => {
  it('opens a remote manifest whose files lie beside it', async () => {
    const s = start();
    const opened = await s.handlers['location.open']({ location: `${site.base}/site/ok/scene.json` }, { transport: 'test' });
    expect(opened.kind).toBe('scenes');
  });

  it.each([
    ['an absolute local folder', 'absolute'],
    ['a relative path that climbs out of the opened folder', 'climb'],
    ['another loopback port', 'otherport'],
    ['another host', 'otherhost'],
    ['a bucket', 'bucket'],
  ])('naming %s is refused, naming the manifest and the location', async (_what, dir) => {
    const s = start();
    const location = `${site.base}/site/${dir}/scene.json`;
    const e = await refusal(s.handlers['location.open']({ location }, { transport: 'test' }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain(`${location}: dataRoot`);
    expect(e.message).toContain('lies outside the locations opened in Cairn');
    await expect(s.handlers['scene.list']({}, { transport: 'test' })).resolves.toHaveLength(1);
  });

  it('is refused the same way for a local manifest: `..` and absolute paths out of the opened folder', async () => {
    const s = start();
    for (const dir of ['absolute', 'climb']) {
      const location = path.join(root, 'site', dir);
      const e = await refusal(s.handlers['location.open']({ location }, { transport: 'test' }));
      expect(e.code).toBe('forbidden');
      expect(e.message).toContain(path.join(location, 'scene.json'));
    }
  });

  it("does not follow a dataset's scene list out of its folder", async () => {
    const s = start();
    const e = await refusal(s.handlers['location.open']({ location: `${site.base}/site/dataset/` }, { transport: 'test' }));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('scenes.0.manifest: must be a relative path inside the store');
  });

  it('never contacted the other loopback port', () => {
    expect(otherHits).toBe(0);
  });

  it('is read where the user allowed it: the workspace list that `cairn import` and `--allow` write', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-ws-'));
    addAllowedRoot(workspace, path.join(root, 'canary'), 'cairn import');
    const s = start('desktop', workspace);
    const opened = await s.handlers['location.open']({ location: path.join(root, 'site', 'absolute') }, { transport: 'test' });
    expect(opened.kind).toBe('scenes');
  });
});

describe('reviewer mode', () => {
  it('refuses Open, point clouds and edits, and serves what it was started with', async () => {
    const s = start('reviewer');
    await s.openAtStart(path.join(root, 'site', 'ok'));
    expect((await s.handlers['scene.list']({}, { transport: 'test' })).map((x) => x.name)).toContain('scene 1');
    for (const call of ['location.open', 'pointcloud.open'] as const) {
      const e = await refusal(s.handlers[call]({ location: path.join(root, 'site', 'ok') }, { transport: 'test' }));
      expect(e.code).toBe('forbidden');
      expect(e.message).toContain('reviewer mode');
    }
    const { storeId } = await s.handlers['scene.open']({ sceneId: SCENE(1) }, { transport: 'test' });
    expect((await s.stores.serve(storeId, 'secret.txt', null, 'GET')).status).toBe(200);
    expect(s.permissions.canEditAnnotations).toBe(false);
  });
});
