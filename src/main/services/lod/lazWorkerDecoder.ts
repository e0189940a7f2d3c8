/**
 * A LazDecoder that decodes whole LAZ chunks on worker threads (laz-perf's WASM build, one module
 * per worker), so a conversion decompresses on every core while the main thread feeds the LOD
 * builder. Node only. Chunk-by-chunk reads (openChunk) go to the usual single-thread decoder.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { LazDecoder } from '../../../core/formats';

// CommonJS, evaluated in the worker: no separate bundle entry is needed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createLazPerf } = require(workerData.lazPerf);
let module = null;
parentPort.on('message', async (job) => {
  let m = null, blob = 0, out = 0, decoder = null;
  try {
    m = await (module ??= createLazPerf());
    blob = m._malloc(Math.max(1, job.chunk.byteLength));
    m.HEAPU8.set(job.chunk, blob);
    out = m._malloc(Math.max(1, job.pointCount * job.recordLength));
    decoder = new m.ChunkDecoder();
    decoder.open(job.pointFormat, job.recordLength, blob);
    for (let i = 0, p = out; i < job.pointCount; i++, p += job.recordLength) decoder.getPoint(p);
    const records = m.HEAPU8.slice(out, out + job.pointCount * job.recordLength);
    parentPort.postMessage({ id: job.id, records }, [records.buffer]);
  } catch (err) {
    // After a WASM trap the module is in an undefined state: the next job gets a fresh one.
    module = null;
    m = null;
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  } finally {
    if (m) {
      try {
        if (decoder) decoder.delete();
        if (blob) m._free(blob);
        if (out) m._free(out);
      } catch {
        module = null;
      }
    }
  }
});
`;

interface Pending {
  resolve(records: Uint8Array): void;
  reject(err: Error): void;
}

export interface LazWorkerDecoder extends LazDecoder {
  /** Stops the workers; pending decodes reject. */
  close(): Promise<void>;
}

/** `threads` workers (at least 1), started on the first decodeChunk; close() them when done. */
export function createLazWorkerDecoder(threads: number): LazWorkerDecoder {
  const workers: { worker: Worker; busy: number }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let failure: Error | null = null;

  const start = () => {
    const lazPerf = createRequire(__filename).resolve('laz-perf');
    for (let i = 0; i < Math.max(1, threads); i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { lazPerf } });
      const slot = { worker, busy: 0 };
      worker.on('message', (msg: { id: number; records?: Uint8Array; error?: string }) => {
        slot.busy--;
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.error !== undefined) p.reject(new Error(msg.error));
        else p.resolve(msg.records!);
      });
      worker.on('error', (err) => fail(err));
      worker.on('exit', (code) => {
        if (!closed) fail(new Error(`LAZ decoding worker exited with code ${code}`));
      });
      workers.push(slot);
    }
  };
  const fail = (err: Error) => {
    failure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return {
    async openChunk(chunk, pointFormat, recordLength) {
      const { defaultLazDecoder } = await import('../../../core/formats/laz/lazPerfDecoder');
      return (await defaultLazDecoder()).openChunk(chunk, pointFormat, recordLength);
    },
    decodeChunk(chunk, pointFormat, recordLength, pointCount) {
      if (closed) return Promise.reject(new Error('LAZ decoder is closed'));
      if (failure) return Promise.reject(failure);
      if (workers.length === 0) start();
      const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        slot.busy++;
        slot.worker.postMessage({ id, chunk, pointFormat, recordLength, pointCount });
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      fail(new Error('LAZ decoder is closed'));
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
