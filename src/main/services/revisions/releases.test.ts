import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildKeyRegistry, checkReleases, releasePath, type StoredObject } from '../../../core/revisions';
import { createNodeRevisionCrypto } from './nodeCrypto';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { HttpSharedStore } from '../sharedStore/httpSharedStore';
import { S3SharedStore } from '../sharedStore/s3SharedStore';
import { StoreCapabilityError } from '../sharedStore/sharedStore';
import { startS3rver, type RunningS3rver } from '../sharedStore/testing/s3rver';
import { serveFolder, type StaticServer } from '../sharedStore/testing/staticServer';
import { generateSigningKey } from './keyFiles';
import { latestRelease, publishRelease } from './releases';
import { releaseObject } from './signedObjects';
import { T0, writeSmallHistory, type SmallHistory } from './testing/smallHistory';
import { verifyStore } from './verifyStore';

let dir: string;
let history: SmallHistory;
let store: FolderSharedStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-releases-'));
  history = writeSmallHistory(dir);
  store = new FolderSharedStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const heads = () => [history.revisions[3], history.revisions[4]];

describe('the release log', () => {
  it('publishes numbered releases, each naming the one before it, and verify accepts them', async () => {
    const first = await publishRelease(store, history.reviewer, { heads: heads(), message: 'week 1', createdAt: T0 + 100 });
    expect(first).toMatchObject({ number: 1, path: 'releases/000001.json', attempts: 1 });
    const second = await publishRelease(store, history.admin, { heads: [history.revisions[4]], message: 'week 2', createdAt: T0 + 200 });
    expect(second.number).toBe(2);
    expect(await latestRelease(store)).toEqual({ number: 2, address: second.address, path: 'releases/000002.json' });
    const result = await verifyStore(store);
    expect(result.findings.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(result.releases.map((r) => [r.number, r.address, r.body.previous])).toEqual([
      [1, first.address, null],
      [2, second.address, first.address],
    ]);
    expect(result.findings.find((f) => f.path === second.path)?.message).toMatch(/release 2 by admin \(admin\)/);
  });

  it('two publishers racing on a folder never share a number: every release is published, the log is one chain', async () => {
    const publishers = [history.reviewer, history.admin, history.reviewer, history.admin];
    const published = await Promise.all(
      publishers.map((key, i) => publishRelease(new FolderSharedStore(dir), key, { heads: heads(), message: `publisher ${i}`, createdAt: T0 + 100 + i }, { maxAttempts: 10 })),
    );
    expect(published.map((p) => p.number).sort()).toEqual([1, 2, 3, 4]);
    // How many numbers were lost to others depends on scheduling; what is checked is the outcome.
    expect(published.reduce((n, p) => n + p.attempts, 0)).toBeGreaterThanOrEqual(4);
    const result = await verifyStore(store);
    expect(result.findings.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(result.releases.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < 4; i++) expect(result.releases[i].body.previous).toBe(result.releases[i - 1].address);
  });

  it('a release signed by an annotator is reported and excluded, and so is the release that follows it', async () => {
    const forged = releaseObject(history.alice, { number: 1, previous: null, heads: heads(), createdAt: T0 + 100, message: 'not mine to release' });
    await store.put(forged.path, new TextEncoder().encode(forged.text), { ifAbsent: true });
    const next = await publishRelease(store, history.reviewer, { heads: heads(), message: 'after', createdAt: T0 + 200 });
    expect(next.number).toBe(2);
    const result = await verifyStore(store);
    const status = (p: string) => result.findings.find((f) => f.path === p);
    expect(status(releasePath(1))).toMatchObject({ status: 'role-not-allowed', kind: 'release' });
    expect(status(releasePath(1))?.message).toMatch(/\(alice\), an annotator: only reviewers and admins publish releases$/);
    expect(status(releasePath(2))).toMatchObject({ status: 'bad-parent', message: 'release 1, which it follows, is excluded' });
    expect(result.releases).toEqual([]);
  });

  it('detects every single flipped byte of a release, and excludes the releases after it', async () => {
    await publishRelease(store, history.reviewer, { heads: heads(), message: 'one', createdAt: T0 + 100 });
    await publishRelease(store, history.reviewer, { heads: heads(), message: 'two', createdAt: T0 + 200 });
    const crypto = createNodeRevisionCrypto();
    const text = async (p: string): Promise<StoredObject> => ({ path: p, text: new TextDecoder().decode((await store.get(p))!) });
    const { registry } = buildKeyRegistry(await text('store.json'), await Promise.all((await store.list('keys/')).map(text)), crypto);
    const usable = (a: string) => (history.revisions.includes(a) ? null : ('missing' as const));
    const [first, second] = [await text(releasePath(1)), await text(releasePath(2))];
    expect(checkReleases([first, second], registry, usable, crypto).verified).toHaveLength(2);
    const bytes = new TextEncoder().encode(first.text);
    for (let i = 0; i < bytes.length; i++) {
      const changed = Uint8Array.from(bytes);
      changed[i] ^= 0x01;
      const checked = checkReleases([{ path: first.path, text: new TextDecoder().decode(changed) }, second], registry, usable, crypto);
      expect(checked.findings.map((f) => f.status === 'ok'), `byte ${i}`).toEqual([false, false]);
    }
  });

  it('a release that snapshots a revision the store does not hold is excluded', async () => {
    await publishRelease(store, history.reviewer, { heads: ['cd'.repeat(32)], message: 'nothing there', createdAt: T0 + 100 });
    const result = await verifyStore(store);
    expect(result.findings.find((f) => f.path === releasePath(1))).toMatchObject({ status: 'bad-parent', message: `snapshots ${'cd'.repeat(32)}, which is missing from the store` });
  });

  it('a release by a key no admin registered is written (a store cannot tell) but verify reports it', async () => {
    const stranger = generateSigningKey();
    await publishRelease(store, stranger, { heads: heads(), message: 'who am I', createdAt: T0 + 100 });
    const result = await verifyStore(store);
    expect(result.findings.find((f) => f.path === releasePath(1))?.status).toBe('unknown-key');
  });
});

describe('releases on stores without conditional writes', () => {
  let s3: RunningS3rver;
  let http: StaticServer;
  let plain: string;
  beforeAll(async () => {
    s3 = await startS3rver(['cairn-releases']);
    plain = mkdtempSync(path.join(os.tmpdir(), 'cairn-releases-http-'));
    writeSmallHistory(plain);
    http = await serveFolder(plain);
  });
  afterAll(async () => {
    await http?.stop();
    await s3?.stop();
    rmSync(plain, { recursive: true, force: true });
  });

  it('are refused on s3rver (it ignores If-None-Match), naming the store and the capability, and nothing is written', async () => {
    const bucket = new S3SharedStore({ bucket: 'cairn-releases', prefix: 'team', client: s3.client });
    const key = generateSigningKey();
    const refusal = publishRelease(bucket, key, { heads: [], message: 'x', createdAt: T0 });
    await expect(refusal).rejects.toBeInstanceOf(StoreCapabilityError);
    await expect(refusal).rejects.toThrow('s3://cairn-releases/team/: publishing a release needs conditional writes (create-only puts), which this store does not offer');
    await expect(refusal).rejects.toMatchObject({ capability: 'conditionalWrite' });
    expect(await bucket.list('releases/')).toEqual([]);
  });

  it('are refused on a read-only HTTP store', async () => {
    const refusal = publishRelease(new HttpSharedStore(http.url), generateSigningKey(), { heads: [], message: 'x', createdAt: T0 });
    await expect(refusal).rejects.toMatchObject({ capability: 'write', message: `${http.url}: publishing a release needs writes, which this store does not offer` });
  });
});
