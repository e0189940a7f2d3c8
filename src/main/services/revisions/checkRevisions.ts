import type { Finding, KeyRegistry, StoredObject } from '../../../core/revisions';
import { RevisionCheckPool, packObjects } from '../../workers/revisionCheckPool';
import type { NodeRevisionCrypto } from './nodeCrypto';
import { isFinding, revisionVerdict, type RevisionVerdict } from './revisionVerdict';

/** Below this many revisions the worker threads cost more to start than they save. */
export const POOL_MIN_REVISIONS = 2000;
/** Revisions per message to a worker: enough to make a message's cost small beside the checks. */
const BATCH = 128;
/** Batches in flight per worker: one running, one queued, so a worker never waits on this thread. */
const BATCHES_PER_WORKER = 2;

export interface CheckRevisionsOptions {
  /** Worker threads; 0 checks on this thread. Default: one per core for POOL_MIN_REVISIONS revisions or more. */
  readonly threads?: number;
  /** A folder store's root: the workers then read the files themselves. */
  readonly folder?: string;
  /** How many revisions (from the first) have their verdict. */
  readonly onProgress?: (done: number) => void;
  /** Workers started earlier without a registry, used (and closed once done) instead of starting new ones when the check takes threads. */
  readonly pool?: RevisionCheckPool;
}

type Read = (file: string) => StoredObject | Finding | Promise<StoredObject | Finding>;

/**
 * Every revision's own verdict, in the order of `files`. With threads, batches go to worker threads
 * and their verdicts are placed by index, so the result is the same whichever worker ends first.
 */
export async function checkRevisionFiles(files: readonly string[], read: Read, registry: KeyRegistry, crypto: NodeRevisionCrypto, options: CheckRevisionsOptions = {}): Promise<RevisionVerdict[]> {
  const verdicts: RevisionVerdict[] = new Array(files.length);
  const report = progressInOrder(verdicts, options.onProgress);
  const threads = options.threads ?? (files.length >= POOL_MIN_REVISIONS ? undefined : 0);
  if (threads === 0 || files.length === 0) await checkHere(files, read, registry, crypto, verdicts, report);
  else {
    const pool = options.pool ?? new RevisionCheckPool(registry, threads);
    try {
      if (options.pool) pool.trust(registry);
      await checkInPool(pool, files, read, options.folder, verdicts, report);
    } finally {
      await pool.close();
    }
  }
  return verdicts;
}

/**
 * Calls onProgress as the verdicts from the first revision on fill in, at every twentieth of them
 * and at the end: the same lines whichever order batches end in.
 */
function progressInOrder(verdicts: RevisionVerdict[], onProgress: ((done: number) => void) | undefined): () => void {
  const every = Math.max(1, Math.floor(verdicts.length / 20));
  let done = 0;
  return () => {
    while (done < verdicts.length && verdicts[done] !== undefined) {
      done++;
      if (done % every === 0 || done === verdicts.length) onProgress?.(done);
    }
  };
}

async function checkInPool(pool: RevisionCheckPool, files: readonly string[], read: Read, folder: string | undefined, verdicts: RevisionVerdict[], report: () => void): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const send = (at: readonly number[], batch: Promise<RevisionVerdict[]>) => {
    const p: Promise<void> = batch
      .then(
        (got) => got.forEach((v, k) => (verdicts[at[k]] = v)),
        // Kept, not left unhandled while this thread reads the next batch; thrown below.
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => {
        inFlight.delete(p);
        report();
      });
    inFlight.add(p);
  };
  for (let from = 0; from < files.length && !failure; from += BATCH) {
    const paths = files.slice(from, from + BATCH);
    const at = paths.map((_, k) => from + k);
    if (folder !== undefined) send(at, pool.check({ dir: folder, paths }));
    else {
      // Objects that could not be read are findings already; the rest go to a worker as bytes.
      const objects: { path: string; bytes: Uint8Array; at: number }[] = [];
      for (let k = 0; k < paths.length; k++) {
        const object = await read(paths[k]);
        if (isFinding(object)) verdicts[from + k] = { finding: object, parents: null };
        else objects.push({ path: object.path, bytes: Buffer.from(object.text, 'utf8'), at: from + k });
      }
      if (objects.length) send(objects.map((o) => o.at), pool.check(packObjects(objects)));
      else report();
    }
    while (inFlight.size >= pool.size * BATCHES_PER_WORKER) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  // A failed batch fails the whole verification: it never reports objects it did not check.
  if (failure) throw (failure as { error: unknown }).error;
}

/** On this thread, one file after another (a store too small to be worth the worker threads' start). */
async function checkHere(files: readonly string[], read: Read, registry: KeyRegistry, crypto: NodeRevisionCrypto, verdicts: RevisionVerdict[], report: () => void): Promise<void> {
  for (let i = 0; i < files.length; i++) {
    verdicts[i] = revisionVerdict(await read(files[i]), registry, crypto);
    report();
  }
}
