import { OctreeSelectionState, type OctreeSelectionReply, type OctreeSelectionRequest } from '../../core/segmentation/octreeSelection';

/* Selects among a streamed octree's loaded points off the main thread: a lasso over millions of points never freezes the window. */

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<OctreeSelectionRequest>) => void) | null;
  postMessage(message: OctreeSelectionReply | { type: 'ready' }, transfer?: Transferable[]): void;
};

const state = new OctreeSelectionState(() => performance.now());

scope.onmessage = (e) => {
  const reply = state.handle(e.data);
  if (reply) scope.postMessage(reply, reply.type === 'selected' ? [reply.indices.buffer] : []);
};
scope.postMessage({ type: 'ready' });
