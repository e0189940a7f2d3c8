import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildKeyRegistry,
  checkHead,
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
  readonly phase: 'list' | 'keys' | 'revisions' | 'heads';
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
    const bytes = readFileSync(path.join(dir, ...relative.split('/')));
    if (bytes.length > MAX_OBJECT_BYTES) return unreadable(relative, `${bytes.length} bytes, more than any object (${MAX_OBJECT_BYTES})`);
    const text = bytes.toString('utf8');
    // Invalid UTF-8 decodes to U+FFFD; the canonical check would catch it, but say what it is.
    if (text.includes('\uFFFD') && !Buffer.from(text, 'utf8').equals(bytes)) return unreadable(relative, 'not valid UTF-8');
    return { path: relative, text };
  } catch (e) {
    return unreadable(relative, `cannot be read: ${(e as Error).message}`);
  }
}

function unreadable(relative: string, message: string): Finding {
  const where = classifyStorePath(relative);
  const address = where && 'address' in where ? where.address : null;
  return { path: relative, kind: where?.kind ?? 'unknown', address, status: 'malformed', message };
}

const isFinding = (o: StoredObject | Finding): o is Finding => 'status' in o;

/**
 * Verifies a folder store: every key record, revision and head, reading revisions one at a time so
 * memory holds their findings and parents, not their contents.
 */
export async function verifyFolderStore(
  dir: string,
  options: KeyRegistryOptions & { onProgress?: (p: VerifyProgress) => void } = {},
): Promise<StoreVerification> {
  const crypto = createNodeRevisionCrypto();
  const progress = options.onProgress ?? (() => {});
  const files = listStoreFiles(dir);
  progress({ phase: 'list', done: files.length, total: files.length });
  const findings: Finding[] = [];
  const keys: StoredObject[] = [];
  const revisions: string[] = [];
  const heads: string[] = [];
  let store: StoredObject | null = null;
  for (const file of files) {
    const where = classifyStorePath(file);
    if (!where) findings.push({ path: file, kind: 'unknown', address: null, status: 'malformed', message: 'the store layout has no place for this file' });
    else if (where.kind === 'revision') revisions.push(file);
    else if (where.kind === 'head') heads.push(file);
    else {
      const object = readObject(dir, file);
      if (isFinding(object)) findings.push(object);
      else if (where.kind === 'store') store = object;
      else keys.push(object);
    }
  }
  if (!store && findings.some((f) => f.path === STORE_FILE)) store = { path: STORE_FILE, text: '' };
  const built = buildKeyRegistry(store, keys, crypto, options);
  const registryFindings = built.findings.filter((f) => !(f.path === STORE_FILE && findings.some((g) => g.path === STORE_FILE)));
  progress({ phase: 'keys', done: keys.length, total: keys.length });

  const checks: { finding: Finding; parents: readonly string[] | null }[] = new Array(revisions.length);
  const every = Math.max(1, Math.floor(revisions.length / 20));
  // Signatures are checked on the thread pool while this thread reads, hashes and parses the next
  // files: the two halves of the work then run on two cores. A bounded number wait at once.
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < revisions.length; i++) {
    const object = readObject(dir, revisions[i]);
    if (isFinding(object)) checks[i] = { finding: object, parents: null };
    else {
      const pre = precheckRevision(object, built.registry, crypto);
      if ('done' in pre) checks[i] = { finding: pre.done.finding, parents: pre.done.revision?.parents ?? null };
      else {
        const task = crypto.verifyAsync(pre.pending.publicKey, pre.pending.message, pre.pending.signature).then((ok) => {
          const check = pre.finish(ok);
          checks[i] = { finding: check.finding, parents: check.revision?.parents ?? null };
          inFlight.delete(task);
        });
        inFlight.add(task);
        if (inFlight.size >= MAX_SIGNATURES_IN_FLIGHT) await Promise.race(inFlight);
      }
    }
    if ((i + 1) % every === 0 || i + 1 === revisions.length) progress({ phase: 'revisions', done: i + 1, total: revisions.length });
  }
  await Promise.all(inFlight);
  const settled = settleRevisions(checks);
  const headFindings = heads.map((file) => {
    const object = readObject(dir, file);
    return isFinding(object) ? object : checkHead(object, built.registry, settled.verdictOf, crypto);
  });
  progress({ phase: 'heads', done: heads.length, total: heads.length });
  const all = [...registryFindings, ...findings, ...settled.findings, ...headFindings];
  return { rootKeyId: built.registry.rootKeyId, findings: all, totals: countFindings(all), usable: settled.usable };
}
