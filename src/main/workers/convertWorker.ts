import { parentPort, workerData } from 'node:worker_threads';
import { convertScans, type ConvertOptions } from '../services/pointclouds/convertScan';
import { waitAtGate, type PauseAt } from './pauseGate';

/**
 * Builds one octree off the host's main thread. A decoder failing hard on corrupt data takes
 * down this worker, not the host; the job reports it as a failed build.
 */
export interface ConvertWorkerData {
  readonly inputs: readonly string[];
  readonly outDir: string;
  readonly options: ConvertOptions;
  /** Tests: stop as this phase starts (posting 'paused') until the host answers through the gate. */
  readonly pauseAt?: PauseAt;
}

export type ConvertWorkerMessage =
  | { readonly type: 'progress'; readonly phase: string; readonly done: number; readonly total: number }
  | { readonly type: 'preview'; readonly outDir: string; readonly points: number }
  | { readonly type: 'paused'; readonly phase: string }
  | { readonly type: 'done'; readonly points: number; readonly nodes: number; readonly seconds: number }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('convertWorker runs as a worker thread');
const { inputs, outDir, options, pauseAt } = workerData as ConvertWorkerData;
const controller = new AbortController();
port.on('message', (m: { type?: string }) => {
  if (m?.type === 'cancel') controller.abort();
});
const post = (m: ConvertWorkerMessage) => port.postMessage(m);
convertScans(inputs, outDir, options, {
  signal: controller.signal,
  progress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
  onPreview: (dir, points) => post({ type: 'preview', outDir: dir, points }),
  onPhase: (phase) => {
    if (phase !== pauseAt?.phase) return;
    post({ type: 'paused', phase });
    if (waitAtGate(pauseAt.gate)) controller.abort();
  },
}).then(
  (r) => post({ type: 'done', points: r.points, nodes: r.nodes, seconds: r.seconds }),
  (e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
);
