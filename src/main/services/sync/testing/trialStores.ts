import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FolderSharedStore } from '../../sharedStore/folderSharedStore';
import { S3SharedStore } from '../../sharedStore/s3SharedStore';
import type { RunningS3rver } from '../../sharedStore/testing/s3rver';
import type { TrialStore } from './syncTrial';

/** One folder store per trial under `root`. */
export function folderTrialStores(root: string): TrialStore {
  return {
    make: (trial) => {
      const dir = path.join(root, `store-${trial}`);
      mkdirSync(dir, { recursive: true });
      return { location: dir, open: () => new FolderSharedStore(dir), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

/** One prefix per trial in a bucket of a running s3rver. */
export function s3TrialStores(server: RunningS3rver, bucket: string): TrialStore {
  return {
    make: (trial) => {
      const prefix = `trial-${trial}`;
      return { location: `s3://${bucket}/${prefix}`, open: () => new S3SharedStore({ bucket, prefix, client: server.client }), dispose: async () => {} };
    },
  };
}
