import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { LocationPolicy } from '../access/locationPolicy';
import type { DataStore } from './dataStore';
import { HttpStore } from './httpStore';
import { LocalStore } from './localStore';
import { parseS3Location, s3ClientFor, s3OptionsFromEnv, S3Store, type S3ConnectionOptions } from './s3Store';
import type { S3CredentialSettings } from '../secrets/s3CredentialSettings';

export type LocationKind = 'local' | 'http' | 's3';

/** What a user typed to name a folder or file: a local path, an http(s) URL or an s3:// URL. */
export function locationKind(location: string): LocationKind {
  if (/^https?:\/\//i.test(location)) return 'http';
  if (/^s3:\/\//i.test(location)) return 's3';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`${location}: unsupported location (use a local path, an http(s) URL or an s3:// URL)`);
  }
  return 'local';
}

/** A store's id from what it points at: the same folder opened twice is the same store. */
export function storeIdFor(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/**
 * Makes stores for folders named by location, and splits a file location into its folder and
 * name. One S3 client serves every s3:// location reached with the same settings (the
 * environment's, or those saved in Cairn for a store), made on first use.
 */
export class StoreFactory {
  private base: S3ConnectionOptions | null = null;
  private readonly s3 = new Map<string, { options: S3ConnectionOptions; client: S3Client }>();

  constructor(
    private readonly policy: LocationPolicy,
    private readonly s3Options?: S3ConnectionOptions,
    /** S3 settings saved per store; where one holds a location they take precedence over s3Options and the environment. */
    private readonly s3Settings?: S3CredentialSettings,
  ) {}

  /** The folder part and the last name of a location (`…/scene.json` → `…/`, `scene.json`). */
  split(location: string): { folder: string; name: string } {
    const kind = locationKind(location);
    if (kind === 'local') {
      const p = path.resolve(location);
      return { folder: path.dirname(p), name: path.basename(p) };
    }
    const slash = location.lastIndexOf('/');
    return { folder: location.slice(0, slash + 1), name: location.slice(slash + 1) };
  }

  /**
   * Where a location written in a file lands, read from `folder`: a relative one resolves against
   * it (`..` included, for the policy to judge), an absolute path or URL stands as it is.
   */
  resolve(folder: string, written: string): string {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return written;
    const kind = locationKind(folder);
    if (kind === 'local') return path.resolve(folder, written);
    if (written.startsWith('/')) throw new Error(`${written}: a local path lies outside the locations opened in Cairn (the manifest is at ${folder})`);
    if (kind === 'http') return new URL(written, folder.endsWith('/') ? folder : folder + '/').toString();
    const { bucket, key } = parseS3Location(folder);
    return `s3://${bucket}/${path.posix.normalize(`/${key}/${written}`).slice(1)}`;
  }

  /**
   * A store rooted at a folder location; `idPrefix` says what it serves (scene, cloud). The
   * location must lie under a root the policy allows; `context` names the file that named it.
   */
  folder(location: string, idPrefix: string, context?: string): DataStore {
    this.policy.check(location, context);
    const kind = locationKind(location);
    if (kind === 'local') {
      const dir = path.resolve(location);
      return new LocalStore(storeIdFor(idPrefix, dir), dir);
    }
    if (kind === 'http') {
      const u = new URL(location);
      if (!u.pathname.endsWith('/')) u.pathname += '/';
      return new HttpStore(storeIdFor(idPrefix, u.toString()), u.toString());
    }
    const { bucket, key } = parseS3Location(location);
    const prefix = key === '' || key.endsWith('/') ? key : key + '/';
    const s3 = this.s3Connection(location);
    return new S3Store(storeIdFor(idPrefix, `${s3.options.endpoint ?? 'aws'}|s3://${bucket}/${prefix}`), {
      bucket,
      prefix,
      client: s3.client,
      credentials: s3.options.credentials,
    });
  }

  s3Connection(location: string): { options: S3ConnectionOptions; client: S3Client } {
    if (!this.base) {
      try {
        this.base = this.s3Options ?? s3OptionsFromEnv();
      } catch (e) {
        throw new Error(`S3 settings: ${(e as Error).message}`);
      }
    }
    const options = this.s3Settings?.connectionFor(location, this.base) ?? this.base;
    // Keyed by everything that makes a client differ, secrets included (in memory only): changed settings get a new client.
    const key = JSON.stringify(options);
    let s3 = this.s3.get(key);
    if (!s3) {
      s3 = { options, client: s3ClientFor(options) };
      this.s3.set(key, s3);
    }
    return s3;
  }
}
