import {
  headBodySchema,
  headPath,
  openSigned,
  checkReviewRecords,
  keyStatusAt,
  mayWrite,
  REVIEW_RECORD_DIRS,
  STORE_FILE,
  WRITE_RULES,
  type KeyRegistry,
  type KeyRegistryOptions,
  type RegisteredKey,
  type ReviewRecords,
  type StoreArea,
  type StoredObject,
} from '../../../core/revisions';
import type { SharedStore } from '../sharedStore/sharedStore';
import { missingCapability } from '../sharedStore/storePaths';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import type { SigningKey } from '../revisions/keyFiles';
import { decodeObject } from '../revisions/verifyFolder';
import { mapLimit } from '../sync/mapLimit';
import { readKeyRegistry as readStoreRegistry } from '../sync/storeRegistry';
import { reviewRecordObject, type NewAssignment, type NewComment, type NewReview } from './reviewObjects';

/** Reads in flight at once: enough to hide a network store's round trips, few enough for any server. */
const READS_IN_FLIGHT = 16;

export interface WrittenRecord {
  readonly address: string;
  readonly path: string;
}

/** Objects under a prefix as the verifier reads them; one unreadable is kept as its finding's message. */
async function readAll(store: SharedStore, prefix: string, signal?: AbortSignal): Promise<{ objects: StoredObject[]; unreadable: { path: string; message: string }[] }> {
  const paths = (await store.list(prefix, signal)).sort();
  const read = await mapLimit(paths, READS_IN_FLIGHT, async (p) => decodeObject(p, await store.get(p, signal)));
  const objects: StoredObject[] = [];
  const unreadable: { path: string; message: string }[] = [];
  for (const r of read) {
    if ('status' in r) unreadable.push({ path: r.path, message: r.message });
    else objects.push(r);
  }
  return { objects, unreadable };
}

/** The store's registered keys (store.json and keys/), checked as the verifier checks them; a location that is no Cairn store is an error. */
export async function readKeyRegistry(store: SharedStore, options: KeyRegistryOptions & { signal?: AbortSignal } = {}): Promise<KeyRegistry> {
  const { registry, hasStoreFile } = await readStoreRegistry(store, createNodeRevisionCrypto(), options);
  if (!hasStoreFile) throw new Error(`${store.label}: ${STORE_FILE}: not a Cairn store (no ${STORE_FILE})`);
  return registry;
}

export interface ReadReviewRecords extends ReviewRecords {
  readonly registry: KeyRegistry;
}

/**
 * Every assignment, verdict and comment in the store, verified (signature, a key valid then with a
 * role that may write that kind, the author's prefix, the records each names). Only those that
 * passed are returned as records; `findings` says what became of each. The revisions a verdict
 * names are not checked here (that takes the whole history: `cairn verify` does it).
 */
export async function readReviewRecords(store: SharedStore, options: KeyRegistryOptions & { signal?: AbortSignal } = {}): Promise<ReadReviewRecords> {
  const registry = await readKeyRegistry(store, options);
  const all = await Promise.all(Object.values(REVIEW_RECORD_DIRS).map((dir) => readAll(store, `${dir}/`, options.signal)));
  const checked = checkReviewRecords(
    all.flatMap((a) => a.objects),
    registry,
    createNodeRevisionCrypto(),
  );
  const unreadable = all.flatMap((a) => a.unreadable).map((u) => ({ path: u.path, kind: 'unknown' as const, address: null, status: 'malformed' as const, message: u.message }));
  return { registry, ...checked, findings: [...unreadable, ...checked.findings] };
}

/** Writes a signed review record under its author's prefix; returns its address and path. */
async function writeRecord(store: SharedStore, object: { path: string; text: string; address: string }, what: string, signal?: AbortSignal): Promise<WrittenRecord> {
  if (!(await store.capabilities(signal)).write) throw missingCapability(store.label, 'write', what);
  // Content-addressed and Ed25519 signatures are deterministic: writing it again writes the same bytes.
  await store.put(object.path, new TextEncoder().encode(object.text), { signal });
  return { address: object.address, path: object.path };
}

export function writeAssignment(store: SharedStore, lead: SigningKey, assignment: NewAssignment, signal?: AbortSignal): Promise<WrittenRecord> {
  return writeRecord(store, reviewRecordObject('assignment', lead, assignment), 'writing an assignment', signal);
}

export function writeReview(store: SharedStore, reviewer: SigningKey, review: NewReview, signal?: AbortSignal): Promise<WrittenRecord> {
  return writeRecord(store, reviewRecordObject('review', reviewer, review), 'writing a verdict', signal);
}

export function writeComment(store: SharedStore, author: SigningKey, comment: NewComment, signal?: AbortSignal): Promise<WrittenRecord> {
  return writeRecord(store, reviewRecordObject('comment', author, comment), 'writing a comment', signal);
}

/**
 * Refuses, before anything is written, a record the store's verifier would refuse for its author:
 * a key no admin registered, one revoked, or a role that may not write this kind.
 */
export function checkAuthor(store: SharedStore, registry: KeyRegistry, key: SigningKey, area: StoreArea, at: number): RegisteredKey {
  const registered = registry.keys.get(key.keyId);
  if (!registered) throw new Error(`${store.label}: the key ${key.keyId} is not registered in this store (an admin registers it first)`);
  const valid = keyStatusAt(registered, at);
  if (valid.status !== 'ok') throw new Error(`${store.label}: ${valid.message}`);
  if (!mayWrite(registered.role, area)) {
    throw new Error(`${store.label}: the key ${key.keyId} (${registered.name}) is ${/^[aeiou]/.test(registered.role) ? 'an' : 'a'} ${registered.role}; only ${WRITE_RULES[area].join(' and ')} keys write ${area}`);
  }
  return registered;
}

/**
 * The revisions an annotator's signed head names (what a verdict judges when it names none), or
 * none when the head is missing or does not verify as theirs.
 */
export async function annotatorHeads(store: SharedStore, registry: KeyRegistry, keyId: string, signal?: AbortSignal): Promise<string[]> {
  const key = registry.keys.get(keyId);
  const bytes = await store.get(headPath(keyId), signal);
  if (!key || !bytes) return [];
  const opened = openSigned(new TextDecoder().decode(bytes));
  if (!opened.ok) return [];
  const head = headBodySchema.safeParse(opened.body);
  if (!head.success || head.data.author.keyId !== keyId) return [];
  return createNodeRevisionCrypto().verify(key.publicKey, opened.bodyText, opened.signature) ? [...head.data.heads] : [];
}
