import { parentPort, workerData } from 'node:worker_threads';
import { clusterBoxes, type ClusterBoxesOptions, type ClusterBox } from '../../core/models/classical/clusterBoxes';

/**
 * The classical cluster-boxes generator on one scan, off the host's thread: a sweep of 120k points
 * takes a few hundred milliseconds, too long to hold the event loop every client's calls share.
 * One scan per worker; the host cancels by terminating it.
 */
export interface ClusterWorkerData {
  /** Interleaved x, y, z, intensity. */
  readonly points: Float32Array;
  readonly stride: number;
  readonly options: ClusterBoxesOptions;
}

export type ClusterWorkerMessage = { readonly type: 'result'; readonly boxes: ClusterBox[]; readonly ms: number } | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('clusterWorker runs as a worker thread');
const { points, stride, options } = workerData as ClusterWorkerData;
const started = performance.now();
try {
  const result = clusterBoxes(points, stride, options);
  port.postMessage({ type: 'result', boxes: result.boxes, ms: performance.now() - started } satisfies ClusterWorkerMessage);
} catch (e) {
  port.postMessage({ type: 'error', message: (e as Error).message } satisfies ClusterWorkerMessage);
}
