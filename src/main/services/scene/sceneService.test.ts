import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ContractError } from '../../../shared/contract';
import { policyAllowing } from '../access/testing/policyAllowing';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SceneManifestInput } from '../../../core/scene/manifest';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';
import { LocalStore } from '../stores/localStore';
import { StoreFactory } from '../stores/storeFactory';
import { StoreRegistry } from '../stores/storeRegistry';
import { readOpenLabel } from '../../../core/scenegraph';
import { openLabelExample } from '../../../core/scenegraph/testing/openLabelExample';
import { SceneService } from './sceneService';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function manifest(sceneId: string, name: string, extra: Partial<SceneManifestInput> = {}): SceneManifestInput {
  return {
    format: 'cairn.scene',
    version: 1,
    sceneId,
    name,
    sensors: [{ sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] } }],
    frames: [
      {
        frameId: id(100 + Number(sceneId.slice(-2))),
        index: 0,
        timestamp: 0,
        worldFromEgo: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] },
        pointClouds: { lidar: { path: 'velodyne/000000.bin', encoding: 'kitti-bin-xyzi', pointCount: 2 } },
      },
    ],
    ...extra,
  };
}

describe('SceneService.openLocation', () => {
  let root: string;
  let data: string;
  let server: LoopbackServer;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'cairn-scenes-'));
    data = path.join(root, 'raw');
    mkdirSync(path.join(data, 'velodyne'), { recursive: true });
    writeFileSync(path.join(data, 'velodyne', '000000.bin'), new Uint8Array(new Float32Array([1, 2, 3, 0.5, 4, 5, 6, 0.25]).buffer));
    const out = path.join(root, 'imported');
    for (const [n, name] of [
      [1, 'good'],
      [2, 'broken'],
    ] as const) {
      mkdirSync(path.join(out, name), { recursive: true });
      const m = manifest(id(n), name, { dataRoot: data });
      writeFileSync(path.join(out, name, 'scene.json'), JSON.stringify(n === 2 ? { ...m, frames: [{ ...m.frames![0], pointClouds: { radar: m.frames![0].pointClouds.lidar } }] } : m));
    }
    writeFileSync(
      path.join(out, 'dataset.json'),
      JSON.stringify({ format: 'cairn.dataset', version: 1, name: 'two', scenes: [{ name: 'good', manifest: 'good/scene.json' }, { name: 'broken', manifest: 'broken/scene.json' }] }),
    );
    mkdirSync(path.join(root, 'plain', 'velodyne'), { recursive: true });
    writeFileSync(path.join(root, 'plain', 'scene.json'), JSON.stringify(manifest(id(3), 'plain')));
    writeFileSync(path.join(root, 'plain', 'velodyne', '000000.bin'), readFileSync(path.join(data, 'velodyne', '000000.bin')));
    writeFileSync(path.join(root, 'not-json.json'), '{ nope');
    server = await startLoopbackServer(async (req) => {
      const { fileResponse } = await import('../stores/fileResponse');
      const file = path.join(root, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
      return fileResponse(file, req.headers.range, req.method ?? 'GET');
    });
  });

  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const service = () => {
    const stores = new StoreRegistry();
    const policy = policyAllowing(root, server.base);
    return { stores, scenes: new SceneService(stores, new StoreFactory(policy), policy) };
  };

  it('opens a dataset folder, serves each scene from its dataRoot, and lists the scene it could not open', async () => {
    const { stores, scenes } = service();
    const result = await scenes.openLocation(path.join(root, 'imported'));
    expect(result.scenes.map((s) => s.name)).toEqual(['good']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/broken[/\\]scene\.json: frame 0 refers to unknown sensor "radar"/);
    const { storeId, manifest: m } = scenes.open(id(1));
    const store = stores.get(storeId) as LocalStore;
    expect(store.label).toBe(data);
    expect(await store.source(m.frames[0].pointClouds.lidar.path)!.size()).toBe(32);
  });

  it('opens a scene manifest over HTTP, its files served from the same folder', async () => {
    const { stores, scenes } = service();
    expect(await scenes.isSceneLocation(`${server.base}/plain/`)).toBe(true);
    const result = await scenes.openLocation(`${server.base}/plain/scene.json`);
    expect(result.scenes[0]).toMatchObject({ name: 'plain', frameCount: 1, kind: 'sequence' });
    const { storeId } = scenes.open(id(3));
    const bytes = await stores.get(storeId)!.source('velodyne/000000.bin')!.read(0, 4);
    expect(new Float32Array(bytes.slice().buffer)[0]).toBe(1);
  });

  it('joins an OpenLABEL file named by the manifest: its cuboids as ground truth, its relations as the scene graph', async () => {
    const dir = path.join(root, 'with-openlabel');
    mkdirSync(path.join(dir, 'labels'), { recursive: true });
    const base = manifest(id(4), 'openlabel');
    const frames = [0, 1, 2].map((i) => ({ ...base.frames![0], frameId: id(400 + i), index: i, timestamp: i * 0.1 }));
    writeFileSync(path.join(dir, 'scene.json'), JSON.stringify({ ...base, frames, openLabel: { path: 'labels/openlabel.json', frameNames: { velodyne: 'lidar' } } }));
    writeFileSync(path.join(dir, 'labels', 'openlabel.json'), JSON.stringify(openLabelExample()));
    const { scenes } = service();
    const result = await scenes.openLocation(dir);
    const m = scenes.open(id(4)).manifest;
    const doc = readOpenLabel(openLabelExample(), 'x', { idNamespace: id(4), frameNames: { velodyne: 'lidar' } });
    const inScene = doc.cuboids.filter((c) => c.frameIndex < 3);
    expect(m.groundTruth).toHaveLength(inScene.length);
    expect(m.groundTruth.filter((g) => g.cuboid.frame === 'lidar').length).toBeGreaterThan(0);
    expect(m.relations).toHaveLength(doc.relations.length);
    // Frame 3 of the document has no frame here; the action has no place in Cairn: both said.
    expect(result.problems.join('\n')).toMatch(/openlabel\.json: \d+ cuboid\(s\) in frames this scene does not have \(it has 3\)/);
    expect(result.problems.join('\n')).toMatch(/not converted: .*action/);

    writeFileSync(path.join(dir, 'labels', 'openlabel.json'), '{"openlabel": {"objects": {"0": {"type": 5}}}}');
    await expect(service().scenes.openLocation(dir)).rejects.toThrow(/labels\/openlabel\.json/);
  });

  it('says what is wrong with a location that holds no scene, or a broken manifest', async () => {
    const { scenes } = service();
    expect(await scenes.isSceneLocation(path.join(root, 'raw'))).toBe(false);
    await expect(scenes.openLocation(path.join(root, 'raw'))).rejects.toThrow(/raw: no scene\.json or dataset\.json there/);
    await expect(scenes.openLocation(path.join(root, 'not-json.json'))).rejects.toThrow(/not-json\.json: is not valid JSON \(line 1, column 3\)/);
    await expect(scenes.openLocation(path.join(root, 'imported', 'broken', 'scene.json'))).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(scenes.openLocation('ftp://example.com/scene.json')).rejects.toThrow(/unsupported location/);
  });

  it('refuses at open a scene too large to send as one message, naming it and saying what to do', async () => {
    const dir = path.join(root, 'long');
    const one = manifest(id(9), 'long');
    const frames = Array.from({ length: 400 }, (_, i) => ({ ...one.frames![0], frameId: id(9000 + i), index: i, timestamp: i * 0.1 }));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'scene.json'), JSON.stringify({ ...one, frames }));
    const stores = new StoreRegistry();
    const policy = policyAllowing(root);
    const small = new SceneService(stores, new StoreFactory(policy), policy, 64 << 10);
    const e = (await small.openLocation(dir).catch((err: unknown) => err)) as ContractError;
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/long[/\\]scene\.json: the scene is 0\.\d MiB as one message \(400 frames\), more than Cairn sends at once \(0\.1 MiB\); split the sequence/);
    expect(small.has(id(9))).toBe(false);
    expect((await service().scenes.openLocation(dir)).scenes[0].frameCount).toBe(400);
  });
});
