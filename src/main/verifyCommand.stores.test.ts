import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishRelease } from './services/revisions/releases';
import { writeSmallHistory, T0 } from './services/revisions/testing/smallHistory';
import { FolderSharedStore } from './services/sharedStore/folderSharedStore';
import { writeStoreIndex } from './services/sharedStore/httpSharedStore';
import { S3SharedStore } from './services/sharedStore/s3SharedStore';
import { startS3rver, type RunningS3rver } from './services/sharedStore/testing/s3rver';
import { serveFolder, type StaticServer } from './services/sharedStore/testing/staticServer';
import { runVerify } from './verifyCommand';

const BUCKET = 'cairn-verify-command';
let dir: string;
let s3: RunningS3rver;
let http: StaticServer;

function capture() {
  const lines: string[] = [];
  return { write: (s: string) => lines.push(s), text: () => lines.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-verify-command-'));
  const history = writeSmallHistory(dir);
  const folder = new FolderSharedStore(dir);
  await publishRelease(folder, history.reviewer, { heads: [history.revisions[3], history.revisions[4]], message: 'reviewed', createdAt: T0 + 100 });
  await writeStoreIndex(folder);
  s3 = await startS3rver([BUCKET]);
  const bucket = new S3SharedStore({ bucket: BUCKET, prefix: 'team', client: s3.client });
  for (const file of await folder.list('')) await bucket.put(file, (await folder.get(file))!);
  http = await serveFolder(dir);
});
afterAll(async () => {
  await http?.stop();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.unstubAllEnvs());

describe('cairn verify over every kind of store', () => {
  it('a folder with a release', async () => {
    const out = capture();
    expect(await runVerify([dir], out, capture())).toBe(0);
    expect(out.text()).toMatch(/^13 objects: 13 ok; 5 revisions usable, 1 release\(s\) sound; root key/);
  });

  it('an s3:// location, with the S3 settings from the environment', async () => {
    vi.stubEnv('CAIRN_S3_ENDPOINT', s3.connection.endpoint!);
    vi.stubEnv('CAIRN_S3_REGION', 'eu-central-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    const [out, err] = [capture(), capture()];
    expect(await runVerify([`s3://${BUCKET}/team`], out, err)).toBe(0);
    expect(err.text()).toMatch(new RegExp(`^14 files in s3://${BUCKET}/team/\\n`));
    expect(out.text()).toMatch(/^13 objects: 13 ok; 5 revisions usable, 1 release\(s\) sound/);
  });

  it('an http:// location whose server has the index', async () => {
    const out = capture();
    expect(await runVerify([http.url], out, capture())).toBe(0);
    expect(out.text()).toMatch(/^13 objects: 13 ok; 5 revisions usable, 1 release\(s\) sound/);
  });

  it('names the store that cannot be reached or listed', async () => {
    const bare = mkdtempSync(path.join(os.tmpdir(), 'cairn-verify-bare-'));
    const server = await serveFolder(bare);
    try {
      const err = capture();
      expect(await runVerify([server.url], capture(), err)).toBe(1);
      expect(err.text()).toBe(`cairn verify: ${server.url}: listing needs the store's index.json, which this server does not have (publish the folder with its index)\n`);
    } finally {
      await server.stop();
      rmSync(bare, { recursive: true, force: true });
    }
    const err = capture();
    expect(await runVerify(['ftp://host/store'], capture(), err)).toBe(2);
    expect(err.text()).toMatch(/ftp:\/\/host\/store: unsupported location/);
  });
});
