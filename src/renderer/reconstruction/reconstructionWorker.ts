import type { ModelQueries } from './modelQueries';
import { parseReconstruction } from './parseReconstruction';
import { transferables } from './reconstructionData';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

/*
 * Parses a model off the main thread and keeps it, answering the view's questions about its
 * points and images, so the window stays responsive however large the model.
 */

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
};

let queries: ModelQueries | null = null;

scope.onmessage = (e) => {
  const request = e.data;
  if (request.type === 'open') {
    try {
      const parsed = parseReconstruction(new Map(request.files), request.source);
      queries = parsed.queries;
      scope.postMessage({ type: 'opened', data: parsed.data }, transferables(parsed.data));
    } catch (err) {
      scope.postMessage({ type: 'failed', message: (err as Error).message });
    }
    return;
  }
  if (request.type === 'observations') scope.postMessage({ type: 'observations', requestId: request.requestId, value: queries?.observations(request.pointId) ?? [] });
  else scope.postMessage({ type: 'keypoints', requestId: request.requestId, value: queries?.keypoints(request.imageId) ?? null });
};

scope.postMessage({ type: 'ready' });
