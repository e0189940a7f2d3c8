import { evaluateFrames, type EvaluationFrame, type EvaluationOptions } from '../../../core/evaluation';
import type { EvaluationWorkerMessage } from '../../workers/evaluationWorker';
import { runOneShotWorker } from '../../workers/runOneShotWorker';

type Evaluated = ReturnType<typeof evaluateFrames>;
type EvaluationAnswer = Extract<EvaluationWorkerMessage, { readonly type: 'result' }>;

/** Evaluates in a worker thread when given its script (the host), on this thread otherwise (tools and tests of the figures alone). */
export async function runEvaluation(frames: readonly EvaluationFrame[], options: EvaluationOptions, workerFile?: string): Promise<Evaluated> {
  if (!workerFile) return evaluateFrames(frames, options);
  return (await runOneShotWorker<EvaluationAnswer>(workerFile, { frames, options }, { name: 'evaluation' })).result;
}
