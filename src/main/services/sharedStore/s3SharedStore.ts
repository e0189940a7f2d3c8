import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeS3Failure, redactorFor, s3Url, type Redactor } from '../stores/s3Source';
import { parseS3Location, s3ClientFor, type S3ConnectionOptions } from '../stores/s3Store';
import { StoreUnreachableError, type SharedStore, type StoreCapabilities } from './sharedStore';
import { cachedProbe, checkStorePath, checkStorePrefix, equalBytes, isHiddenPath, missingCapability, probePath } from './storePaths';

export interface S3SharedStoreConfig extends S3ConnectionOptions {
  readonly bucket: string;
  /** Key prefix of the store ('' for the bucket's root); a trailing '/' is added when missing. */
  readonly prefix?: string;
  /** A client shared with other stores of the same service; otherwise one is made (and closed with the store). */
  readonly client?: S3Client;
  /** Keys per ListObjectsV2 page (the service's own limit, 1,000, when absent); tests make it small to page. */
  readonly listPageSize?: number;
}

/** A conditional put that met another one in flight (AWS answers 409): tried again this many times. */
const CONFLICT_RETRIES = 3;

interface SdkError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}
const statusOf = (e: unknown) => (e as SdkError | null)?.$metadata?.httpStatusCode;
const codeOf = (e: unknown) => (e as SdkError | null)?.Code ?? (e as SdkError | null)?.name;

/**
 * A shared store under a key prefix of an S3-compatible bucket. S3 writes are atomic per object, so
 * no temporary names are needed; create-only puts send `If-None-Match: *` (AWS S3 since 2024,
 * MinIO, Ceph), but only where the probe saw the store honour it: a server that ignores the header
 * would let two publishers both "create" one release.
 */
export class S3SharedStore implements SharedStore {
  readonly kind = 's3' as const;
  readonly label: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly capabilities: SharedStore['capabilities'];
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly redact: Redactor;
  private readonly pageSize: number | undefined;
  private readonly settingsScope: string | undefined;

  constructor(config: S3SharedStoreConfig) {
    this.bucket = parseS3Location(`s3://${config.bucket}/`).bucket;
    const prefix = (config.prefix ?? '').replace(/^\/+/, '');
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
    this.ownsClient = !config.client;
    this.client = config.client ?? s3ClientFor(config);
    this.redact = redactorFor([config.credentials?.secretAccessKey, config.credentials?.sessionToken, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN]);
    this.pageSize = config.listPageSize;
    this.settingsScope = config.settingsScope;
    this.label = s3Url(this.bucket, this.prefix);
    this.capabilities = cachedProbe((signal) => this.probe(signal));
  }

  private keyOf(path: string): string {
    return this.prefix + checkStorePath(this.label, path);
  }

  /** What the SDK threw, as an error naming the object: unreachable (sync retries later) or the service's refusal. */
  private failure(e: unknown, key: string, what: string): Error {
    const failure = describeS3Failure(e, this.bucket, key, this.redact);
    // The failure's message starts with the object's s3:// address already.
    if (failure.problem === 'network') return new StoreUnreachableError(this.label, `${what}: ${failure.message}`, { cause: e });
    if (failure.problem === 'access-denied' && this.settingsScope) {
      // The credentials are the ones saved in Cairn for this store, not the environment's: say so, and where to change them.
      const code = failure.message.match(/access denied( \([A-Za-z]+\))?/)?.[1] ?? '';
      return new Error(`${this.label}: ${what}: ${failure.location}: access denied${code}: the credentials saved in Cairn's settings for ${this.settingsScope} were refused; check them (Sync panel, S3 credentials) and the bucket's policy`, { cause: e });
    }
    return new Error(`${this.label}: ${what}: ${failure.message}`, { cause: e });
  }

