import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { policyAllowing } from '../access/testing/policyAllowing';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLas } from '../../../core/formats/testing/writeLas';
import { EventBus } from '../eventBus';
import { readPotree } from '../lod/testing/readPotree';
import { JobRunner } from '../jobs/jobRunner';
import { StoreRegistry } from '../stores/storeRegistry';
import { createOctreeBuilds } from './octreeBuilds';
import { PointCloudService, type PointCloudInfo } from './pointCloudService';

const WORKER = path.join(__dirname, '..', '..', 'testing', 'convertWorker.dev.cjs');
let dir: string;
let scan: string;
let corrupt: string;

/** A georeferenced terrain (UTM-sized coordinates), as an annotator's aerial tile would be. */
function terrain(n: number) {
  const points = [];
  for (let i = 0; i < n; i++) {
    const x = (i % 500) * 0.2;
    const y = Math.floor(i / 500) * 0.2;
    points.push({ x: 500_000 + x, y: 4_200_000 + y, z: 100 + Math.sin(x / 7) * 2 + Math.cos(y / 5), intensity: i % 4096, classification: i % 7 === 0 ? 5 : 2 });
  }
  return points;
}

function setup(preview: { previewPoints?: number; previewMinPoints?: number } = {}) {
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const finished: Array<{ status: string; message: string; cloudId?: string }> = [];
  const progress: string[] = [];
  events.subscribe((name, payload) => {
    if (name === 'job.finished') finished.push(payload as (typeof finished)[number]);
    if (name === 'job.progress') progress.push((payload as { phase: string }).phase);
  });
  const cacheDir = path.join(dir, `cache-${Math.random().toString(36).slice(2)}`);
  const builds = createOctreeBuilds({ cacheDir, jobs, workerFile: WORKER, memoryMb: 64, ...preview });
  const changed: PointCloudInfo[] = [];
  const stores = new StoreRegistry();
  const previewCopies: string[] = [];
  const clouds = new PointCloudService(stores, builds, {
    policy: policyAllowing(dir),
    onChange: (c) => {
      changed.push(c);
      // Kept aside: the preview's own files go once the full octree is in.
      const copy = path.join(dir, `preview-${previewCopies.length}-${Math.random().toString(36).slice(2)}`);
      cpSync(path.join(cacheDir, `${c.cloudId}.preview`), copy, { recursive: true });
      previewCopies.push(copy);
    },
  });
  const until = async (pred: () => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { events, jobs, clouds, finished, progress, cacheDir, until, changed, stores, previewCopies };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-builds-'));
  scan = path.join(dir, 'tile.las');
  writeFileSync(scan, writeLas({ version: '1.2', pdrf: 1, points: terrain(250_000), scale: [0.01, 0.01, 0.01], offset: [500_000, 4_200_000, 0] }));
  corrupt = path.join(dir, 'broken.las');
  const bytes = writeLas({ version: '1.2', pdrf: 1, points: terrain(1000) });
  writeFileSync(corrupt, bytes.subarray(0, bytes.length - 500));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('octree builds for opened scans', () => {
  it('builds in a worker with progress, then serves the octree; a second open reuses the cache', async () => {
    const { clouds, finished, progress, until, cacheDir } = setup();
    const first = await clouds.open(scan);
    expect(first.status).toBe('building');
    await until(() => finished.length === 1);
    expect(finished[0], finished[0].message).toMatchObject({ status: 'done', cloudId: first.cloudId });
    expect(progress).toContain('read');
    const ready = clouds.get(first.cloudId)!;
    expect(ready).toMatchObject({ status: 'ready', points: 250_000 });
    expect(ready.bounds!.min[0]).toBeCloseTo(500_000, 1);

    const again = new PointCloudService(new StoreRegistry(), createOctreeBuilds({ cacheDir, jobs: new JobRunner(new EventBus()), workerFile: WORKER }), { policy: policyAllowing(dir) });
    expect(await again.open(scan)).toMatchObject({ status: 'ready', cloudId: first.cloudId, points: 250_000 });
  });

  it('streams a preview of a large scan while the full octree builds, then replaces it', async () => {
    const { clouds, finished, until, cacheDir, changed, stores, previewCopies } = setup({ previewPoints: 20_000, previewMinPoints: 100_000 });
    const info = await clouds.open(scan);
    await until(() => finished.length === 1);
    expect(finished[0].status, finished[0].message).toBe('done');
    expect(changed).toHaveLength(1);
    const preview = changed[0];
    expect(preview).toMatchObject({ cloudId: info.cloudId, status: 'building', preview: true, storeId: `${info.cloudId}-preview`, jobId: info.jobId });
    expect(preview.points).toBeGreaterThan(10_000);
    expect(preview.points).toBeLessThanOrEqual(20_000);
    const full = clouds.get(info.cloudId)!;
    expect(full).toMatchObject({ status: 'ready', points: 250_000 });
    expect(full.preview).toBeUndefined();
    // The preview spans the scan, not its first rows: its deeper nodes cover the whole tile.
    const octree = readPotree(previewCopies[0]);
    expect(octree.nodes.reduce((n, node) => n + node.numPoints, 0)).toBe(preview.points);
    const depth = Math.max(...octree.nodes.map((node) => node.level));
    expect(depth).toBeGreaterThanOrEqual(1);
    const deep = octree.nodes.filter((node) => node.level === depth && node.numPoints > 0);
    for (const k of [0, 1]) {
      const lo = Math.min(...deep.map((node) => node.min[k]));
      const hi = Math.max(...deep.map((node) => node.max[k]));
      const extent = full.bounds!.max[k] - full.bounds!.min[k];
      expect((Math.min(hi, full.bounds!.max[k]) - Math.max(lo, full.bounds!.min[k])) / extent, `axis ${k}`).toBeGreaterThan(0.8);
    }
    // Once the full octree is there, the preview's files go.
    expect(readdirSync(cacheDir)).toEqual([info.cloudId]);
    expect(stores.get(`${info.cloudId}-preview`)).toBeDefined();
  });

  it('reports a corrupt scan as a failed job naming the file, and keeps nothing half-built', async () => {
    const { clouds, finished, until, cacheDir } = setup();
    const info = await clouds.open(corrupt);
    await until(() => finished.length === 1);
    expect(finished[0].status).toBe('failed');
    // The reader's own words, naming the file and where it ends: not a crash of the worker.
    expect(finished[0].message).toMatch(/broken\.las.*(truncat|byte|end of file)/i);
    expect(finished[0].message).not.toContain('crashed');
    expect(clouds.get(info.cloudId)).toMatchObject({ status: 'failed' });
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});
