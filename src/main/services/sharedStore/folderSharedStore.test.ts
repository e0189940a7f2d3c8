import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderSharedStore } from './folderSharedStore';
import { StoreUnreachableError } from './sharedStore';

let dir: string;
let store: FolderSharedStore;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-shared-folder-'));
  store = new FolderSharedStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a folder shared store', () => {
  it('writes, reads back and lists objects; a missing one reads as null', async () => {
    expect(await store.put('annotations/a/head.json', bytes('one'))).toBe('written');
    expect(await store.put('annotations/a/head.json', bytes('two'))).toBe('written');
    await store.put('annotations/ab/revisions/x.json', bytes('x'));
    await store.put('store.json', bytes('{}'));
    expect(text(await store.get('annotations/a/head.json'))).toBe('two');
    expect(await store.get('annotations/none.json')).toBeNull();
    expect(await store.get('store.json/inside')).toBeNull();
    expect(await store.list('')).toEqual(['annotations/a/head.json', 'annotations/ab/revisions/x.json', 'store.json']);
    expect(await store.list('annotations/a/')).toEqual(['annotations/a/head.json']);
    // A prefix may end inside a name, as on S3.
    expect(await store.list('annotations/a')).toEqual(['annotations/a/head.json', 'annotations/ab/revisions/x.json']);
    expect(await store.list('keys/')).toEqual([]);
  });

  it('never lists dot names: writes in progress and probes', async () => {
    await store.put('keys/k.json', bytes('k'));
    writeFileSync(path.join(dir, 'keys', '.k2.json.123.tmp'), 'half');
    mkdirSync(path.join(dir, '.cairn-probe'));
    writeFileSync(path.join(dir, '.cairn-probe', 'p'), 'p');
    expect(await store.list('')).toEqual(['keys/k.json']);
    expect(await store.list('.cairn-probe/')).toEqual([]);
  });

  it('leaves no temporary file behind after plain and create-only writes', async () => {
    await store.put('releases/000001.json', bytes('a'), { ifAbsent: true });
    await store.put('releases/000001.json', bytes('b'), { ifAbsent: true });
    await store.put('releases/000002.json', bytes('c'));
    expect(readdirSync(path.join(dir, 'releases')).sort()).toEqual(['000001.json', '000002.json']);
  });

  it('refuses paths that climb out or are not relative', async () => {
    for (const bad of ['../x', '/etc/passwd', 'a//b', 'a/./b', 'a\\b', '']) {
      await expect(store.get(bad)).rejects.toThrow(/is not a store path/);
      await expect(store.put(bad, bytes('x'))).rejects.toThrow(/is not a store path/);
    }
    await expect(store.list('../')).rejects.toThrow(/is not a store path/);
  });

  it('creates only if absent: of two concurrent create-only puts of one name exactly one is written, and its bytes are what the name holds', async () => {
    for (let round = 0; round < 20; round++) {
      const name = `releases/${String(round).padStart(6, '0')}.json`;
      const results = await Promise.all([
        store.put(name, bytes(`first ${round}`), { ifAbsent: true }),
        new FolderSharedStore(dir).put(name, bytes(`second ${round}`), { ifAbsent: true }),
      ]);
      expect(results.filter((r) => r === 'written')).toHaveLength(1);
      expect(results.filter((r) => r === 'exists')).toHaveLength(1);
      const winner = results[0] === 'written' ? 'first' : 'second';
      expect(readFileSync(path.join(dir, name), 'utf8')).toBe(`${winner} ${round}`);
    }
  });

  it('probes: lists, writes, range-reads and creates only if absent, and leaves nothing behind', async () => {
    await store.put('store.json', bytes('{}'));
    expect(await store.capabilities()).toEqual({ list: true, write: true, rangeRead: true, conditionalWrite: true });
    expect(readdirSync(dir)).toEqual(['store.json']);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('probes a read-only folder as readable but not writable', async () => {
    await store.put('store.json', bytes('{}'));
    chmodSync(dir, 0o555);
    try {
      expect(await new FolderSharedStore(dir).capabilities()).toEqual({ list: true, write: false, rangeRead: true, conditionalWrite: false });
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('reports a missing folder as unreachable (an unmounted share), not as an empty store', async () => {
    const gone = new FolderSharedStore(path.join(dir, 'not-mounted'));
    await expect(gone.list('')).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(gone.get('store.json')).rejects.toThrow(/not-mounted: no such folder/);
    await expect(gone.put('store.json', bytes('{}'))).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(gone.capabilities()).rejects.toBeInstanceOf(StoreUnreachableError);
  });
});
