import { GetObjectCommand, HeadObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { ByteSource } from '../../../core/io/byteSource';
import { versionOf } from './dataStore';

/** How people (and error messages) name an object: never with credentials or an endpoint's secrets. */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

export type S3Problem = 'not-found' | 'access-denied' | 'no-credentials' | 'invalid-range' | 'network' | 'service';

/** A failed S3 request: names the object (`s3://bucket/key`) and the problem, never the credentials. */
export class S3ObjectError extends Error {
  constructor(
    readonly location: string,
    readonly problem: S3Problem,
    /** The HTTP status the service answered, or null when it was not reached. */
    readonly status: number | null,
    detail: string,
  ) {
    super(`${location}: ${detail}`);
    this.name = 'S3ObjectError';
  }
}

/** Replaces every known secret in a message; errors from deep in the SDK are passed through it. */
export type Redactor = (text: string) => string;

export function redactorFor(secrets: readonly (string | undefined)[]): Redactor {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return (text) => known.reduce((t, s) => t.split(s).join('***'), text);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']);
const ACCESS_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'TokenRefreshRequired', 'AllAccessDisabled', 'AccountProblem', 'Forbidden']);

/**
 * Every way a host finds S3 credentials, for the error that found none. The `cairn` commands
 * cannot decrypt what the desktop app saved (the OS keychain's, through Electron), so it names
 * what they can read (docs/sync.md, "S3 credentials for the cairn commands").
 */
export const NO_CREDENTIALS =
  'no S3 credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE naming a profile in ~/.aws/credentials, ' +
  "or save them for this store in Cairn's Sync panel (the cairn commands read those `cairn serve` saved in <workspace>/secrets.json, not the desktop app's encrypted ones)";

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Turns whatever the SDK (or the network) threw into an S3ObjectError that says what went wrong. */
export function describeS3Failure(e: unknown, bucket: string, key: string, redact: Redactor = (t) => t): S3ObjectError {
  const location = s3Url(bucket, key);
  if (e instanceof S3ObjectError) return e;
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SdkLikeError;
  const code = err.Code || err.name || err.code || 'Error';
  const status = err.$metadata?.httpStatusCode ?? null;
  const message = redact(String(err.message ?? ''));
  const known = code !== 'Unknown' && code !== 'Error' && code !== 'UnknownError';
  if (code === 'NoSuchBucket') return new S3ObjectError(location, 'not-found', status, `not found: there is no bucket "${bucket}" at this S3 endpoint`);
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) return new S3ObjectError(location, 'not-found', status, 'not found');
  if (code === 'InvalidRange' || status === 416) return new S3ObjectError(location, 'invalid-range', status, 'the requested range is not satisfiable');
  if (ACCESS_CODES.has(code) || status === 403 || status === 401) {
    return new S3ObjectError(
      location,
      'access-denied',
      status,
      `access denied${known ? ` (${code})` : ''}: check the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE) and the bucket's policy`,
    );
  }
  if (code === 'CredentialsProviderError') {
    return new S3ObjectError(location, 'no-credentials', null, NO_CREDENTIALS);
  }
  const netCode = err.code && NETWORK_CODES.has(err.code) ? err.code : NETWORK_CODES.has(code) ? code : null;
  if (status === null && (netCode || code === 'TimeoutError' || code === 'AbortError')) {
    return new S3ObjectError(location, 'network', null, `could not reach the S3 endpoint (${netCode ?? code}${message ? `: ${message}` : ''})`);
  }
  const said = [known ? code : '', message && message !== 'UnknownError' ? message : ''].filter(Boolean).join(': ');
  return new S3ObjectError(location, status === null ? 'network' : 'service', status, `the S3 service answered ${status ?? 'nothing'}${said ? ` (${said})` : ''}`);
}

export interface S3SourceOptions {
  readonly redact?: Redactor;
}

/**
 * One S3 object as a ByteSource: HeadObject for the size, GetObject with `Range: bytes=a-b` for
 * each read, so no object is ever downloaded whole. A server that ignores Range is refused.
 */
export function s3Source(client: S3Client, bucket: string, key: string, options: S3SourceOptions = {}): ByteSource & { version(): Promise<string | null> } {
  const name = s3Url(bucket, key);
  const redact = options.redact ?? ((t: string) => t);
  let size: Promise<number> | null = null;
  let version: Promise<string | null> | null = null;

  /** One HeadObject: the size, and the ETag and Last-Modified that version it. */
  const head = () => {
    const got = (async () => {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { length: out.ContentLength, version: versionOf(out.ETag, out.LastModified?.toISOString()) };
      } catch (e) {
        throw describeS3Failure(e, bucket, key, redact);
      }
    })();
    // A transient failure is not remembered.
    version = got.then((h) => h.version);
    version.catch(() => (version = null));
    return got;
  };

  return {
    name,
    size() {
      size ??= (async () => {
        let length: number | undefined;
        try {
          length = (await head()).length;
        } catch (e) {
          size = null; // a transient failure is not remembered
          throw e;
        }
        if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
          size = null;
          throw new S3ObjectError(name, 'service', null, 'the S3 service did not say how large the object is');
        }
        return length;
      })();
      return size;
    },
    /** The ETag and Last-Modified of the HeadObject that gave the size, or of one made now (sourceVersion). */
    version() {
      return version ?? head().then((h) => h.version);
    },
    async read(offset, length) {
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(`${name}: invalid read of ${length} bytes at ${offset}`);
      }
      if (length === 0) return new Uint8Array(0);
      let res: GetObjectCommandOutput;
      try {
        res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${offset}-${offset + length - 1}` }));
      } catch (e) {
        const failure = describeS3Failure(e, bucket, key, redact);
        if (failure.problem === 'invalid-range') return new Uint8Array(0); // at or past the end
        throw failure;
      }
      const body = res.Body as Readable | undefined;
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.ContentRange ?? '');
      if (range ? Number(range[1]) !== offset : offset !== 0) {
        body?.destroy();
        throw new S3ObjectError(name, 'service', 200, `expected the bytes from ${offset} and got ${res.ContentRange ? `"${res.ContentRange}"` : 'the whole object'}; the server must support range requests`);
      }
      if (range && range[3] !== '*' && !size) size = Promise.resolve(Number(range[3]));
      if (!body) return new Uint8Array(0);
      return readAtMost(body, length, (e) => describeS3Failure(e, bucket, key, redact));
    },
  };
}

/** The first `limit` bytes of a stream; the rest (a server that sent more) is not read. */
async function readAtMost(body: Readable, limit: number, fail: (e: unknown) => Error): Promise<Uint8Array> {
  const out = new Uint8Array(limit);
  let got = 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      const take = Math.min(chunk.byteLength, limit - got);
      out.set(chunk.subarray(0, take), got);
      got += take;
      if (got === limit) break; // ends the iteration, which destroys the stream
    }
  } catch (e) {
    throw fail(e);
  }
  return got === limit ? out : out.subarray(0, got);
}
