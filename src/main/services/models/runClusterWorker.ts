import type { ClusterBox } from '../../../core/models/classical/clusterBoxes';
import type { ClusterWorkerData, ClusterWorkerMessage } from '../../workers/clusterWorker';
import { runOneShotWorker } from '../../workers/runOneShotWorker';

type ClusterAnswer = Extract<ClusterWorkerMessage, { readonly type: 'result' }>;

/** cluster-boxes on one scan in a worker thread; aborting terminates the worker and rejects with "cancelled". */
export async function runClusterWorker(workerFile: string, data: ClusterWorkerData, signal?: AbortSignal): Promise<{ boxes: ClusterBox[]; ms: number }> {
  const { boxes, ms } = await runOneShotWorker<ClusterAnswer>(workerFile, data, { name: 'cluster', signal });
  return { boxes, ms };
}