  async list(prefix: string, signal?: AbortSignal): Promise<string[]> {
    const start = this.prefix + checkStorePrefix(this.label, prefix);
    const out: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: start, ContinuationToken: token, MaxKeys: this.pageSize }), { abortSignal: signal });
      } catch (e) {
        throw this.failure(e, start, 'cannot list');
      }
      for (const object of page.Contents ?? []) {
        const path = object.Key?.slice(this.prefix.length);
        if (path && !path.endsWith('/') && !isHiddenPath(path)) out.push(path);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  }

  async get(path: string, signal?: AbortSignal): Promise<Uint8Array | null> {
    return this.read(this.keyOf(path), undefined, signal);
  }

  private async read(key: string, range: string | undefined, signal?: AbortSignal): Promise<Uint8Array | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: range } : {}) }), { abortSignal: signal });
      return res.Body ? await res.Body.transformToByteArray() : new Uint8Array(0);
    } catch (e) {
      // A missing bucket is a misconfigured store, not an empty one: only a missing key reads as null.
      if (codeOf(e) !== 'NoSuchBucket' && describeS3Failure(e, this.bucket, key, this.redact).problem === 'not-found') return null;
      throw this.failure(e, key, 'cannot read');
    }
  }

  async put(path: string, bytes: Uint8Array, options: { ifAbsent?: boolean; signal?: AbortSignal } = {}): Promise<'written' | 'exists'> {
    const key = this.keyOf(path);
    if (options.ifAbsent && !(await this.capabilities(options.signal)).conditionalWrite) {
      throw missingCapability(this.label, 'conditionalWrite', `creating ${path} only if absent`);
    }
    return this.write(key, bytes, options.ifAbsent ?? false, options.signal);
  }

  private async write(key: string, bytes: Uint8Array, ifAbsent: boolean, signal?: AbortSignal): Promise<'written' | 'exists'> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ...(ifAbsent ? { IfNoneMatch: '*' } : {}) }), { abortSignal: signal });
        return 'written';
      } catch (e) {
        if (ifAbsent && (statusOf(e) === 412 || codeOf(e) === 'PreconditionFailed')) return 'exists';
        // 409 ConditionalRequestConflict: another conditional put of this key was in flight; AWS says to retry.
        if (ifAbsent && statusOf(e) === 409 && attempt < CONFLICT_RETRIES) continue;
        throw this.failure(e, key, 'cannot write');
      }
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  /**
   * Tries each capability on the bucket: a listing, a write read back, a create-only write made
   * twice (the second must answer 412; a server that ignores If-None-Match writes it again, and then
   * this store has no conditional writes), a range read. Probe objects are deleted afterwards.
   */
  private async probe(signal?: AbortSignal): Promise<StoreCapabilities> {
    const refusedOrThrow = (e: unknown): false => {
      if (e instanceof StoreUnreachableError) throw e;
      return false;
    };
    const list = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }), { abortSignal: signal }).then(
      () => true,
      (e) => refusedOrThrow(this.failure(e, this.prefix, 'cannot list')),
    );
    const name = probePath();
    const plain = this.keyOf(`${name}-plain`);
    const once = this.keyOf(`${name}-once`);
    const bytes = new TextEncoder().encode(`cairn probe ${name}\n`);
    let write = false;
    let conditionalWrite = false;
    let rangeRead = false;
    try {
      write = await this.write(plain, bytes, false, signal).then(async () => equalBytes(await this.read(plain, undefined, signal), bytes), refusedOrThrow);
      if (write) {
        const first = await this.write(once, bytes, true, signal).catch(refusedOrThrow);
        const second = await this.write(once, new TextEncoder().encode('second'), true, signal).catch(refusedOrThrow);
        conditionalWrite = first === 'written' && second === 'exists';
      }
      const sample = write ? plain : (await this.list('').catch(refusedOrThrow)) ? this.keyOf('store.json') : null;
      const whole = sample === plain ? bytes : sample ? await this.read(sample, undefined, signal).catch(refusedOrThrow) : null;
      if (sample && whole && whole.length >= 5) {
        const part = await this.read(sample, 'bytes=2-4', signal).catch(refusedOrThrow);
        rangeRead = part !== false && equalBytes(part, whole.subarray(2, 5));
      }
    } finally {
      if (write) {
        for (const key of [plain, once]) await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      }
    }
    return { list, write, rangeRead, conditionalWrite };
  }
}
