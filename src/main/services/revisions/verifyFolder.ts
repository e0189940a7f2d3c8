import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildKeyRegistry,
  checkHead,
  checkReleases,
  precheckRevision,
  classifyStorePath,
  countFindings,
  settleRevisions,
  STORE_FILE,
  type Finding,
  type KeyRegistryOptions,
  type StoredObject,
  type StoreVerification,
} from '../../../core/revisions';
import { createNodeRevisionCrypto } from './nodeCrypto';

/** No object Cairn writes comes near this; a larger file is refused unread rather than parsed. */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** Enough to keep the thread pool busy; each holds one revision's text. */
const MAX_SIGNATURES_IN_FLIGHT = 256;

export interface VerifyProgress {
  readonly phase: 'list' | 'keys' | 'revisions' | 'heads' | 'releases';
  readonly done: number;
  readonly total: number;
}

/** Every file under the store, relative with '/' separators; names starting with a dot (writes in progress) skipped. */
export function listStoreFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

function readObject(dir: string, relative: string): StoredObject | Finding {
  try {
    return decodeObject(relative, readFileSync(path.join(dir, ...relative.split('/'))));
  } catch (e) {
    return unreadable(relative, `cannot be read: ${(e as Error).message}`);
  }
}

/** An object's bytes as the checks read them, or why they cannot be (too large, not UTF-8, gone since it was listed). */
export function decodeObject(relative: string, data: Uint8Array | null): StoredObject | Finding {
  if (data === null) return unreadable(relative, 'listed but gone when read');
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length > MAX_OBJECT_BYTES) return unreadable(relative, `${bytes.length} bytes, more than any object (${MAX_OBJECT_BYTES})`);
  const text = bytes.toString('utf8');
  // Invalid UTF-8 decodes to U+FFFD; the canonical check would catch it, but say what it is.
  if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) return unreadable(relative, 'not valid UTF-8');
  return { path: relative, text };
}

function unreadable(relative: string, message: string): Finding {
  const where = classifyStorePath(relative);
  const address = where && 'address' in where ? where.address : null;
  return { path: relative, kind: where && where.kind !== 'index' ? where.kind : 'unknown', address, status: 'malformed', message };
}

const isFinding = (o: StoredObject | Finding): o is Finding => 'status' in o;

/**
 * A store's files by what the verifier does with them, each group in list order: store.json and key
 * records (read first, to know the keys), revisions, heads, releases; and files the layout has no
 * place for. The verifier reads them in exactly this order, so a reader can read ahead.
 */
export function partitionStoreFiles(files: readonly string[]) {
  const out = { registryFiles: [] as string[], revisions: [] as string[], heads: [] as string[], releases: [] as string[], unplaced: [] as string[] };
  for (const file of files) {
    const kind = classifyStorePath(file)?.kind;
    if (kind === undefined) out.unplaced.push(file);
    else if (kind === 'store' || kind === 'key') out.registryFiles.push(file);
    else if (kind === 'revision') out.revisions.push(file);
    else if (kind === 'head') out.heads.push(file);
    else if (kind === 'release') out.releases.push(file);
    // index.json, an HTTP server's listing, is not an object: nothing to verify (what it names is verified).
  }
  return out;
}

export type VerifyOptions = KeyRegistryOptions & { onProgress?: (p: VerifyProgress) => void };

/** Verifies a folder store, reading it directly (synchronous reads: the fastest way through 100,000 small files). */
export async function verifyFolderStore(dir: string, options: VerifyOptions = {}): Promise<StoreVerification> {
  return verifyListedObjects(listStoreFiles(dir), (file) => readObject(dir, file), options);
}

/**
 * Verifies the objects of a store, given its listing and a reader: every key record, revision,
 * head and release, reading revisions one at a time (`read` may read ahead) so memory holds their
 * findings and parents, not their contents.
 */
export async function verifyListedObjects(
  files: readonly string[],
  read: (file: string) => StoredObject | Finding | Promise<StoredObject | Finding>,
  options: VerifyOptions = {},
): Promise<StoreVerification> {
  const crypto = createNodeRevisionCrypto();
  const progress = options.onProgress ?? (() => {});
  progress({ phase: 'list', done: files.length, total: files.length });
  const { registryFiles, revisions, heads, releases, unplaced } = partitionStoreFiles(files);
  const findings: Finding[] = unplaced.map((file) => ({ path: file, kind: 'unknown', address: null, status: 'malformed', message: 'the store layout has no place for this file' }));
  const keys: StoredObject[] = [];
  let store: StoredObject | null = null;
  for (const file of registryFiles) {
    const object = await read(file);
    if (isFinding(object)) findings.push(object);
    else if (file === STORE_FILE) store = object;
    else keys.push(object);
  }
  if (!store && findings.some((f) => f.path === STORE_FILE)) store = { path: STORE_FILE, text: '' };
  const built = buildKeyRegistry(store, keys, crypto, options);
  const registryFindings = built.findings.filter((f) => !(f.path === STORE_FILE && findings.some((g) => g.path === STORE_FILE)));
  progress({ phase: 'keys', done: keys.length, total: keys.length });

  const checks: { finding: Finding; parents: readonly string[] | null }[] = new Array(revisions.length);
  const every = Math.max(1, Math.floor(revisions.length / 20));
  // Signatures are checked on the thread pool while this thread reads, hashes and parses the next
  // files: the two halves of the work then run on two cores. A bounded number wait at once, counted
  // rather than raced: Promise.race over every pending check, once per file, cost more than the checks.
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const settledOne = () => {
    inFlight--;
    const w = wake;
    wake = null;
    w?.();
  };
  for (let i = 0; i < revisions.length; i++) {
    const object = await read(revisions[i]);
    if (isFinding(object)) checks[i] = { finding: object, parents: null };
    else {
      const pre = precheckRevision(object, built.registry, crypto);
      if ('done' in pre) checks[i] = { finding: pre.done.finding, parents: pre.done.revision?.parents ?? null };
      else {
        inFlight++;
        void crypto.verifyAsync(pre.pending.publicKey, pre.pending.message, pre.pending.signature).then((ok) => {
          const check = pre.finish(ok);
          checks[i] = { finding: check.finding, parents: check.revision?.parents ?? null };
          settledOne();
        });
        if (inFlight >= MAX_SIGNATURES_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
      }
    }
    if ((i + 1) % every === 0 || i + 1 === revisions.length) progress({ phase: 'revisions', done: i + 1, total: revisions.length });
  }
  while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
  const settled = settleRevisions(checks);
  const headFindings: Finding[] = [];
  for (const file of heads) {
    const object = await read(file);
    headFindings.push(isFinding(object) ? object : checkHead(object, built.registry, settled.verdictOf, crypto));
  }
  progress({ phase: 'heads', done: heads.length, total: heads.length });
  const releaseObjects: StoredObject[] = [];
  for (const file of releases) {
    const object = await read(file);
    if (isFinding(object)) findings.push(object);
    else releaseObjects.push(object);
  }
  const checkedReleases = checkReleases(releaseObjects, built.registry, settled.verdictOf, crypto);
  progress({ phase: 'releases', done: releases.length, total: releases.length });
  const all = [...registryFindings, ...findings, ...settled.findings, ...headFindings, ...checkedReleases.findings];
  return { rootKeyId: built.registry.rootKeyId, findings: all, totals: countFindings(all), usable: settled.usable, releases: checkedReleases.verified };
}
