import { GetObjectCommand, HeadObjectCommand, S3Client, type GetObjectCommandOutput, type HeadObjectCommandOutput, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { contentTypeFor, decideRange } from './byteRange';
import type { DataStore } from './dataStore';
import { isSafeRelativePath } from './dataStore';
import type { FileResponse } from './fileResponse';
import { describeS3Failure, redactorFor, s3Source, s3Url, type Redactor, type S3ObjectError } from './s3Source';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where and how to reach an S3-compatible service (AWS S3, MinIO, Ceph RGW, ...). */
export interface S3ConnectionOptions {
  /** Defaults to us-east-1; AWS buckets in other regions are found through region redirects. */
  readonly region?: string;
  /** An S3-compatible endpoint such as `http://127.0.0.1:9000`; absent for AWS S3 itself. */
  readonly endpoint?: string;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`; defaults to true with an endpoint. */
  readonly forcePathStyle?: boolean;
  /** Absent: the SDK's default provider chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, SSO, instance roles). */
  readonly credentials?: S3Credentials;
  /** An AWS profile (~/.aws/config, ~/.aws/credentials) whose credentials to use, instead of the default one. */
  readonly profile?: string;
  /** Set where these options are settings saved in Cairn for a store (its `s3://` scope), so a refusal says which. */
  readonly settingsScope?: string;
}

export interface S3StoreConfig extends S3ConnectionOptions {
  readonly bucket: string;
  /** Key prefix of the store's files ('' for the bucket's root); a trailing '/' is added when missing. */
  readonly prefix?: string;
  /** A client to share between stores of the same service; otherwise one is made from the options above. */
  readonly client?: S3Client;
}

/**
 * The one place the host reads its S3 settings from the environment. Credentials are not read here:
 * the SDK's own provider chain finds them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_PROFILE, ~/.aws, instance roles).
 *
 * - `CAIRN_S3_ENDPOINT`: an S3-compatible endpoint (MinIO, Ceph), e.g. `http://127.0.0.1:9000`
 * - `CAIRN_S3_REGION` (else `AWS_REGION`, `AWS_DEFAULT_REGION`, else us-east-1)
 * - `CAIRN_S3_FORCE_PATH_STYLE`: `1`/`true` or `0`/`false` (default: true with an endpoint)
 */
export function s3OptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): S3ConnectionOptions {
  const endpoint = env.CAIRN_S3_ENDPOINT?.trim() || undefined;
  const region = env.CAIRN_S3_REGION?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || undefined;
  const style = env.CAIRN_S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  let forcePathStyle: boolean | undefined;
  if (style === '1' || style === 'true' || style === 'yes') forcePathStyle = true;
  else if (style === '0' || style === 'false' || style === 'no') forcePathStyle = false;
  else if (style) throw new Error(`CAIRN_S3_FORCE_PATH_STYLE="${env.CAIRN_S3_FORCE_PATH_STYLE}": expected true or false`);
  return { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), ...(forcePathStyle !== undefined ? { forcePathStyle } : {}) };
}

/** An S3 client for reading stores. S3-compatible endpoints get the settings they need to work with SDK v3. */
export function s3ClientFor(options: S3ConnectionOptions): S3Client {
  const endpoint = options.endpoint ? checkedEndpoint(options.endpoint) : undefined;
  const config: S3ClientConfig = {
    region: options.region || 'us-east-1',
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: options.forcePathStyle ?? true,
          // Since 3.729 the SDK adds CRC checksums to requests and asks for them in responses by
          // default; many S3-compatible servers reject or mishandle them. Only when an operation requires.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : { forcePathStyle: options.forcePathStyle ?? false, followRegionRedirects: true }),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
    ...(options.profile && !options.credentials ? { profile: options.profile } : {}),
    requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
  };
  return new S3Client(config);
}

function checkedEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`S3 endpoint "${endpoint}" is not a URL (expected e.g. http://127.0.0.1:9000)`);
  }
  if (url.username || url.password) throw new Error(`S3 endpoint ${url.protocol}//${url.host}: put credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, not in the URL`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`S3 endpoint ${url.protocol}//${url.host}: only http and https endpoints are supported`);
  return url.toString().replace(/\/$/, '');
}

export interface S3Location {
  readonly bucket: string;
  /** Everything after the bucket, as written ('' for the bucket itself). S3 keys are not percent-decoded. */
  readonly key: string;
}

/** `s3://bucket/path/to/key` → { bucket, key }. Throws a message naming the location and the problem. */
export function parseS3Location(location: string): S3Location {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/is.exec(location.trim());
  if (!m) throw new Error(`${location}: not an s3:// location (expected s3://bucket/path)`);
  const [, bucket, key = ''] = m;
  if (!/^[a-z0-9][a-z0-9._-]{1,254}$/i.test(bucket)) throw new Error(`${location}: "${bucket}" is not a valid bucket name`);
  if (key.includes('\0')) throw new Error(`${location}: the key contains a NUL character`);
  return { bucket, key };
}

/**
 * Files under a key prefix of an S3 bucket, read by the host with range requests passed through,
 * so the renderer streams octrees from S3 exactly as from a folder and never sees credentials.
 */
export class S3Store implements DataStore {
  readonly kind = 's3' as const;
  readonly label: string;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly redact: Redactor;

