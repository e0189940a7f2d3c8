import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../stores/localStore';
import { RawFileHasher } from './rawFileHasher';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('RawFileHasher', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cairn-hasher-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes a file whole, reads it once while its size and mtime stay, and again when they change', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(path.join(dir, 'sweep.bin'), bytes);
    // A whole second, so restoring it below gives back exactly the mtime the cache saw.
    const mtime = new Date(1_700_000_000_000);
    utimesSync(path.join(dir, 'sweep.bin'), mtime, mtime);
    const store = new LocalStore('s', dir);
    const hasher = new RawFileHasher();
    const [a, b] = await Promise.all([hasher.sha256(store, 'sweep.bin'), hasher.sha256(store, 'sweep.bin')]);
    expect(a).toBe(sha(bytes));
    expect(b).toBe(a);
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(a);
    expect(hasher.filesRead).toBe(1);

    // Same size and mtime: the cache answers (this is the key, so a same-size rewrite restoring the mtime is not seen).
    const changed = Buffer.from(bytes);
    changed[5] = 8;
    writeFileSync(path.join(dir, 'sweep.bin'), changed);
    utimesSync(path.join(dir, 'sweep.bin'), mtime, mtime);
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(a);
    // A new mtime: read again.
    utimesSync(path.join(dir, 'sweep.bin'), mtime, new Date(mtime.getTime() + 5000));
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(sha(changed));
    expect(hasher.filesRead).toBe(2);
  });

  it('answers null for a missing file or a path leaving the store, and hashes an empty file', async () => {
    writeFileSync(path.join(dir, 'empty.bin'), '');
    const store = new LocalStore('s', dir);
    const hasher = new RawFileHasher();
    expect(await hasher.sha256(store, 'missing.bin')).toBeNull();
    expect(await hasher.sha256(store, '../etc/passwd')).toBeNull();
    expect(await hasher.sha256(store, 'empty.bin')).toBe(sha(Buffer.alloc(0)));
  });
});
