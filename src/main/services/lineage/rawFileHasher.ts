import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { releaseSource, sourceVersion, type DataStore } from '../stores/dataStore';
import { LocalStore } from '../stores/localStore';

/** Bytes read per request from a remote store while hashing (a range read each). */
const REMOTE_CHUNK = 8 * 1024 * 1024;
/** Hashes kept; past this the oldest are forgotten (a hash is 64 characters, so this is a few MiB). */
const MAX_ENTRIES = 50_000;

/**
 * SHA-256 of raw files (LiDAR sweeps, images), computed when first asked for and kept per file,
 * so a file is read once however many labels are made on it, and again only when it changed.
 * What says it changed: a local file's size, modification time, change time and inode (a rewrite
 * that keeps the size and restores the modification time still moves the change time, which no
 * program can set back); a remote file's size with the ETag and Last-Modified its server gave.
 * A remote file whose server gives neither is read again each time: its size alone cannot tell
 * a same-size rewrite from the file that was hashed. Kept for as long as this host runs.
 */
export class RawFileHasher {
  private readonly cache = new Map<string, { key: string; sha256: string }>();
  private readonly inFlight = new Map<string, Promise<string | null>>();
  /** Files read whole so far (a figure for tests and benches: what the cache saved is what it did not read). */
  filesRead = 0;

  /** The file's SHA-256, or null where it cannot be read now (missing, outside its store, unreachable). */
  async sha256(store: DataStore, relativePath: string): Promise<string | null> {
    const id = `${store.id}\u0000${relativePath}`;
    const running = this.inFlight.get(id);
    if (running) return running;
    const work = this.compute(store, relativePath, id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, work);
    return work;
  }

  private async compute(store: DataStore, relativePath: string, id: string): Promise<string | null> {
    try {
      if (store instanceof LocalStore) {
        const file = store.resolve(relativePath);
        if (!file) return null;
        const info = await stat(file);
        const key = `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
        const hit = this.cached(id, key);
        if (hit) return hit;
        this.filesRead++;
        return this.remember(id, key, await hashFile(file));
      }
      const source = store.source(relativePath);
      if (!source) return null;
      try {
        const size = await source.size();
        const version = await sourceVersion(source);
        const key = version === null ? null : `${size}:${version}`;
        const hit = key === null ? null : this.cached(id, key);
        if (hit) return hit;
        const hash = createHash('sha256');
        this.filesRead++;
        for (let offset = 0; offset < size; offset += REMOTE_CHUNK) hash.update(await source.read(offset, Math.min(REMOTE_CHUNK, size - offset)));
        const sha256 = hash.digest('hex');
        return key === null ? sha256 : this.remember(id, key, sha256);
      } finally {
        await releaseSource(source);
      }
    } catch {
      // Lineage records what could be read; a file that cannot be read now is left out, never guessed.
      return null;
    }
  }

  private cached(id: string, key: string): string | null {
    const entry = this.cache.get(id);
    return entry?.key === key ? entry.sha256 : null;
  }

  private remember(id: string, key: string, sha256: string): string {
    this.cache.delete(id);
    this.cache.set(id, { key, sha256 });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return sha256;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
