import { Worker } from 'node:worker_threads';
import type { ClusterBox } from '../../../core/models/classical/clusterBoxes';
import type { ClusterWorkerData, ClusterWorkerMessage } from '../../workers/clusterWorker';

/** cluster-boxes on one scan in a worker thread; aborting terminates the worker and rejects with "cancelled". */
export function runClusterWorker(workerFile: string, data: ClusterWorkerData, signal?: AbortSignal): Promise<{ boxes: ClusterBox[]; ms: number }> {
  if (signal?.aborted) return Promise.reject(new Error('cancelled'));
  const worker = new Worker(workerFile, { workerData: data });
  return new Promise<{ boxes: ClusterBox[]; ms: number }>((resolve, reject) => {
    const onAbort = () => {
      reject(new Error('cancelled'));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (m: ClusterWorkerMessage) => {
      done();
      if (m.type === 'result') resolve({ boxes: m.boxes, ms: m.ms });
      else reject(new Error(m.message));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      done();
      reject(e);
    });
    worker.once('exit', (code) => {
      done();
      reject(new Error(`the cluster worker stopped (exit ${code}) before it answered`));
    });
  });
}
