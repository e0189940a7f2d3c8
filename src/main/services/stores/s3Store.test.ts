import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { policyAllowing } from '../access/testing/policyAllowing';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PointCloudService } from '../pointclouds/pointCloudService';
import { RawFileHasher } from '../lineage/rawFileHasher';
import { describeS3Failure, redactorFor } from './s3Source';
import { parseS3Location, s3ClientFor, s3OptionsFromEnv, S3Store, type S3ConnectionOptions } from './s3Store';
import { StoreRegistry } from './storeRegistry';
import { fourPointOctree } from '../../testing/potreeFixture';

/** s3rver ships no types; this is the part of it the tests use. */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverServer;

const BUCKET = 'cairn-data';
/** s3rver's built-in key pair; it checks the access key id but not v4 signatures. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYzz-cairn-test-secret';

const blob = new Uint8Array(100_000).map((_, i) => (i * 7919 + 13) & 0xff);
const big = new Uint8Array(4 << 20).map((_, i) => (i * 31) & 0xff);
let dir: string;
let server: S3rverServer;
let endpoint: string;
let connection: S3ConnectionOptions;
let client: S3Client;
let deadEndpoint: string;

async function put(key: string, body: Uint8Array, contentType?: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) }));
}

async function bytesOf(body: Readable | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body ?? []) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function store(prefix = 'blobs', options: Partial<S3ConnectionOptions> = {}): S3Store {
  return new S3Store('s3-test', { bucket: BUCKET, prefix, ...connection, ...options });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-s3-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  connection = { endpoint, region: 'eu-central-1', credentials: CREDENTIALS };
  client = s3ClientFor(connection);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const [name, bytes] of Object.entries(fourPointOctree())) await put(`scenes/four/${name}`, bytes, name === 'metadata.json' ? 'text/html' : undefined);
  await put('blobs/blob.bin', blob);
  await put('blobs/big.bin', big);
  await put('blobs/empty.bin', new Uint8Array(0));
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

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('parseS3Location', () => {
  it('splits bucket and key, keeping the key as written', () => {
    expect(parseS3Location('s3://bucket/prefix/metadata.json')).toEqual({ bucket: 'bucket', key: 'prefix/metadata.json' });
    expect(parseS3Location('S3://my.bucket-1/a b/%20/')).toEqual({ bucket: 'my.bucket-1', key: 'a b/%20/' });
    expect(parseS3Location('s3://bucket')).toEqual({ bucket: 'bucket', key: '' });
    expect(parseS3Location('  s3://bucket/  ')).toEqual({ bucket: 'bucket', key: '' });
  });

  it('refuses what is not a bucket location', () => {
    expect(() => parseS3Location('https://bucket/x')).toThrow('not an s3:// location');
    expect(() => parseS3Location('s3:///x')).toThrow('"" is not a valid bucket name');
    expect(() => parseS3Location('s3://key:secret@bucket/x')).toThrow('is not a valid bucket name');
    expect(() => parseS3Location('s3://-bucket/x')).toThrow('is not a valid bucket name');
  });
});

describe('s3OptionsFromEnv', () => {
  it('reads the endpoint, region and addressing style from CAIRN_S3_*', () => {
    expect(s3OptionsFromEnv({})).toEqual({});
    expect(s3OptionsFromEnv({ CAIRN_S3_ENDPOINT: ' http://minio:9000 ', CAIRN_S3_REGION: 'eu-west-3', CAIRN_S3_FORCE_PATH_STYLE: 'false', AWS_REGION: 'us-west-2' })).toEqual({
      endpoint: 'http://minio:9000',
      region: 'eu-west-3',
      forcePathStyle: false,
    });
    expect(s3OptionsFromEnv({ AWS_DEFAULT_REGION: 'ap-south-1', CAIRN_S3_FORCE_PATH_STYLE: '1' })).toEqual({ region: 'ap-south-1', forcePathStyle: true });
    expect(s3OptionsFromEnv({ AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' })).toEqual({ region: 'us-west-2' });
    expect(() => s3OptionsFromEnv({ CAIRN_S3_FORCE_PATH_STYLE: 'sometimes' })).toThrow('CAIRN_S3_FORCE_PATH_STYLE');
  });

  it('sets up S3-compatible endpoints so that streamed uploads arrive intact', async () => {
    // With the SDK's default checksums (since 3.729) a streamed body goes out aws-chunked with a
    // trailing CRC, which servers without that extension (s3rver, older MinIO / Ceph) store verbatim.
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'blobs/streamed.txt', Body: Readable.from([Buffer.from('hello '), Buffer.from('world')]), ContentLength: 11 }));
    const src = store().source('streamed.txt')!;
    expect(await src.size()).toBe(11);
    expect(Buffer.from(await src.read(0, 100)).toString()).toBe('hello world');
  });

  it('refuses endpoints that are not http(s) URLs or that carry credentials', () => {
    expect(() => s3ClientFor({ endpoint: 'not a url' })).toThrow('not a URL');
    expect(() => s3ClientFor({ endpoint: 'ftp://minio:9000' })).toThrow('only http and https');
    expect(() => s3ClientFor({ endpoint: `http://admin:${SECRET}@minio:9000` })).toThrow('not in the URL');
    try {
      s3ClientFor({ endpoint: `http://admin:${SECRET}@minio:9000` });
    } catch (e) {
      expect((e as Error).message).not.toContain(SECRET);
    }
  });
});

describe('s3Source', () => {
  it('reads exact windows with range requests and stops at the end of the object', async () => {
    const src = store().source('blob.bin')!;
    expect(src.name).toBe(`s3://${BUCKET}/blobs/blob.bin`);
    expect(await src.size()).toBe(100_000);
    expect(await src.read(1234, 100)).toEqual(blob.subarray(1234, 1334));
    expect(await src.read(0, 1)).toEqual(blob.subarray(0, 1));
    expect(await src.read(99_990, 100)).toEqual(blob.subarray(99_990));
    expect(await src.read(99_999, 1)).toEqual(blob.subarray(99_999));
    expect((await src.read(100_000, 10)).length).toBe(0);
    expect((await src.read(200_000, 10)).length).toBe(0);
    expect((await src.read(10, 0)).length).toBe(0);
    await expect(src.read(-1, 10)).rejects.toThrow('invalid read');
    expect(await store().source('empty.bin')!.size()).toBe(0);
  });

  it('says which object is missing', async () => {
    const missing = store().source('nope.bin')!;
    await expect(missing.size()).rejects.toThrow(`s3://${BUCKET}/blobs/nope.bin: not found`);
    await expect(missing.read(0, 10)).rejects.toThrow(`s3://${BUCKET}/blobs/nope.bin: not found`);
    const noBucket = new S3Store('x', { bucket: 'no-such-bucket', prefix: 'a', ...connection }).source('b.bin')!;
    await expect(noBucket.read(0, 10)).rejects.toThrow('s3://no-such-bucket/a/b.bin: not found: there is no bucket "no-such-bucket"');
  });

  it('reports refused credentials by location, without the secret', async () => {
    const denied = store('blobs', { credentials: { accessKeyId: 'AKIAUNKNOWNKEY', secretAccessKey: SECRET } }).source('blob.bin')!;
    for (const attempt of [() => denied.size(), () => denied.read(0, 10)]) {
      const error = (await attempt().then(
        () => null,
        (e: unknown) => e,
      )) as Error | null;
      expect(error?.message).toMatch(new RegExp(`^s3://${BUCKET}/blobs/blob\\.bin: access denied`));
      expect(error?.message).not.toContain(SECRET);
      expect(JSON.stringify(error)).not.toContain(SECRET);
    }
  });

  it('reports an unreachable endpoint as a network problem', async () => {
    const src = store('blobs', { endpoint: deadEndpoint }).source('blob.bin')!;
    await expect(src.size()).rejects.toThrow(`s3://${BUCKET}/blobs/blob.bin: could not reach the S3 endpoint (ECONNREFUSED`);
  });

  it('versions an object by its ETag, so a hash cache reads an object rewritten at the same size again', async () => {
    const first = new Uint8Array(5000).fill(1);
    const second = new Uint8Array(5000).fill(2);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    await put('blobs/same-size.bin', first);
    const hasher = new RawFileHasher();
    expect(await hasher.sha256(store(), 'same-size.bin')).toBe(sha(first));
    expect(await hasher.sha256(store(), 'same-size.bin')).toBe(sha(first));
    expect(hasher.filesRead).toBe(1);
    await put('blobs/same-size.bin', second);
    expect(await hasher.sha256(store(), 'same-size.bin')).toBe(sha(second));
    expect(hasher.filesRead).toBe(2);
  });

  it('names every way to give credentials when the SDK finds none, the ones the cairn commands can read included', () => {
    const none = describeS3Failure(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'b', 'k');
    expect(none.problem).toBe('no-credentials');
    for (const way of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', '~/.aws/credentials', '<workspace>/secrets.json', 'cairn serve']) expect(none.message).toContain(way);
  });

  it('never repeats a known secret that an underlying error carried', () => {
    const redact = redactorFor([SECRET, undefined, 'ab']);
    const failure = describeS3Failure(Object.assign(new Error(`socket hang up near ${SECRET}`), { code: 'ECONNRESET' }), 'b', 'k', redact);
    expect(failure.message).toBe('s3://b/k: could not reach the S3 endpoint (ECONNRESET: socket hang up near ***)');
    const odd = describeS3Failure(Object.assign(new Error(`signature for ${SECRET}`), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }), 'b', 'k', redact);
    expect(odd.message).toBe('s3://b/k: the S3 service answered 503 (SlowDown: signature for ***)');
    expect(odd.problem).toBe('service');
  });
});

describe('S3Store.serve', () => {
  it('answers 200 with the whole object, streamed, and the usual headers', async () => {
    const out = await store().serve('blob.bin', null, 'GET');
    expect(out.status).toBe(200);
    expect(out.headers).toMatchObject({ 'Content-Type': 'application/octet-stream', 'Content-Length': '100000', 'Accept-Ranges': 'bytes' });
    expect(out.headers['ETag']).toMatch(/^"[0-9a-f]{32}"$/);
    expect(new Date(out.headers['Last-Modified']).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(out.headers['Content-Range']).toBeUndefined();
    expect((await bytesOf(out.body)).equals(blob)).toBe(true);
  });

  it('streams a large object in chunks rather than buffering it', async () => {
    const out = await store().serve('big.bin', null, 'GET');
    expect(out.body).toBeInstanceOf(Readable);
    const sizes: number[] = [];
    const chunks: Buffer[] = [];
    for await (const c of out.body!) {
      sizes.push((c as Buffer).length);
      chunks.push(c as Buffer);
    }
    expect(sizes.length).toBeGreaterThan(4);
    expect(Math.max(...sizes)).toBeLessThan(big.length / 4);
    expect(Buffer.concat(chunks).equals(big)).toBe(true); // (toEqual on 4 MiB is slow)
  });

  it('answers 206 with the Content-Range and the bytes of the range asked for', async () => {
    const s = store();
    const cases: [string, number, number][] = [
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=99990-', 99_990, 99_999],
      ['bytes=99990-200000', 99_990, 99_999],
      ['bytes=-10', 99_990, 99_999],
      ['bytes=7-7', 7, 7],
    ];
    for (const [range, start, end] of cases) {
      const out = await s.serve('blob.bin', range, 'GET');
      expect(out.status, range).toBe(206);
      expect(out.headers['Content-Range'], range).toBe(`bytes ${start}-${end}/100000`);
      expect(out.headers['Content-Length'], range).toBe(String(end - start + 1));
      expect(new Uint8Array(await bytesOf(out.body)), range).toEqual(blob.subarray(start, end + 1));
    }
  });

  it('answers 416 with the size for ranges outside the object', async () => {
    const s = store();
    for (const range of ['bytes=100000-', 'bytes=150000-150010', 'bytes=5-3', 'bytes=abc', 'bytes=-0']) {
      const out = await s.serve('blob.bin', range, 'GET');
      expect(out.status, range).toBe(416);
      expect(out.headers['Content-Range'], range).toBe('bytes */100000');
      expect(out.body, range).toBeUndefined();
    }
    expect((await s.serve('empty.bin', 'bytes=0-', 'GET')).headers['Content-Range']).toBe('bytes */0');
  });

  it('answers HEAD with headers and no body', async () => {
    const s = store();
    const whole = await s.serve('blob.bin', null, 'HEAD');
    expect(whole).toMatchObject({ status: 200, headers: { 'Content-Length': '100000', 'Accept-Ranges': 'bytes' } });
    expect(whole.body).toBeUndefined();
    const part = await s.serve('blob.bin', 'bytes=10-19', 'HEAD');
    expect(part).toMatchObject({ status: 206, headers: { 'Content-Range': 'bytes 10-19/100000', 'Content-Length': '10' } });
    expect(part.body).toBeUndefined();
    expect((await s.serve('nope.bin', null, 'HEAD')).status).toBe(404);
  });

  it('answers 404 for missing keys and for paths that would leave the prefix', async () => {
    const s = store('scenes/four');
    expect(s.label).toBe(`s3://${BUCKET}/scenes/four/`);
    expect((await s.serve('octree.bin', null, 'HEAD')).status).toBe(200);
    expect((await s.serve('missing.bin', null, 'GET')).status).toBe(404);
    expect((await s.serve('missing.bin', 'bytes=0-9', 'GET')).status).toBe(404);
    for (const bad of ['../../blobs/blob.bin', '/blobs/blob.bin', './octree.bin', 'a/../octree.bin', '', 'x\\y']) {
      expect((await s.serve(bad, null, 'GET')).status, bad).toBe(404);
      expect(s.source(bad), bad).toBeNull();
    }
  });

  it('types files by name, not by what the uploader stored', async () => {
    const out = await store('scenes/four').serve('metadata.json', null, 'GET');
    expect(out.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse((await bytesOf(out.body)).toString()).name).toBe('four');
  });

  it('answers 403 and 502 with a message naming the object, never the secret', async () => {
    const denied = await store('blobs', { credentials: { accessKeyId: 'AKIAUNKNOWNKEY', secretAccessKey: SECRET } }).serve('blob.bin', 'bytes=0-9', 'GET');
    expect(denied.status).toBe(403);
    const text = (await bytesOf(denied.body)).toString();
    expect(text).toMatch(new RegExp(`^s3://${BUCKET}/blobs/blob\\.bin: access denied`));
    expect(text).not.toContain(SECRET);
    const down = await store('blobs', { endpoint: deadEndpoint }).serve('blob.bin', null, 'GET');
    expect(down.status).toBe(502);
    expect((await bytesOf(down.body)).toString()).toContain(`s3://${BUCKET}/blobs/blob.bin: could not reach the S3 endpoint`);
  });
});

