import { SelectionWorkerState, type SelectionWorkerReply, type SelectionWorkerRequest } from '../../core/segmentation/selectionRequest';

/* Selects points for the segmentation tools off the main thread: a lasso over a 10M-point frame never freezes the window. */

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SelectionWorkerRequest>) => void) | null;
  postMessage(message: SelectionWorkerReply | { type: 'ready' }, transfer?: Transferable[]): void;
};

const state = new SelectionWorkerState(() => performance.now());

scope.onmessage = (e) => {
  const reply = state.handle(e.data);
  if (reply) scope.postMessage(reply, reply.type === 'selected' ? [reply.indices.buffer] : []);
};
scope.postMessage({ type: 'ready' });
