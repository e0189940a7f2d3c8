import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ClientFor, type S3ConnectionOptions } from '../stores/s3Store';
import { S3SharedStore } from './s3SharedStore';
import { StoreCapabilityError, StoreUnreachableError } from './sharedStore';
import { startPagingS3rver } from './testing/s3rver';

/** s3rver ships no types; this is the part of it the tests use. */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverServer;

const BUCKET = 'cairn-shared';
/** s3rver's built-in key pair. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

let dir: string;
let server: S3rverServer;
let connection: S3ConnectionOptions;
let client: S3Client;
let deadEndpoint: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-shared-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  connection = { endpoint: `http://127.0.0.1:${port}`, region: 'eu-central-1', credentials: CREDENTIALS };
  client = s3ClientFor(connection);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  // A port nothing listens on, for network failures.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  deadEndpoint = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((r) => probe.close(() => r()));
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an S3 shared store (against s3rver on 127.0.0.1)', () => {
  // Paging is tried below, on an s3rver that can make continuation tokens.
  it('writes, reads back and lists objects under its prefix; a missing one reads as null', async () => {
    const store = new S3SharedStore({ bucket: BUCKET, prefix: 'team/one', client });
    expect(store.label).toBe(`s3://${BUCKET}/team/one/`);
    const names = ['store.json', 'keys/a.json', 'keys/b.json', 'annotations/w/head.json', 'annotations/w/revisions/r.json'];
    for (const name of names) expect(await store.put(name, bytes(name))).toBe('written');
    await store.put('store.json', bytes('replaced'));
    // Neighbours outside the prefix and dot names (writes in progress, probes) are not listed.
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'team/one-other/store.json', Body: 'x' }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'team/one/.cairn-probe/p', Body: 'x' }));
    expect(await store.list('')).toEqual([...names].sort());
    expect(await store.list('keys/')).toEqual(['keys/a.json', 'keys/b.json']);
    expect(text(await store.get('store.json'))).toBe('replaced');
    expect(await store.get('keys/none.json')).toBeNull();
    await expect(store.get('../one-other/store.json')).rejects.toThrow(/is not a store path/);
    await store.close();
  });

  it('s3rver 3.7 ignores If-None-Match on PUT: both create-only puts succeed, so the probe reports no conditional writes', async () => {
    // What the server does, shown directly: the second create-only put replaces the first.
    for (const body of ['first', 'second']) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/once', Body: body, IfNoneMatch: '*' }));
    const store = new S3SharedStore({ bucket: BUCKET, prefix: 'team/probe', client });
    await store.put('store.json', bytes('{"format":"cairn.store"}'));
    expect(await store.capabilities()).toEqual({ list: true, write: true, rangeRead: true, conditionalWrite: false });
    // The probe cleans up after itself.
    expect(await new S3SharedStore({ bucket: BUCKET, prefix: 'team/probe/.cairn-probe', client }).list('')).toEqual([]);
  });

  it('refuses a create-only put on a server without conditional writes, naming the store and the capability', async () => {
    const store = new S3SharedStore({ bucket: BUCKET, prefix: 'team/refuse', client });
    const refusal = store.put('releases/000001.json', bytes('{}'), { ifAbsent: true });
    await expect(refusal).rejects.toBeInstanceOf(StoreCapabilityError);
    await expect(refusal).rejects.toThrow(`s3://${BUCKET}/team/refuse/: creating releases/000001.json only if absent needs conditional writes`);
    expect(await store.get('releases/000001.json')).toBeNull();
  });

  it('reports a server that does not answer as unreachable', async () => {
    const store = new S3SharedStore({ bucket: BUCKET, ...connection, endpoint: deadEndpoint });
    await expect(store.list('')).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(store.get('store.json')).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(store.put('store.json', bytes('{}'))).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(store.capabilities()).rejects.toBeInstanceOf(StoreUnreachableError);
    await store.close();
  });

  it('says which bucket is missing', async () => {
    const store = new S3SharedStore({ bucket: 'no-such-bucket', client });
    await expect(store.get('store.json')).rejects.toThrow(/no bucket "no-such-bucket"/);
    await expect(store.list('')).rejects.toThrow(/no bucket "no-such-bucket"/);
  });
});

describe('an S3 shared store listing page by page', () => {
  it('follows continuation tokens to the last page', async () => {
    const paging = await startPagingS3rver([BUCKET]);
    try {
      const store = new S3SharedStore({ bucket: BUCKET, prefix: 'paged', client: paging.client, listPageSize: 3 });
      const names = Array.from({ length: 12 }, (_, i) => `annotations/w/revisions/${String(i).padStart(2, '0')}.json`);
      for (const name of names) await store.put(name, bytes(name));
      await store.put('.cairn-probe/left-over', bytes('x'));
      expect(await store.list('')).toEqual(names);
      expect(await store.list('annotations/w/revisions/0')).toEqual(names.slice(0, 10));
    } finally {
      await paging.stop();
    }
  });
});
