import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileResponse } from './fileResponse';
import { fileSource } from './fileSource';
import { httpSource } from './httpSource';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';

const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) & 0xff);
let dir: string;
let file: string;
let server: LoopbackServer;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-src-'));
  file = path.join(dir, 'blob.bin');
  writeFileSync(file, bytes);
  // A real HTTP server on 127.0.0.1: /ranged honours Range (the host's own file responder),
  // /plain ignores it as some static servers do.
  server = await startLoopbackServer(async (req, res) => {
    if (req.url === '/plain') {
      res.writeHead(200, { 'Content-Length': String(bytes.length) });
      return void res.end(Buffer.from(bytes));
    }
    if (req.url === '/missing') return void res.writeHead(404).end();
    return fileResponse(file, req.headers.range, req.method);
  });
  base = server.base;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fileSource', () => {
  it('reads exact windows and stops at the end of the file', async () => {
    const src = fileSource(file);
    expect(await src.size()).toBe(100_000);
    expect(await src.read(1234, 100)).toEqual(bytes.subarray(1234, 1334));
    expect(await src.read(99_990, 100)).toEqual(bytes.subarray(99_990));
    expect((await src.read(200_000, 10)).length).toBe(0);
    await expect(src.read(-1, 10)).rejects.toThrow('invalid read');
    await src.close();
  });

  it('names the file when it cannot be opened', async () => {
    await expect(fileSource(path.join(dir, 'nope.las')).size()).rejects.toThrow('nope.las');
  });
});

describe('httpSource', () => {
  it('reads windows with range requests', async () => {
    const src = httpSource(`${base}/ranged?sig=secret`);
    expect(await src.size()).toBe(100_000);
    expect(await src.read(50_000, 4096)).toEqual(bytes.subarray(50_000, 54_096));
    expect(await src.read(99_999, 10)).toEqual(bytes.subarray(99_999));
    expect(src.name).not.toContain('secret');
  });

  it('refuses a server that ignores Range, and reports HTTP errors by URL', async () => {
    await expect(httpSource(`${base}/plain`).read(10, 10)).rejects.toThrow('range requests');
    await expect(httpSource(`${base}/missing`).size()).rejects.toThrow(`${base}/missing: HEAD answered 404`);
  });
});
