import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { KeyRegistry } from '../../core/revisions';
import type { RevisionVerdict } from '../services/revisions/revisionVerdict';
import type { RevisionCheckReply, RevisionCheckRequest, RevisionCheckWorkerData } from './revisionCheckWorker';

/**
 * The worker script: out/main/revisionCheckWorker.js once built (this code is bundled into
 * out/main/cli.js or index.js, or a chunk beside them), else the TypeScript source run through tsx
 * (tests, benches).
 */
export function revisionCheckWorkerFile(): string {
  const candidates = [path.join(__dirname, 'revisionCheckWorker.js'), path.join(__dirname, '..', 'revisionCheckWorker.js'), path.join(__dirname, 'revisionCheckWorker.dev.cjs')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`the revision check worker is missing (looked for ${candidates.join(', ')}): run \`npm run build\``);
  return found;
}

/** One worker per core the process may use: signature checks and parsing are CPU-bound. */
export const defaultPoolSize = (): number => Math.max(1, os.availableParallelism());

const YOUNG_GENERATION_MB = 192;

type Batch = { readonly dir: string; readonly paths: readonly string[] } | { readonly paths: readonly string[]; readonly data: Uint8Array; readonly ends: Uint32Array };

interface Slot {
  readonly worker: Worker;
  pending: number;
}

/**
 * Worker threads that check revisions against one key registry, a batch at a time. Each batch's
 * verdicts come back in the batch's order, whichever worker ran it, so a caller that places them by
 * index gets the same findings in the same order as a check on one thread.
 */
export class RevisionCheckPool {
  private readonly slots: Slot[];
  private readonly waiting = new Map<number, { slot: Slot; resolve: (v: RevisionVerdict[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing = false;
  private closed: Promise<void> | null = null;

  private trusted: boolean;

  /**
   * `registry` null starts the workers before the keys are known (they load their code while this
   * thread lists and reads the store); `trust` then hands them the registry before the first batch.
   */
  constructor(registry: KeyRegistry | null, size: number = defaultPoolSize()) {
    const file = revisionCheckWorkerFile();
    this.trusted = registry !== null;
    this.slots = Array.from({ length: Math.max(1, size) }, () => {
      // A young generation large enough for a multi-megabyte revision's parse: with the default, most
      // of a worker's time on large revisions went to the garbage collector promoting and marking.
      const worker = new Worker(file, { workerData: { registry } satisfies RevisionCheckWorkerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const slot: Slot = { worker, pending: 0 };
      slot.worker.on('message', (reply: RevisionCheckReply) => this.settle(reply));
      slot.worker.on('error', (e) => this.fail(slot, e));
      slot.worker.on('exit', (code) => {
        if (!this.closing && (code !== 0 || slot.pending > 0)) this.fail(slot, new Error(`a revision check worker stopped (exit code ${code})`));
      });
      return slot;
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** Gives workers started without a registry the one to check against (once; a port delivers it before any batch sent after it). */
  trust(registry: KeyRegistry): void {
    if (this.trusted) throw new Error('the revision check pool has its key registry already');
    this.trusted = true;
    for (const slot of this.slots) slot.worker.postMessage({ registry } satisfies RevisionCheckRequest);
  }

  /** Checks a batch on the least busy worker. Bytes given are transferred (the caller's buffer is emptied). */
  check(batch: Batch): Promise<RevisionVerdict[]> {
    if (!this.trusted) return Promise.reject(new Error('the revision check pool has no key registry yet'));
    if (this.failure) return Promise.reject(this.failure);
    const slot = this.slots.reduce((a, b) => (b.pending < a.pending ? b : a));
    const id = this.nextId++;
    slot.pending++;
    const request: RevisionCheckRequest = { id, ...batch };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { slot, resolve, reject });
      slot.worker.postMessage(request, 'data' in batch ? [batch.data.buffer as ArrayBuffer] : []);
    });
  }

  /** Stops the workers; a second call waits on the first. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      await Promise.all(this.slots.map((s) => s.worker.terminate()));
    })();
    return this.closed;
  }

  private settle(reply: RevisionCheckReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    w.slot.pending--;
    if ('error' in reply) w.reject(new Error(`checking revisions failed in a worker: ${reply.error}`));
    else w.resolve(reply.verdicts as RevisionVerdict[]);
  }

  /** A worker that dies fails what it held and every later batch: a verification never reports objects it did not check. */
  private fail(slot: Slot, error: Error): void {
    this.failure ??= error;
    for (const [id, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(id);
      w.reject(error);
    }
    slot.pending = 0;
  }
}

/** Objects' bytes packed into one buffer to transfer (not copy) to a worker: object i ends at ends[i]. */
export function packObjects(objects: readonly { readonly path: string; readonly bytes: Uint8Array }[]): { paths: string[]; data: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(objects.length);
  let total = 0;
  objects.forEach((o, i) => (ends[i] = total += o.bytes.byteLength));
  const data = new Uint8Array(new ArrayBuffer(total));
  objects.forEach((o, i) => data.set(o.bytes, i === 0 ? 0 : ends[i - 1]));
  return { paths: objects.map((o) => o.path), data, ends };
}
