import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { policyAllowing } from '../access/testing/policyAllowing';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../stores/localStore';
import { StoreRegistry } from '../stores/storeRegistry';
import { PointCloudService } from './pointCloudService';
import { octreeFrameId } from '../../../core/segmentation/octreePointOrder';
import { writeFourPointOctree } from '../../testing/potreeFixture';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';

let dir: string;
let octree: string;
let server: LoopbackServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-clouds-'));
  octree = path.join(dir, 'four');
  writeFourPointOctree(octree);
  writeFileSync(path.join(dir, 'scan.las'), 'not really a scan');
  mkdirSync(path.join(dir, 'empty'));
  const served = new LocalStore('served', dir);
  server = await startLoopbackServer((req) =>
    served.serve(decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1)), req.headers.range, req.method ?? 'GET'),
  );
  base = server.base;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PointCloudService', () => {
  it('opens a local octree folder (or its metadata.json) and serves its files through a store', async () => {
    const stores = new StoreRegistry();
    const clouds = new PointCloudService(stores, null, { policy: policyAllowing(dir, base) });
    const info = await clouds.open(octree);
    expect(info).toMatchObject({ status: 'ready', name: 'four', points: 4, projection: 'EPSG:32633', bounds: { max: [1004, 2002.5, 3.5] } });
    expect(await clouds.open(path.join(octree, 'metadata.json'))).toMatchObject({ cloudId: info.cloudId });
    const out = await stores.serve(info.storeId!, 'octree.bin', 'bytes=14-27', 'GET');
    expect(out.status).toBe(206);
    expect(clouds.list()).toHaveLength(1);
  });

  it('names the label frame of each octree opened, from its hierarchy.bin, local or behind HTTP', async () => {
    const stores = new StoreRegistry();
    const clouds = new PointCloudService(stores, null, { policy: policyAllowing(dir, base) });
    expect(await clouds.labelFrameIds()).toEqual(new Set());
    await clouds.open(octree);
    const expected = octreeFrameId(createHash('sha1').update(readFileSync(path.join(octree, 'hierarchy.bin'))).digest('hex'), 4);
    expect(await clouds.labelFrameIds()).toEqual(new Set([expected]));
    const overHttp = new PointCloudService(new StoreRegistry(), null, { policy: policyAllowing(dir, base) });
    await overHttp.open(`${base}/four/metadata.json`);
    expect(await overHttp.labelFrameIds()).toEqual(new Set([expected]));
  });

  it('opens an octree behind HTTP, proxying range requests', async () => {
    const stores = new StoreRegistry();
    const clouds = new PointCloudService(stores, null, { policy: policyAllowing(dir, base) });
    const info = await clouds.open(`${base}/four/metadata.json`);
    expect(info).toMatchObject({ status: 'ready', points: 4 });
    const out = await stores.serve(info.storeId!, 'octree.bin', 'bytes=14-27', 'GET');
    expect(out.status).toBe(206);
    expect(out.headers['Content-Range']).toBe('bytes 14-27/56');
    const chunks: Buffer[] = [];
    for await (const c of out.body!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).readInt32LE(0)).toBe(150);
    expect((await stores.serve(info.storeId!, '../scan.las', null, 'GET')).status).toBe(404);
  });

  it('says clearly what is wrong with a location', async () => {
    const clouds = new PointCloudService(new StoreRegistry(), null, { policy: policyAllowing(dir, base) });
    await expect(clouds.open(path.join(dir, 'missing.laz'))).rejects.toThrow('missing.laz: no such file or folder');
    await expect(clouds.open(path.join(dir, 'empty'))).rejects.toThrow('not a Potree 2.0 octree');
    await expect(clouds.open('ftp://example.com/x')).rejects.toThrow('unsupported location');
    await expect(clouds.open('s3://Not_A Bucket/x/')).rejects.toThrow('s3://Not_A Bucket/x/: "Not_A Bucket" is not a valid bucket name');
    await expect(clouds.open(`${base}/nothing/`)).rejects.toThrow('404');
    await expect(clouds.open(path.join(dir, 'scan.las'))).rejects.toThrow('not available');
  });
});
