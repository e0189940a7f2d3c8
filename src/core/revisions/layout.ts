/**
 * Where objects live in a store (docs/store-layout.md). Each writer appends only under its own
 * prefix, named by its key id, so writers never contend for a file.
 */
export const STORE_FILE = 'store.json';
export const KEYS_DIR = 'keys';
export const ANNOTATIONS_DIR = 'annotations';
export const RELEASES_DIR = 'releases';
/** Signed review records, each under its author's prefix like revisions (src/core/review). */
export const ASSIGNMENTS_DIR = 'assignments';
export const REVIEWS_DIR = 'reviews';
export const COMMENTS_DIR = 'comments';
/** An HTTP server's listing of the store (written when a folder is published over HTTP): a hint, not an object, so unsigned. */
export const INDEX_FILE = 'index.json';
/** A dataset's scenario index (docs/scenarios.md): derived Parquet, rewritten whole, not signed; verify passes it by. */
export const SCENARIOS_DIR = 'scenarios';
const SCENARIO_FILES = new Set(['frames.parquet', 'objects.parquet']);
/** Release numbers are zero-padded to at least this many digits, so names sort in number order. */
export const RELEASE_DIGITS = 6;

const HEX64 = /^[0-9a-f]{64}$/;

export const keyRecordPath = (address: string) => `${KEYS_DIR}/${address}.json`;
export const revisionPath = (writerKeyId: string, address: string) => `${ANNOTATIONS_DIR}/${writerKeyId}/revisions/${address}.json`;
export const headPath = (writerKeyId: string) => `${ANNOTATIONS_DIR}/${writerKeyId}/head.json`;
export const releasePath = (n: number) => `${RELEASES_DIR}/${String(n).padStart(RELEASE_DIGITS, '0')}.json`;
export const assignmentPath = (writerKeyId: string, address: string) => `${ASSIGNMENTS_DIR}/${writerKeyId}/${address}.json`;
export const reviewPath = (writerKeyId: string, address: string) => `${REVIEWS_DIR}/${writerKeyId}/${address}.json`;
export const commentPath = (writerKeyId: string, address: string) => `${COMMENTS_DIR}/${writerKeyId}/${address}.json`;

/** The kinds of review record and the folder each is kept in. */
export const REVIEW_RECORD_DIRS = { assignment: ASSIGNMENTS_DIR, review: REVIEWS_DIR, comment: COMMENTS_DIR } as const;
export type ReviewRecordKind = keyof typeof REVIEW_RECORD_DIRS;
const REVIEW_RECORD_KINDS = new Map<string, ReviewRecordKind>(Object.entries(REVIEW_RECORD_DIRS).map(([kind, dir]) => [dir, kind as ReviewRecordKind]));

export type StorePath =
  | { readonly kind: 'store' }
  | { readonly kind: 'key'; readonly address: string }
  | { readonly kind: 'revision'; readonly writer: string; readonly address: string }
  | { readonly kind: 'head'; readonly writer: string }
  | { readonly kind: 'release'; readonly number: number }
  | { readonly kind: ReviewRecordKind; readonly writer: string; readonly address: string }
  | { readonly kind: 'index' }
  | { readonly kind: 'scenario-index'; readonly dataset: string };

/** What a path in the store holds, or null for a path the layout has no place for. */
export function classifyStorePath(path: string): StorePath | null {
  if (path === STORE_FILE) return { kind: 'store' };
  if (path === INDEX_FILE) return { kind: 'index' };
  const parts = path.split('/');
  if (parts.length === 3 && parts[0] === SCENARIOS_DIR && /^[0-9a-f]{16}$/.test(parts[1]) && SCENARIO_FILES.has(parts[2])) return { kind: 'scenario-index', dataset: parts[1] };
  if (parts.length === 2 && parts[0] === RELEASES_DIR) {
    // One spelling per number (no extra leading zeros), so two files cannot both claim release n.
    const m = /^(\d+)\.json$/.exec(parts[1]);
    const n = m ? Number(m[1]) : 0;
    return n >= 1 && Number.isSafeInteger(n) && releasePath(n) === path ? { kind: 'release', number: n } : null;
  }
  const name = (file: string) => (file.endsWith('.json') && HEX64.test(file.slice(0, -5)) ? file.slice(0, -5) : null);
  if (parts.length === 2 && parts[0] === KEYS_DIR) {
    const address = name(parts[1]);
    return address ? { kind: 'key', address } : null;
  }
  const recordKind = REVIEW_RECORD_KINDS.get(parts[0]);
  if (recordKind) {
    const address = parts.length === 3 && HEX64.test(parts[1]) ? name(parts[2]) : null;
    return address ? { kind: recordKind, writer: parts[1], address } : null;
  }
  if (parts[0] !== ANNOTATIONS_DIR || parts.length < 3 || !HEX64.test(parts[1])) return null;
  const writer = parts[1];
  if (parts.length === 3 && parts[2] === 'head.json') return { kind: 'head', writer };
  if (parts.length === 4 && parts[2] === 'revisions') {
    const address = name(parts[3]);
    return address ? { kind: 'revision', writer, address } : null;
  }
  return null;
}