  constructor(
    readonly id: string,
    config: S3StoreConfig,
  ) {
    const { bucket } = parseS3Location(`s3://${config.bucket}/`);
    this.bucket = bucket;
    const prefix = (config.prefix ?? '').replace(/^\/+/, '');
    this.prefix = prefix === '' || prefix.endsWith('/') ? prefix : prefix + '/';
    this.client = config.client ?? s3ClientFor(config);
    this.redact = redactorFor([
      config.credentials?.secretAccessKey,
      config.credentials?.sessionToken,
      process.env.AWS_SECRET_ACCESS_KEY,
      process.env.AWS_SESSION_TOKEN,
    ]);
    this.label = s3Url(this.bucket, this.prefix);
  }

  private keyOf(relativePath: string): string | null {
    return isSafeRelativePath(relativePath) ? this.prefix + relativePath : null;
  }

  async serve(relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse> {
    const key = this.keyOf(relativePath);
    if (key === null) return { status: 404, headers: {} };
    try {
      if (method === 'HEAD') return await this.head(key, range);
      const simple = simpleRange(range);
      if (simple === 'needs-size') {
        // A suffix or malformed range: resolved against the size as the local store does.
        const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        const size = head.ContentLength ?? 0;
        const decision = decideRange(range, size);
        if (decision.kind === 'unsatisfiable') return unsatisfiable(key, size);
        return await this.get(key, decision.kind === 'partial' ? `bytes=${decision.range.start}-${decision.range.end}` : undefined);
      }
      return await this.get(key, simple ?? undefined);
    } catch (e) {
      const failure = describeS3Failure(e, this.bucket, key, this.redact);
      if (failure.problem === 'invalid-range') {
        // Past the end: a 416 says how large the object is, as the other stores do.
        try {
          const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
          return unsatisfiable(key, head.ContentLength ?? 0);
        } catch (again) {
          return errorResponse(describeS3Failure(again, this.bucket, key, this.redact));
        }
      }
      return errorResponse(failure);
    }
  }

  source(relativePath: string) {
    const key = this.keyOf(relativePath);
    return key === null ? null : s3Source(this.client, this.bucket, key, { redact: this.redact });
  }

  private async get(key: string, range: string | undefined): Promise<FileResponse> {
    const res: GetObjectCommandOutput = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(range ? { Range: range } : {}) }));
    const body = res.Body as Readable | undefined;
    const total = /\/(\d+)$/.exec(res.ContentRange ?? '');
    if (range && total && Number(total[1]) === 0) {
      // Some S3-compatible servers answer a range of an empty object with 206; S3 answers 416.
      body?.destroy();
      return unsatisfiable(key, 0);
    }
    const headers = baseHeaders(key, res);
    if (res.ContentLength !== undefined) headers['Content-Length'] = String(res.ContentLength);
    if (res.ContentRange) headers['Content-Range'] = res.ContentRange;
    const status = res.ContentRange ? 206 : 200;
    if (res.ContentLength === 0) {
      body?.destroy();
      return { status, headers };
    }
    return { status, headers, body: body ?? Readable.from([]) };
  }

  private async head(key: string, range: string | null | undefined): Promise<FileResponse> {
    const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    const size = res.ContentLength ?? 0;
    const headers = baseHeaders(key, res);
    const decision = decideRange(range, size);
    if (decision.kind === 'unsatisfiable') return unsatisfiable(key, size);
    if (decision.kind === 'full') return { status: 200, headers: { ...headers, 'Content-Length': String(size) } };
    const { start, end } = decision.range;
    return { status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) } };
  }
}

/**
 * A Range header S3 can be given as it is (`bytes=a-b`, `bytes=a-`), none (absent, or several
 * ranges: answered whole, as the local store does), or one that needs the object's size first.
 */
function simpleRange(header: string | null | undefined): string | null | 'needs-size' {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d+)\s*-\s*(\d*)\s*$/i.exec(header);
  if (m) {
    const [, a, b] = m;
    if (b !== '' && Number(b) < Number(a)) return 'needs-size';
    return `bytes=${Number(a)}-${b === '' ? '' : Number(b)}`;
  }
  if (/^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.test(header)) return 'needs-size';
  return header.includes(',') ? null : 'needs-size';
}

function baseHeaders(key: string, res: GetObjectCommandOutput | HeadObjectCommandOutput): Record<string, string> {
  // The type comes from the name, as for local files: an object's stored Content-Type is whatever
  // its uploader set, and the renderer must not be handed, say, text/html for a node file.
  const headers: Record<string, string> = { 'Content-Type': contentTypeFor(key), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  if (res.ETag) headers['ETag'] = res.ETag;
  if (res.LastModified) headers['Last-Modified'] = res.LastModified.toUTCString();
  return headers;
}

function unsatisfiable(key: string, size: number): FileResponse {
  return { status: 416, headers: { 'Content-Type': contentTypeFor(key), 'Accept-Ranges': 'bytes', 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
}

function errorResponse(failure: S3ObjectError): FileResponse {
  if (failure.problem === 'not-found') return { status: 404, headers: {} };
  const status = failure.problem === 'access-denied' ? 403 : 502;
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Readable.from([Buffer.from(failure.message)]) };
}
