import { parentPort, workerData } from 'node:worker_threads';
import { computeAgreement, type AgreementInput, type AgreementOptions, type AgreementResult } from '../../core/agreement';

/**
 * Computes a scene's agreement off the host's main thread. The computation is synchronous, so the
 * host cancels by terminating the worker; progress goes out as messages while it runs.
 */
export interface AgreementWorkerData {
  readonly input: AgreementInput;
  readonly options: AgreementOptions;
}

export type AgreementWorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: AgreementResult }
  | { readonly type: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('agreementWorker runs as a worker thread');
const { input, options } = workerData as AgreementWorkerData;
const post = (m: AgreementWorkerMessage) => port.postMessage(m);
try {
  post({ type: 'done', result: computeAgreement(input, options, { onProgress: ({ done, total }) => post({ type: 'progress', done, total }) }) });
} catch (e) {
  post({ type: 'error', message: (e as Error).message });
}
