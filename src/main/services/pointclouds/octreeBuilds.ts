import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConvertWorkerData, ConvertWorkerMessage } from '../../workers/convertWorker';
import { newGate, releaseGate } from '../../workers/pauseGate';
import type { JobRunner } from '../jobs/jobRunner';
import type { OctreeBuilds } from './pointCloudService';

export interface OctreeBuildsOptions {
  /** Octrees go to `<cacheDir>/<cloudId>/`; a `.complete` marker says one finished. */
  readonly cacheDir: string;
  readonly jobs: JobRunner;
  /** The built worker script (out/main/convertWorker.js), or the TypeScript source in tests. */
  readonly workerFile: string;
  readonly workerExecArgv?: readonly string[];
  readonly memoryMb?: number;
  /** A preview octree of about this many points comes first for scans of at least previewMinPoints. */
  readonly previewPoints?: number;
  readonly previewMinPoints?: number;
  /**
   * Tests: each build's worker stops as this phase starts ('read', 'distribute', 'index', …)
   * until onPaused's `resume` is called or the job is cancelled, so a test acts on a build that
   * is surely running, whatever the machine's load.
   */
  readonly pauseAt?: { readonly phase: string; onPaused(jobId: string, resume: () => void): void };
}

const COMPLETE = '.complete';
const PREVIEW_POINTS = 1_000_000;
const PREVIEW_MIN_POINTS = 5_000_000;
const CANCEL_GRACE_MS = 2000;

/** Builds octrees for raw scans as cancellable jobs, each in a worker thread, into the workspace cache. */
export function createOctreeBuilds(options: OctreeBuildsOptions): OctreeBuilds {
  const inflight = new Map<string, string>();
  return {
    buildFor(file, cloudId, onReady, onFailed, onPreview) {
      const dir = path.join(options.cacheDir, cloudId);
      const previewDir = path.join(options.cacheDir, `${cloudId}.preview`);
      if (existsSync(path.join(dir, COMPLETE)) && existsSync(path.join(dir, 'metadata.json'))) return { readyDir: dir };
      const running = inflight.get(cloudId);
      if (running) return { jobId: running };
      const name = path.basename(file);
      const jobId = options.jobs.start(`Octree for ${name}`, async (ctx) => {
        try {
          await fs.rm(dir, { recursive: true, force: true });
          await fs.rm(previewDir, { recursive: true, force: true });
          await fs.mkdir(dir, { recursive: true });
          await fs.mkdir(previewDir, { recursive: true });
          const preview = { outDir: previewDir, maxPoints: options.previewPoints ?? PREVIEW_POINTS, minInputPoints: options.previewMinPoints ?? PREVIEW_MIN_POINTS };
          const result = await runWorker(
            options,
            { inputs: [file], outDir: dir, options: { memoryMb: options.memoryMb, tmpDir: dir, name, preview } },
            ctx,
            (previewOut) => onPreview?.(previewOut),
            jobId,
          );
          await fs.writeFile(path.join(dir, COMPLETE), `${new Date().toISOString()}\n`);
          await onReady(dir);
          await fs.rm(previewDir, { recursive: true, force: true });
          return { message: `${name}: ${result.points.toLocaleString('en-US')} points in ${result.seconds.toFixed(1)} s`, cloudId };
        } catch (e) {
          await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
          await fs.rm(previewDir, { recursive: true, force: true }).catch(() => undefined);
          onFailed(ctx.signal.aborted ? `${name}: cancelled` : (e as Error).message);
          throw e;
        } finally {
          inflight.delete(cloudId);
        }
      });
      inflight.set(cloudId, jobId);
      return { jobId };
    },
  };
}

function runWorker(
  options: OctreeBuildsOptions,
  data: ConvertWorkerData,
  ctx: { signal: AbortSignal; progress(phase: string, done: number, total: number): void },
  onPreview: (outDir: string) => void,
  jobId: string,
): Promise<{ points: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const pause = options.pauseAt;
    const gate = pause ? newGate() : null;
    const workerData: ConvertWorkerData = pause && gate ? { ...data, pauseAt: { phase: pause.phase, gate } } : data;
    const worker = new Worker(options.workerFile, { workerData, execArgv: [...(options.workerExecArgv ?? [])] });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      if (gate) releaseGate(gate, true);
      worker.postMessage({ type: 'cancel' });
      // A worker stuck in a long native call still stops: terminate it after a grace period.
      setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS).unref();
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: ConvertWorkerMessage) => {
      if (m.type === 'progress') ctx.progress(m.phase, m.done, m.total);
      else if (m.type === 'preview') onPreview(m.outDir);
      else if (m.type === 'paused') pause?.onPaused(jobId, () => gate && releaseGate(gate, false));
      else if (m.type === 'done') finish(() => resolve({ points: m.points, seconds: m.seconds }));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on('error', (e) => finish(() => reject(new Error(`the octree build crashed: ${e.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(ctx.signal.aborted ? 'cancelled' : `the octree build stopped (exit ${code})`))));
  });
}
