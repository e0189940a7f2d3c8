import { parentPort, workerData } from 'node:worker_threads';
import { evaluateFrames, type EvaluationFrame, type EvaluationOptions } from '../../core/evaluation';

/**
 * Predictions judged against ground truth off the host's thread: 1,000 frames of 150 boxes take a
 * second or two of matching and AP, too long to hold the event loop every client's calls share.
 * One evaluation per worker.
 */
export interface EvaluationWorkerData {
  readonly frames: readonly EvaluationFrame[];
  readonly options: EvaluationOptions;
}

export type EvaluationWorkerMessage =
  | { readonly type: 'result'; readonly result: ReturnType<typeof evaluateFrames> }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('evaluationWorker runs as a worker thread');
const { frames, options } = workerData as EvaluationWorkerData;
try {
  port.postMessage({ type: 'result', result: evaluateFrames(frames, options) } satisfies EvaluationWorkerMessage);
} catch (e) {
  port.postMessage({ type: 'error', message: (e as Error).message } satisfies EvaluationWorkerMessage);
}
