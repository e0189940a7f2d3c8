import type { ByteSource } from '../../../core/io/byteSource';
import type { FileResponse } from './fileResponse';

/**
 * A place scene data lives: a local folder, an HTTP(S) server, an S3-compatible bucket. The
 * renderer reaches its files only through the host (by store id and relative path), so
 * credentials and real locations never leave the host.
 */
export interface DataStore {
  readonly id: string;
  readonly kind: 'local' | 'http' | 's3';
  /** For people: a folder path or a URL without credentials. */
  readonly label: string;
  /** An HTTP-style answer (200 / 206 / 404 / 416) for a file in the store. */
  serve(relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse>;
  /** Random access to a file in the store, or null when the path is not inside it. */
  source(relativePath: string): ByteSource | null;
}

/** A store-relative path that cannot climb out of its store. */
export function isSafeRelativePath(p: string): boolean {
  if (!p || p.includes('\0') || p.includes('\\') || p.startsWith('/')) return false;
  return !p.split('/').some((seg) => seg === '..' || seg === '.');
}

/** Releases what a store's source holds (a local file's handle); sources without one need nothing. */
export async function releaseSource(source: ByteSource): Promise<void> {
  const closable = source as ByteSource & { close?: () => Promise<void> };
  await closable.close?.().catch(() => undefined);
}

/**
 * What names a remote file's current content, beside its size: its ETag and Last-Modified as the
 * server gave them with the size, or null where a source says neither (a local file has its own
 * stat). A cache keyed by size alone would keep the hash of a file rewritten at the same size.
 */
export async function sourceVersion(source: ByteSource): Promise<string | null> {
  const versioned = source as ByteSource & { version?: () => Promise<string | null> };
  return versioned.version ? versioned.version() : null;
}

/** The version string of an ETag and a Last-Modified, either possibly absent; null when both are. */
export function versionOf(etag: string | null | undefined, lastModified: string | null | undefined): string | null {
  return etag || lastModified ? `etag ${etag ?? '-'}; modified ${lastModified ?? '-'}` : null;
}
