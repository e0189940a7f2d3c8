import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ChunkDecompress } from './mcapMessagesAt';

// CommonJS, evaluated in the worker: no separate bundle entry is needed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zstd = require(workerData.zstd);
parentPort.on('message', async (job) => {
  try {
    await zstd.isLoaded;
    const out = zstd.decompress(job.data, job.size);
    // The Buffer may share a pool: hand over a buffer of its own.
    const records = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? new Uint8Array(out.buffer) : new Uint8Array(out);
    parentPort.postMessage({ id: job.id, records }, [records.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

interface Pending {
  resolve(records: Uint8Array): void;
  reject(err: Error): void;
}

/**
 * zstd chunks decompressed on one worker thread, so a log's chunks being read (a frame, the next
 * one read ahead) do not hold the host's event loop: its other calls and the bytes it serves go
 * on meanwhile. Other compressions go to `fallback`. The worker starts on the first zstd chunk
 * and does not keep the process alive.
 */
export function workerChunkDecompress(fallback: ChunkDecompress): ChunkDecompress & { close(): Promise<void> } {
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null; // the next chunk starts a fresh one
  };
  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { zstd: createRequire(__filename).resolve('@foxglove/wasm-zstd') } });
    w.on('message', (msg: { id: number; records?: Uint8Array; error?: string }) => {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (pending.size === 0) w.unref();
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.records!);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`the chunk decompression worker exited with code ${code}`));
    });
    w.unref();
    return w;
  };
  const decompress = (compression: string, data: Uint8Array, size: number): Promise<Uint8Array> => {
    if (compression !== 'zstd') return fallback(compression, data, size);
    worker ??= start();
    const w = worker;
    const id = nextId++;
    // A copy of its own to hand over: the chunk is a view into the read's buffer.
    const copy = data.slice();
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref(); // an answer is awaited: keep the process up for it
      w.postMessage({ id, data: copy, size }, [copy.buffer]);
    });
  };
  return Object.assign(decompress, {
    close: async () => {
      const w = worker;
      worker = null;
      failAll(new Error('the chunk decompression worker was closed'));
      await w?.terminate();
    },
  });
}
