import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderSharedStore } from './folderSharedStore';
import { HttpSharedStore, INDEX_FILE, writeStoreIndex } from './httpSharedStore';
import { openSharedStore } from './openSharedStore';
import { S3SharedStore } from './s3SharedStore';
import { StoreCapabilityError, StoreUnreachableError } from './sharedStore';
import { serveFolder, type StaticServer } from './testing/staticServer';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

let dir: string;
let folder: FolderSharedStore;
let server: StaticServer;
let deadUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-shared-http-'));
  folder = new FolderSharedStore(dir);
  for (const name of ['store.json', 'keys/a.json', 'annotations/w/head.json', 'annotations/w/revisions/r #1?.json']) await folder.put(name, bytes(`{"name":"${name}"}`));
  server = await serveFolder(dir);
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/store/`;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an HTTP shared store (a folder store behind a static server on 127.0.0.1)', () => {
  it('reads objects by path (names with ? and # included); a missing one reads as null', async () => {
    const store = new HttpSharedStore(server.url);
    expect(text(await store.get('keys/a.json'))).toBe('{"name":"keys/a.json"}');
    expect(text(await store.get('annotations/w/revisions/r #1?.json'))).toBe('{"name":"annotations/w/revisions/r #1?.json"}');
    expect(await store.get('keys/none.json')).toBeNull();
    await expect(store.get('../etc/passwd')).rejects.toThrow(/is not a store path/);
  });

  it('lists only through the index.json its publisher wrote; without one, says so', async () => {
    const store = new HttpSharedStore(server.url);
    await expect(store.list('')).rejects.toBeInstanceOf(StoreCapabilityError);
    await expect(store.list('')).rejects.toThrow(`${server.url}: listing needs the store's ${INDEX_FILE}`);
    expect((await store.capabilities()).list).toBe(false);
    expect(await writeStoreIndex(folder)).toBe(4);
    const fresh = new HttpSharedStore(server.url);
    expect(await fresh.list('')).toEqual(['annotations/w/head.json', 'annotations/w/revisions/r #1?.json', 'keys/a.json', 'store.json']);
    expect(await fresh.list('keys/')).toEqual(['keys/a.json']);
    expect(await fresh.capabilities()).toEqual({ list: true, write: false, rangeRead: true, conditionalWrite: false });
  });

  it('refuses writes, naming the store and the missing capability', async () => {
    const store = new HttpSharedStore(server.url);
    const refusal = store.put('keys/b.json', bytes('{}'));
    await expect(refusal).rejects.toBeInstanceOf(StoreCapabilityError);
    await expect(refusal).rejects.toMatchObject({ capability: 'write', store: server.url });
    await expect(store.put('releases/000001.json', bytes('{}'), { ifAbsent: true })).rejects.toThrow(/read-only/);
  });

  it('reports a server that does not answer as unreachable', async () => {
    const store = new HttpSharedStore(deadUrl);
    await expect(store.get('store.json')).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(store.capabilities()).rejects.toBeInstanceOf(StoreUnreachableError);
  });

  it('opens the backend a location names', () => {
    expect(openSharedStore(dir)).toBeInstanceOf(FolderSharedStore);
    expect(openSharedStore(server.url)).toBeInstanceOf(HttpSharedStore);
    const s3 = openSharedStore('s3://team-bucket/stores/one', { s3: { endpoint: 'http://127.0.0.1:9', region: 'eu-central-1' } });
    expect(s3).toBeInstanceOf(S3SharedStore);
    expect(s3.label).toBe('s3://team-bucket/stores/one/');
    expect(() => openSharedStore('ftp://host/store')).toThrow(/unsupported location/);
    expect(() => new HttpSharedStore('https://user:secret@host/store')).toThrow(/credentials in a header/);
  });
});
