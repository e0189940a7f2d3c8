import { classifyStorePath, openSigned, releaseBodySchema, RELEASES_DIR } from '../../../core/revisions';
import type { SharedStore } from '../sharedStore/sharedStore';
import { missingCapability } from '../sharedStore/storePaths';
import type { SigningKey } from './keyFiles';
import { releaseObject } from './signedObjects';
import { createHash } from 'node:crypto';

/** Publishers racing for one number retry with the next; more losses than this in a row is reported, not looped on. */
const DEFAULT_MAX_ATTEMPTS = 5;

export interface ReleaseHead {
  readonly number: number;
  /** The SHA-256 of its canonical body: what the next release names as `previous`. */
  readonly address: string;
  readonly path: string;
}

export interface PublishedRelease extends ReleaseHead {
  /** How many numbers were tried: more than 1 when another publisher took the number first. */
  readonly attempts: number;
}

/**
 * The release log's last entry, or null when there is none. Its address is read from its own
 * body; a last release that is not a well-formed release is an error naming it, since building on
 * it would chain every later release to something verify excludes.
 */
export async function latestRelease(store: SharedStore, signal?: AbortSignal): Promise<ReleaseHead | null> {
  let last: { number: number; path: string } | null = null;
  for (const path of await store.list(`${RELEASES_DIR}/`, signal)) {
    const where = classifyStorePath(path);
    if (where?.kind === 'release' && (!last || where.number > last.number)) last = { number: where.number, path };
  }
  if (!last) return null;
  const bytes = await store.get(last.path, signal);
  if (!bytes) throw new Error(`${store.label}: ${last.path}: listed but gone when read`);
  const opened = openSigned(new TextDecoder().decode(bytes));
  if (!opened.ok) throw new Error(`${store.label}: ${last.path}: the latest release is malformed (${opened.message}); an admin must look at it before another is published`);
  const body = releaseBodySchema.safeParse(opened.body);
  if (!body.success || body.data.number !== last.number) {
    throw new Error(`${store.label}: ${last.path}: the latest release is not release ${last.number} in the release schema; an admin must look at it before another is published`);
  }
  return { number: last.number, address: createHash('sha256').update(opened.bodyText, 'utf8').digest('hex'), path: last.path };
}

/**
 * Publishes a release (a reviewed snapshot of `heads`) as the next number of the store's log,
 * signed by a reviewer or an admin. Written create-only: when another publisher took the number
 * first, this one builds on theirs and tries the next number. Refused, with a message naming the
 * store and what it lacks, on a store without conditional writes: there two publishers could both
 * take one number and the log would fork.
 */
export async function publishRelease(
  store: SharedStore,
  reviewer: SigningKey,
  release: { readonly heads: readonly string[]; readonly message: string; readonly createdAt: number },
  options: { readonly maxAttempts?: number; readonly signal?: AbortSignal } = {},
): Promise<PublishedRelease> {
  const capabilities = await store.capabilities(options.signal);
  if (!capabilities.write) throw missingCapability(store.label, 'write', 'publishing a release');
  if (!capabilities.conditionalWrite) throw missingCapability(store.label, 'conditionalWrite', 'publishing a release');
  const heads = [...new Set(release.heads)].sort();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const previous = await latestRelease(store, options.signal);
    const number = (previous?.number ?? 0) + 1;
    const object = releaseObject(reviewer, { number, previous: previous?.address ?? null, heads, createdAt: release.createdAt, message: release.message });
    const result = await store.put(object.path, new TextEncoder().encode(object.text), { ifAbsent: true, signal: options.signal });
    if (result === 'written') return { number, address: object.address, path: object.path, attempts: attempt };
  }
  throw new Error(`${store.label}: could not publish a release: other publishers took the next number ${maxAttempts} times in a row; try again`);
}