describe('PointCloudService with s3:// locations', () => {
  it('opens an octree in a bucket and streams its files through the store registry', async () => {
    const stores = new StoreRegistry();
    const clouds = new PointCloudService(stores, null, { s3: connection, policy: policyAllowing(`s3://${BUCKET}/`) });
    const info = await clouds.open(`s3://${BUCKET}/scenes/four/`);
    expect(info).toMatchObject({ status: 'ready', name: 'four', points: 4, projection: 'EPSG:32633', source: `s3://${BUCKET}/scenes/four/`, bounds: { max: [1004, 2002.5, 3.5] } });
    expect(await clouds.open(`s3://${BUCKET}/scenes/four/metadata.json`)).toMatchObject({ cloudId: info.cloudId });
    expect(await clouds.open(`s3://${BUCKET}/scenes/four`)).toMatchObject({ cloudId: info.cloudId });
    expect(clouds.list()).toHaveLength(1);
    expect(stores.get(info.storeId!)?.kind).toBe('s3');
    const out = await stores.serve(info.storeId!, 'octree.bin', 'bytes=14-27', 'GET');
    expect(out.status).toBe(206);
    expect(out.headers['Content-Range']).toBe('bytes 14-27/56');
    const node = await bytesOf(out.body);
    expect(node.length).toBe(14);
    expect(node.readInt32LE(0)).toBe(150);
    expect(node.readUInt16LE(12)).toBe(20);
    expect((await stores.serve(info.storeId!, 'hierarchy.bin', null, 'GET')).headers['Content-Length']).toBe('22');
    expect((await stores.serve(info.storeId!, '../../blobs/blob.bin', null, 'GET')).status).toBe(404);
  });

  it('reads the endpoint from CAIRN_S3_* and the credentials through the SDK provider chain when not given', async () => {
    vi.stubEnv('CAIRN_S3_ENDPOINT', endpoint);
    vi.stubEnv('CAIRN_S3_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    const stores = new StoreRegistry();
    const info = await new PointCloudService(stores, null, { policy: policyAllowing(`s3://${BUCKET}/`) }).open(`s3://${BUCKET}/scenes/four/metadata.json`);
    expect(info).toMatchObject({ status: 'ready', points: 4 });
    expect((await stores.serve(info.storeId!, 'octree.bin', 'bytes=0-13', 'GET')).status).toBe(206);
  });

  it('says clearly what is wrong with an s3:// location', async () => {
    const clouds = new PointCloudService(new StoreRegistry(), null, { s3: connection, policy: policyAllowing('s3://no-such-bucket/', `s3://${BUCKET}/`) });
    await expect(clouds.open(`s3://${BUCKET}/scenes/nothing/`)).rejects.toThrow(`s3://${BUCKET}/scenes/nothing/metadata.json: not found`);
    await expect(clouds.open('s3://no-such-bucket/four/')).rejects.toThrow('s3://no-such-bucket/four/metadata.json: not found');
    await expect(clouds.open('s3://Not A Bucket/x')).rejects.toThrow('is not a valid bucket name');
    const denied = new PointCloudService(new StoreRegistry(), null, { policy: policyAllowing(`s3://${BUCKET}/`), s3: { ...connection, credentials: { accessKeyId: 'AKIAUNKNOWNKEY', secretAccessKey: SECRET } } });
    const error = (await denied.open(`s3://${BUCKET}/scenes/four/`).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(new RegExp(`^s3://${BUCKET}/scenes/four/metadata\\.json: access denied`));
    expect(error.message).not.toContain(SECRET);
    vi.stubEnv('CAIRN_S3_FORCE_PATH_STYLE', 'maybe');
    await expect(new PointCloudService(new StoreRegistry(), null, { policy: policyAllowing(`s3://${BUCKET}/`) }).open(`s3://${BUCKET}/x/`)).rejects.toThrow('S3 settings: CAIRN_S3_FORCE_PATH_STYLE');
  });
});
