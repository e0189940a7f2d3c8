import { Worker } from 'node:worker_threads';

/** What a one-shot worker posts: any number of progress messages, then one answer or one error. */
export type OneShotMessage<A, P = never> = ({ readonly type: 'progress' } & P) | A | { readonly type: 'error'; readonly message: string };

export interface OneShotOptions<P> {
  /** Names the worker in the error when it stops without answering. */
  readonly name: string;
  /** Aborting terminates the worker and rejects with "cancelled". */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly type: 'progress' } & P) => void;
}

/**
 * Runs a worker thread that computes one answer and posts it, then terminates it. The computations
 * it carries are synchronous, so cancelling means terminating the thread; every way the thread can
 * end (answer, error, crash, exit, abort) settles the promise exactly once.
 */
export function runOneShotWorker<A extends { readonly type: string }, P = never>(workerFile: string, workerData: unknown, options: OneShotOptions<P>): Promise<A> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(new Error('cancelled'));
  const worker = new Worker(workerFile, { workerData });
  return new Promise<A>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      f();
    };
    const onAbort = () => settle(() => reject(new Error('cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: OneShotMessage<A, P>) => {
      if (m.type === 'progress') {
        if (!settled) options.onProgress?.(m as { readonly type: 'progress' } & P);
      } else if (m.type === 'error') settle(() => reject(new Error((m as { message: string }).message)));
      else settle(() => resolve(m as A));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the ${options.name} worker stopped (exit ${code}) before it answered`))));
  });
}
