import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisionPath, type Finding } from '../../../core/revisions';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { HttpSharedStore, writeStoreIndex } from '../sharedStore/httpSharedStore';
import { S3SharedStore } from '../sharedStore/s3SharedStore';
import type { SharedStore } from '../sharedStore/sharedStore';
import { startS3rver, type RunningS3rver } from '../sharedStore/testing/s3rver';
import { serveFolder, type StaticServer } from '../sharedStore/testing/staticServer';
import { generateSigningKey } from './keyFiles';
import { StoreWriter } from './storeWriter';
import { SCENE, T0, writeSmallHistory, type SmallHistory } from './testing/smallHistory';
import { verifyFolderStore } from './verifyFolder';
import { verifyStore } from './verifyStore';

const BUCKET = 'cairn-verify';
let dir: string;
let history: SmallHistory;
let s3: RunningS3rver;
let http: StaticServer;
let expected: readonly Finding[];

const byPath = (findings: readonly Finding[]) => [...findings].sort((a, b) => a.path.localeCompare(b.path));

async function copyStore(from: SharedStore, to: SharedStore): Promise<void> {
  for (const file of await from.list('')) await to.put(file, (await from.get(file))!);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-verify-stores-'));
  history = writeSmallHistory(dir);
  expected = byPath((await verifyFolderStore(dir)).findings);
  s3 = await startS3rver([BUCKET]);
  await writeStoreIndex(new FolderSharedStore(dir));
  http = await serveFolder(dir);
});
afterAll(async () => {
  await http?.stop();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify over every kind of shared store', () => {
  it('a folder store: the same findings as the direct folder reader, everything ok', async () => {
    const result = await verifyStore(new FolderSharedStore(dir));
    expect(byPath(result.findings)).toEqual(expected);
    expect(result.totals.ok).toBe(12);
    expect([...result.usable].sort()).toEqual([...history.revisions].sort());
  });

  it('an S3 store holding the same objects: the same findings; a changed byte there is caught', async () => {
    const store = new S3SharedStore({ bucket: BUCKET, prefix: 'copy', client: s3.client });
    await copyStore(new FolderSharedStore(dir), store);
    const result = await verifyStore(store, { readAhead: 4 });
    expect(byPath(result.findings)).toEqual(expected);
    const target = revisionPath(history.alice.keyId, history.revisions[1]);
    const original = new TextDecoder().decode((await store.get(target))!);
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `copy/${target}`, Body: original.replace('"message":"1 operation(s)"', '"message":"2 operation(s)"') }));
    const tampered = await verifyStore(store);
    const finding = tampered.findings.find((f) => f.path === target);
    expect(finding?.status).toBe('hash-mismatch');
    // The revisions built on it are excluded with it.
    expect(tampered.usable.has(history.revisions[3])).toBe(false);
  });

  it('an S3 store written through StoreWriter verifies', async () => {
    const store = new S3SharedStore({ bucket: BUCKET, prefix: 'written', client: s3.client });
    const [admin, alice] = [generateSigningKey(), generateSigningKey()];
    const writer = await StoreWriter.create(store, admin, { name: 'admin', createdAt: T0 });
    await expect(StoreWriter.create(store, admin, { name: 'admin', createdAt: T0 })).rejects.toThrow(`s3://${BUCKET}/written/: store.json: a store is already there`);
    await writer.writeKeyRecord(admin, { action: 'register', keyId: alice.keyId, publicKey: alice.publicKey, role: 'annotator', name: 'alice', validFrom: T0, createdAt: T0 + 1 });
    const r1 = await writer.writeRevision(alice, { parents: [], createdAt: T0 + 10, ontologyVersion: 1, sceneId: SCENE, operations: [], message: 'first' });
    await writer.writeHead(alice, [r1], T0 + 10);
    const result = await verifyStore(store);
    expect(result.findings.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(result.totals.ok).toBe(5);
    expect([...result.usable]).toEqual([r1]);
  });

  it('an HTTP store (a folder published with its index): the same findings', async () => {
    const result = await verifyStore(new HttpSharedStore(http.url));
    expect(byPath(result.findings)).toEqual(expected);
  });

  it('a folder store written through StoreWriter: the same bytes as FolderStoreWriter writes', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'cairn-verify-writer-'));
    try {
      const store = new FolderSharedStore(other);
      const writer = await StoreWriter.create(store, history.admin, { name: 'admin', createdAt: T0 });
      await expect(StoreWriter.create(store, history.admin, { name: 'admin', createdAt: T0 })).rejects.toThrow(/a store is already there/);
      await writer.writeKeyRecord(history.admin, { action: 'register', keyId: history.alice.keyId, publicKey: history.alice.publicKey, role: 'annotator', name: 'alice', validFrom: T0, createdAt: T0 + 1 });
      const original = new FolderSharedStore(dir);
      for (const file of await store.list('')) expect(await store.get(file)).toEqual(await original.get(file));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
