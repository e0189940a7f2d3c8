import { SelectionWorkerState, type SelectionShape, type SelectionWorkerReply, type SelectionWorkerRequest } from '../../core/segmentation/selectionRequest';

export interface SelectedPoints {
  readonly indices: Uint32Array;
  readonly note: string | null;
  readonly ms: number;
}

/**
 * Asks the selection worker for the points a shape selects. A frame's points are copied to the
 * worker once, when first asked about; where no module worker starts, it selects on this thread
 * rather than not at all.
 */
export class SelectionClient {
  private worker: Worker | null = null;
  private inline: SelectionWorkerState | null = null;
  private held: { frameId: string; points: Float32Array } | null = null;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (s: SelectedPoints) => void; reject: (e: Error) => void }>();

  constructor() {
    try {
      this.worker = new Worker(new URL('./selectionWorker.ts', import.meta.url), { type: 'module', name: 'segmentation' });
      this.worker.onmessage = (e: MessageEvent<SelectionWorkerReply | { type: 'ready' }>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.fallBack(`the selection worker stopped: ${e.message}`);
      };
    } catch {
      this.inline = new SelectionWorkerState(() => performance.now());
    }
  }

  select(frameId: string, points: Float32Array, stride: number, shape: SelectionShape, labels?: Uint32Array): Promise<SelectedPoints> {
    if (this.held?.frameId !== frameId || this.held.points !== points) {
      this.held = { frameId, points };
      this.send({ type: 'points', frameId, points, stride });
    }
    const requestId = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send({ type: 'select', requestId, frameId, shape, labels: labels?.slice() });
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.fallBack('the segmentation was closed');
  }

  private send(message: SelectionWorkerRequest): void {
    if (this.worker) {
      // Labels are copied (a snapshot for growing); the points are cloned once per frame.
      this.worker.postMessage(message, message.type === 'select' && message.labels ? [message.labels.buffer] : []);
      return;
    }
    this.inline ??= new SelectionWorkerState(() => performance.now());
    const reply = this.inline.handle(message);
    if (reply) queueMicrotask(() => this.receive(reply));
  }

  private receive(reply: SelectionWorkerReply | { type: 'ready' }): void {
    if (reply.type === 'ready') return;
    const waiting = this.pending.get(reply.requestId);
    if (!waiting) return;
    this.pending.delete(reply.requestId);
    if (reply.type === 'selected') waiting.resolve({ indices: reply.indices, note: reply.note, ms: reply.ms });
    else waiting.reject(new Error(reply.message));
  }

  private fallBack(message: string): void {
    this.worker = null;
    this.held = null;
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
  }
}
