import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  buildKeyRegistry,
  checkHead,
  checkReleases,
  checkReviewRecords,
  classifyStorePath,
  countFindings,
  settleRevisions,
  STORE_FILE,
  type Finding,
  type KeyRegistryOptions,
  type StoredObject,
  type StoreVerification,
} from '../../../core/revisions';
import { RevisionCheckPool } from '../../workers/revisionCheckPool';
import { checkRevisionFiles, POOL_MIN_REVISIONS } from './checkRevisions';
import { createNodeRevisionCrypto } from './nodeCrypto';
import { isFinding, readFolderObject } from './revisionVerdict';

export { decodeObject, MAX_OBJECT_BYTES } from './revisionVerdict';

export interface VerifyProgress {
  readonly phase: 'list' | 'keys' | 'revisions' | 'heads' | 'releases' | 'records';
  readonly done: number;
  readonly total: number;
}

/**
 * Every file under the store, relative with '/' separators; names starting with a dot (writes in
 * progress) skipped. `onFolder` hears the running count after each folder is read.
 */
export function listStoreFiles(dir: string, onFolder?: (filesSoFar: number) => void): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
    onFolder?.(out.length);
  };
  walk('');
  return out.sort();
}

/**
 * A store's files by what the verifier does with them, each group in list order: store.json and key
 * records (read first, to know the keys), revisions, heads, releases; and files the layout has no
 * place for. The verifier reads them in exactly this order, so a reader can read ahead.
 */
export function partitionStoreFiles(files: readonly string[]) {
  const out = { registryFiles: [] as string[], revisions: [] as string[], heads: [] as string[], releases: [] as string[], records: [] as string[], unplaced: [] as string[] };
  for (const file of files) {
    const kind = classifyStorePath(file)?.kind;
    if (kind === undefined) out.unplaced.push(file);
    else if (kind === 'store' || kind === 'key') out.registryFiles.push(file);
    else if (kind === 'revision') out.revisions.push(file);
    else if (kind === 'head') out.heads.push(file);
    else if (kind === 'release') out.releases.push(file);
    else if (kind === 'assignment' || kind === 'review' || kind === 'comment') out.records.push(file);
    // index.json, an HTTP server's listing, is not an object: nothing to verify (what it names is verified);
    // nor is a scenario index (scenarios/<dataset>/*.parquet), derived data anyone may rebuild.
  }
  return out;
}

export type VerifyOptions = KeyRegistryOptions & {
  onProgress?: (p: VerifyProgress) => void;
  /** Worker threads checking revisions; 0 checks on this thread. Default: one per core for a large store. */
  threads?: number;
  /** A folder store's root, so the workers read its files themselves. */
  folder?: string;
  /** Workers started earlier without a registry: they check the revisions (given the registry then) and are closed once done. */
  pool?: RevisionCheckPool;
};

/**
 * Verifies a folder store, reading it directly (synchronous reads: the fastest way through 100,000
 * small files). Once the listing passes POOL_MIN_REVISIONS files the worker threads start, so they
 * load their code while this thread finishes the listing and reads the keys.
 */
export async function verifyFolderStore(dir: string, options: VerifyOptions = {}): Promise<StoreVerification> {
  let started: RevisionCheckPool | undefined;
  try {
    const files = listStoreFiles(dir, (count) => {
      if (!options.pool && !started && options.threads !== 0 && count >= POOL_MIN_REVISIONS) started = new RevisionCheckPool(null, options.threads);
    });
    return await verifyListedObjects(files, (file) => readFolderObject(dir, file), { ...options, folder: dir, pool: options.pool ?? started });
  } finally {
    await started?.close();
  }
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
  const { registryFiles, revisions, heads, releases, records, unplaced } = partitionStoreFiles(files);
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

  const checks = await checkRevisionFiles(revisions, read, built.registry, crypto, {
    threads: options.threads,
    folder: options.folder,
    pool: options.pool,
    onProgress: (done) => progress({ phase: 'revisions', done, total: revisions.length }),
  });
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
  // Assignments, verdicts and comments (src/core/review): few beside the revisions, checked in one go.
  const recordObjects: StoredObject[] = [];
  for (const file of records) {
    const object = await read(file);
    if (isFinding(object)) findings.push(object);
    else recordObjects.push(object);
  }
  const checkedRecords = checkReviewRecords(recordObjects, built.registry, crypto, settled.verdictOf);
  if (records.length) progress({ phase: 'records', done: records.length, total: records.length });
  const all = [...registryFindings, ...findings, ...settled.findings, ...headFindings, ...checkedReleases.findings, ...checkedRecords.findings];
  return { rootKeyId: built.registry.rootKeyId, findings: all, totals: countFindings(all), usable: settled.usable, releases: checkedReleases.verified };
}
