import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../testing/loopbackServer';
import { HttpStore } from '../stores/httpStore';
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

    // A new mtime: read again.
    const changed = Buffer.from(bytes);
    changed[5] = 8;
    writeFileSync(path.join(dir, 'sweep.bin'), changed);
    utimesSync(path.join(dir, 'sweep.bin'), mtime, new Date(mtime.getTime() + 5000));
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(sha(changed));
    expect(hasher.filesRead).toBe(2);
  });

  it('reads a file again when it was rewritten at the same size with its mtime put back (its change time moved)', async () => {
    const file = path.join(dir, 'sweep.bin');
    const bytes = Buffer.alloc(4096, 7);
    const mtime = new Date(1_700_000_000_000);
    writeFileSync(file, bytes);
    utimesSync(file, mtime, mtime);
    const store = new LocalStore('s', dir);
    const hasher = new RawFileHasher();
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(sha(bytes));
    const seen = statSync(file).ctimeMs;
    const changed = Buffer.from(bytes);
    changed[5] = 8;
    // The kernel stamps change times from a clock that ticks every few milliseconds: rewrite until it
    // has moved on from the one the cache saw (what is tested is the state, not how long it takes).
    do {
      writeFileSync(file, changed);
      utimesSync(file, mtime, mtime);
      if (statSync(file).ctimeMs === seen) await new Promise((r) => setTimeout(r, 5));
    } while (statSync(file).ctimeMs === seen);
    expect(statSync(file).mtimeMs).toBe(mtime.getTime());
    expect(await hasher.sha256(store, 'sweep.bin')).toBe(sha(changed));
    expect(hasher.filesRead).toBe(2);
  });

  it('keys a remote file by its size with its ETag or Last-Modified, and reads one whose server gives neither every time', async () => {
    let body = Buffer.alloc(10_000, 1);
    let etag: string | null = '"v1"';
    let modified: string | null = null;
    const requests: string[] = [];
    const server = await startLoopbackServer(async (req, res) => {
      requests.push(req.method!);
      const headers: Record<string, string> = { 'Accept-Ranges': 'bytes' };
      if (etag) headers.ETag = etag;
      if (modified) headers['Last-Modified'] = modified;
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (req.method === 'HEAD') {
        res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
        return void res.end();
      }
      if (!range) {
        res.writeHead(400);
        return void res.end();
      }
      const part = body.subarray(Number(range[1]), Number(range[2]) + 1);
      res.writeHead(206, { ...headers, 'Content-Length': String(part.length), 'Content-Range': `bytes ${range[1]}-${Number(range[1]) + part.length - 1}/${body.length}` });
      res.end(part);
    });
    try {
      const store = new HttpStore('h', `${server.base}/data/`);
      const hasher = new RawFileHasher();
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(hasher.filesRead).toBe(1);

      // Rewritten at the same size: a new ETag says so.
      body = Buffer.alloc(10_000, 2);
      etag = '"v2"';
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(hasher.filesRead).toBe(2);

      // Last-Modified alone versions it too.
      etag = null;
      modified = 'Sun, 06 Dec 2026 10:00:00 GMT';
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(hasher.filesRead).toBe(3);

      // Neither: the size alone cannot tell a same-size rewrite, so every ask reads it.
      modified = null;
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      body = Buffer.alloc(10_000, 3);
      expect(await hasher.sha256(store, 'cam/0.png')).toBe(sha(body));
      expect(hasher.filesRead).toBe(5);
      expect(requests.filter((m) => m === 'GET')).toHaveLength(5);
    } finally {
      await server.close();
    }
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
