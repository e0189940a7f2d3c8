import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { checkRevision, classifyStorePath, type Finding, type KeyRegistry, type RevisionCrypto, type StoredObject } from '../../../core/revisions';

/** No object Cairn writes comes near this; a larger file is refused unread rather than parsed. */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** A revision's own verdict and, when it passed, its parents: all the ancestry check needs of it. */
export interface RevisionVerdict {
  readonly finding: Finding;
  readonly parents: readonly string[] | null;
}

export const isFinding = (o: StoredObject | Finding): o is Finding => 'status' in o;

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

/** Holds any revision a writer makes by hand; a larger file is read whole. */
const scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * A file of a folder store, read and decoded; a file that cannot be read is a finding, not an
 * error. Read into one reused buffer (decoding copies it out): no stat and no buffer per file,
 * which is most of what reading 100,000 small files costs beyond the system calls.
 */
export function readFolderObject(dir: string, relative: string): StoredObject | Finding {
  try {
    const fd = openSync(path.join(dir, ...relative.split('/')), 'r');
    try {
      const got = readSync(fd, scratch, 0, scratch.length, 0);
      return decodeObject(relative, got < scratch.length ? scratch.subarray(0, got) : readFileSync(fd));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return unreadable(relative, `cannot be read: ${(e as Error).message}`);
  }
}

export function unreadable(relative: string, message: string): Finding {
  const where = classifyStorePath(relative);
  const address = where && 'address' in where ? where.address : null;
  return { path: relative, kind: where && where.kind !== 'index' && where.kind !== 'scenario-index' ? where.kind : 'unknown', address, status: 'malformed', message };
}

/** Every check of one revision, its signature included, on this thread. Never throws. */
export function revisionVerdict(object: StoredObject | Finding, registry: KeyRegistry, crypto: RevisionCrypto): RevisionVerdict {
  if (isFinding(object)) return { finding: object, parents: null };
  const check = checkRevision(object, registry, crypto);
  return { finding: check.finding, parents: check.revision?.parents ?? null };
}
