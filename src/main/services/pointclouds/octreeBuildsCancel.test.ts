import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLas } from '../../../core/formats/testing/writeLas';
import { EventBus } from '../eventBus';
import { JobRunner } from '../jobs/jobRunner';
import { createOctreeBuilds, type OctreeBuildsOptions } from './octreeBuilds';

const WORKER = path.join(__dirname, '..', '..', 'testing', 'convertWorker.dev.cjs');
let dir: string;
let scan: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-build-cancel-'));
  scan = path.join(dir, 'tile.las');
  const points = Array.from({ length: 50_000 }, (_, i) => ({ x: (i % 250) * 0.2, y: Math.floor(i / 250) * 0.2, z: Math.sin(i / 50), intensity: i % 4096 }));
  writeFileSync(scan, writeLas({ version: '1.2', pdrf: 1, points, scale: [0.01, 0.01, 0.01] }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One build of the scan whose worker stops as `phase` starts and hands the test the job. */
function pausedBuild(phase: string, atPause: (jobId: string, resume: () => void, jobs: JobRunner, cacheDir: string) => void) {
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const cacheDir = path.join(dir, `cache-${phase}-${Math.random().toString(36).slice(2)}`);
  const finished = new Promise<{ status: string; message: string }>((resolve) =>
    events.subscribe((name, payload) => {
      if (name === 'job.finished') resolve(payload as { status: string; message: string });
    }),
  );
  const pauseAt: OctreeBuildsOptions['pauseAt'] = { phase, onPaused: (jobId, resume) => atPause(jobId, resume, jobs, cacheDir) };
  const builds = createOctreeBuilds({ cacheDir, jobs, workerFile: WORKER, memoryMb: 64, pauseAt });
  const failures: string[] = [];
  const ready: string[] = [];
  const started = builds.buildFor(
    scan,
    'tile',
    async (outDir) => void ready.push(outDir),
    (message) => failures.push(message),
  );
  return { started, finished, failures, ready, cacheDir };
}

describe('cancelling an octree build', () => {
  // The worker waits at the phase until the test answers, so the build is surely running when
  // it is cancelled and cannot finish first, however loaded the machine is.
  for (const phase of ['read', 'index']) {
    it(`stops a build paused as ${phase} starts, and removes its files`, async () => {
      let pausedJob: string | null = null;
      let buildFolderWhilePaused = false;
      const { started, finished, failures, ready, cacheDir } = pausedBuild(phase, (jobId, _resume, jobs, cache) => {
        pausedJob = jobId;
        buildFolderWhilePaused = existsSync(path.join(cache, 'tile'));
        expect(jobs.cancel(jobId)).toBe(true);
      });
      const outcome = await finished;
      expect('jobId' in started && pausedJob === started.jobId).toBe(true);
      expect(buildFolderWhilePaused).toBe(true);
      expect(outcome.status).toBe('cancelled');
      expect(failures).toEqual(['tile.las: cancelled']);
      expect(ready).toEqual([]);
      expect(readdirSync(cacheDir)).toEqual([]);
    });
  }

  it('goes on to the end when the paused build is resumed', async () => {
    const phases: string[] = [];
    const { finished, ready, cacheDir } = pausedBuild('distribute', (_jobId, resume) => {
      phases.push('distribute');
      resume();
    });
    const outcome = await finished;
    expect(outcome.status, outcome.message).toBe('done');
    expect(phases).toEqual(['distribute']);
    expect(ready).toEqual([path.join(cacheDir, 'tile')]);
    expect(readdirSync(path.join(cacheDir, 'tile')).sort()).toEqual(['.complete', 'hierarchy.bin', 'metadata.json', 'octree.bin']);
  });
});
