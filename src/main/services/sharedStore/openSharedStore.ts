import type { S3Client } from '@aws-sdk/client-s3';
import { parseS3Location, s3OptionsFromEnv, type S3ConnectionOptions } from '../stores/s3Store';
import { locationKind } from '../stores/storeFactory';
import { FolderSharedStore } from './folderSharedStore';
import { HttpSharedStore, type HttpSharedStoreOptions } from './httpSharedStore';
import { S3SharedStore } from './s3SharedStore';
import type { SharedStore } from './sharedStore';
import type { S3CredentialSettings } from '../secrets/s3CredentialSettings';

export interface OpenSharedStoreOptions {
  /** For s3:// locations; absent: the host's settings from the environment (s3OptionsFromEnv). */
  readonly s3?: S3ConnectionOptions;
  /** An S3 client to share; it is not closed with the store. */
  readonly s3Client?: S3Client;
  /** S3 settings saved per store in Cairn; where one holds the location they take precedence over `s3` and the environment. */
  readonly s3Settings?: S3CredentialSettings;
  /** For http(s):// locations. */
  readonly http?: HttpSharedStoreOptions;
}

/** The shared store a location names: a folder path, `s3://bucket/prefix` or an `http(s)://` URL (read-only). */
export function openSharedStore(location: string, options: OpenSharedStoreOptions = {}): SharedStore {
  const kind = locationKind(location);
  if (kind === 'local') return new FolderSharedStore(location);
  if (kind === 'http') return new HttpSharedStore(location, options.http);
  const { bucket, key } = parseS3Location(location);
  let connection: S3ConnectionOptions;
  try {
    const base = options.s3 ?? s3OptionsFromEnv();
    connection = options.s3Settings?.connectionFor(location, base) ?? base;
  } catch (e) {
    throw new Error(`${location}: S3 settings: ${(e as Error).message}`);
  }
  return new S3SharedStore({ ...connection, bucket, prefix: key, ...(options.s3Client ? { client: options.s3Client } : {}) });
}
