import { Worker } from 'node:worker_threads';
import { evaluateFrames, type EvaluationFrame, type EvaluationOptions } from '../../../core/evaluation';
import type { EvaluationWorkerMessage } from '../../workers/evaluationWorker';

type Evaluated = ReturnType<typeof evaluateFrames>;

/** Evaluates in a worker thread when given its script (the host), on this thread otherwise (tools and tests of the figures alone). */
export function runEvaluation(frames: readonly EvaluationFrame[], options: EvaluationOptions, workerFile?: string): Promise<Evaluated> {
  if (!workerFile) return Promise.resolve(evaluateFrames(frames, options));
  const worker = new Worker(workerFile, { workerData: { frames, options } });
  return new Promise<Evaluated>((resolve, reject) => {
    worker.once('message', (m: EvaluationWorkerMessage) => {
      if (m.type === 'result') resolve(m.result);
      else reject(new Error(m.message));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the evaluation worker stopped (exit ${code}) before it answered`)));
  });
}
