/**
 * Opening a large raw scan in the app: time until a preview octree can stream, against the time
 * until the full octree is ready, through the same job and worker the app uses.
 *
 *   npm run build && npx tsx bench/lod/preview.bench.ts [--las /tmp/cairn-bench/20M.las] [--preview-points 1000000]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { policyAllowing } from '../../src/main/services/access/testing/policyAllowing';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../../src/main/services/eventBus';
import { JobRunner } from '../../src/main/services/jobs/jobRunner';
import { createOctreeBuilds } from '../../src/main/services/pointclouds/octreeBuilds';
import { PointCloudService } from '../../src/main/services/pointclouds/pointCloudService';
import { StoreRegistry } from '../../src/main/services/stores/storeRegistry';
import { arg, numArg } from '../stream/common';

async function main() {
  const las = path.resolve(arg('las', '/tmp/cairn-bench/20M.las') as string);
  const previewPoints = numArg('preview-points', 1_000_000);
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-preview-'));
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const worker = path.resolve(__dirname, '..', '..', 'out', 'main', 'convertWorker.js');
  statSync(worker);
  const builds = createOctreeBuilds({ cacheDir, jobs, workerFile: worker, previewPoints });
  let previewAt = 0;
  let previewPointsGot = 0;
  const started = performance.now();
  const clouds = new PointCloudService(new StoreRegistry(), builds, {
    policy: policyAllowing(las),
    onChange: (c) => {
      previewAt = performance.now() - started;
      previewPointsGot = c.points ?? 0;
    },
  });
  const done = new Promise<{ status: string; message: string }>((resolve) => events.subscribe((name, p) => name === 'job.finished' && resolve(p as { status: string; message: string })));
  const info = await clouds.open(las);
  const finished = await done;
  const fullAt = performance.now() - started;
  const full = clouds.get(info.cloudId);
  console.log(`${path.basename(las)} (${(statSync(las).size / 1e6).toFixed(0)} MB, ${full?.points?.toLocaleString('en-US')} points), opened as the app does (worker, job, cache):`);
  console.log(`  preview streamable after ${(previewAt / 1000).toFixed(2)} s (${previewPointsGot.toLocaleString('en-US')} points)`);
  console.log(`  full octree ready after  ${(fullAt / 1000).toFixed(2)} s (${finished.status}: ${finished.message})`);
  console.log(`  preview / full: ${(previewAt / fullAt).toFixed(3)}`);
  rmSync(cacheDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
