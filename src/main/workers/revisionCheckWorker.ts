import { parentPort, workerData } from 'node:worker_threads';
import type { KeyRegistry } from '../../core/revisions';
import { createNodeRevisionCrypto } from '../services/revisions/nodeCrypto';
import { decodeObject, readFolderObject, revisionVerdict, type RevisionVerdict } from '../services/revisions/revisionVerdict';

/**
 * Checks revisions off the main thread: hash, canonical form, schema, key and signature, the same
 * checks as revisionVerdict on the main thread. A batch comes as paths in a folder store (read
 * here, so the reads run in parallel too) or as the objects' bytes packed in one transferred
 * buffer; the answer is one verdict per path, in the batch's order.
 */
export interface RevisionCheckWorkerData {
  /** Null: the registry comes as the first message (the pool started before the keys were read). */
  readonly registry: KeyRegistry | null;
}

export type RevisionCheckRequest =
  | { readonly registry: KeyRegistry }
  | { readonly id: number; readonly dir: string; readonly paths: readonly string[] }
  /** Object i is data[ends[i-1] .. ends[i]) (from 0 for the first). */
  | { readonly id: number; readonly paths: readonly string[]; readonly data: Uint8Array; readonly ends: Uint32Array };

export type RevisionCheckReply = { readonly id: number; readonly verdicts: readonly RevisionVerdict[] } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('revisionCheckWorker runs as a worker thread');
let registry = (workerData as RevisionCheckWorkerData).registry;
const crypto = createNodeRevisionCrypto();

port.on('message', (request: RevisionCheckRequest) => {
  if ('registry' in request) {
    registry = request.registry;
    return;
  }
  try {
    const trusted = registry;
    if (!trusted) throw new Error('a batch came before the key registry');
    const verdicts = request.paths.map((file, i) => {
      if ('dir' in request) return revisionVerdict(readFolderObject(request.dir, file), trusted, crypto);
      const start = i === 0 ? 0 : request.ends[i - 1];
      return revisionVerdict(decodeObject(file, request.data.subarray(start, request.ends[i])), trusted, crypto);
    });
    port.postMessage({ id: request.id, verdicts } satisfies RevisionCheckReply);
  } catch (e) {
    port.postMessage({ id: request.id, error: (e as Error).stack ?? String(e) } satisfies RevisionCheckReply);
  }
});
