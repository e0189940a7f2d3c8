import { SelectionWorkerState, type SelectionShape, type SelectionWorkerReply, type SelectionWorkerRequest } from '../../core/segmentation/selectionRequest';

interface Pending {
  readonly resolve: (s: SelectedPoints) => void;
  readonly reject: (e: Error) => void;
  /** Sends the request (again, on this thread, when the worker stopped before answering). */
  readonly ask: () => void;
}

export interface SelectedPoints {
  readonly indices: Uint32Array;
  readonly note: string | null;
  readonly ms: number;
}

/**
 * Asks the selection worker for the points a shape selects. A frame's points are copied to the
 * worker once, when first asked about; where no module worker starts, or the worker stops, it
 * selects on this thread rather than not at all (what was asked of a stopped worker is asked again
 * here, so a stroke is not lost with it).
 */
export class SelectionClient {
  private worker: Worker | null = null;
  private inline: SelectionWorkerState | null = null;
  private held: { frameId: string; points: Float32Array; stride: number } | null = null;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    try {
      this.worker = new Worker(new URL('./selectionWorker.ts', import.meta.url), { type: 'module', name: 'segmentation' });
      this.worker.onmessage = (e: MessageEvent<SelectionWorkerReply | { type: 'ready' }>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.selectHere();
      };
    } catch {
      this.inline = new SelectionWorkerState(() => performance.now());
    }
  }

  select(frameId: string, points: Float32Array, stride: number, shape: SelectionShape, labels?: Uint32Array): Promise<SelectedPoints> {
    if (this.held?.frameId !== frameId || this.held.points !== points || this.held.stride !== stride) {
      this.held = { frameId, points, stride };
      this.send({ type: 'points', frameId, points, stride });
    }
    const requestId = this.next++;
    return new Promise((resolve, reject) => {
      const ask = () => this.send({ type: 'select', requestId, frameId, shape, labels: labels?.slice() });
      this.pending.set(requestId, { resolve, reject, ask });
      ask();
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.held = null;
    for (const { reject } of this.pending.values()) reject(new Error('the segmentation was closed'));
    this.pending.clear();
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

  /** The worker stopped (or never started a script): from now on select here, the frame's points and what was waiting included. */
  private selectHere(): void {
    this.worker?.terminate();
    this.worker = null;
    const held = this.held;
    if (held) this.send({ type: 'points', frameId: held.frameId, points: held.points, stride: held.stride });
    for (const waiting of this.pending.values()) waiting.ask();
  }
}
