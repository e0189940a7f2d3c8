import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { policyAllowing } from '../access/testing/policyAllowing';
import { openSharedStore } from '../sharedStore/openSharedStore';
import { startS3rver, type RunningS3rver } from '../sharedStore/testing/s3rver';
import { StoreFactory } from '../stores/storeFactory';
import { createSyncEngine } from '../sync/createSyncEngine';
import { Workspace } from '../workspace/workspace';
import { FileSecretStore } from './fileSecretStore';
import { S3CredentialSettings } from './s3CredentialSettings';
import { aesGcmCipher } from './testing/aesGcmCipher';

const BUCKET = 'cairn-team';
/** s3rver's own key pair is the right one; any other is refused. */
const RIGHT = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const WRONG = { accessKeyId: 'AKIAWRONGKEY0001', secretAccessKey: 'not-the-secret-0123456789' };

let s3: RunningS3rver;
let dir: string;
beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'data/blob.bin', Body: 'twelve bytes' }));
});
afterAll(async () => s3?.stop());
afterEach(() => {
  vi.unstubAllEnvs();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The environment's endpoint and region, without credentials: those come from the settings or the AWS chain. */
const base = () => ({ endpoint: s3.connection.endpoint!, region: s3.connection.region! });

function settingsIn(encrypting: boolean) {
  dir = mkdtempSync(path.join(tmpdir(), 'cairn-s3-settings-'));
  const file = path.join(dir, 'secrets.json');
  return { file, settings: new S3CredentialSettings(new FileSecretStore(file, encrypting ? aesGcmCipher(randomBytes(32)) : null)) };
}

describe('S3 credentials from the settings (against s3rver on 127.0.0.1)', () => {
  it('connects a shared store with the right ones, and with wrong ones fails naming the store and the saved settings', async () => {
    const { settings, file } = settingsIn(true);
    const workspace = Workspace.open(path.join(dir, 'ws'));
    const engine = createSyncEngine(workspace, { ontologyVersion: () => 1, open: (location) => openSharedStore(location, { s3: base(), s3Settings: settings }) });
    try {
      settings.save(`s3://${BUCKET}/team`, WRONG);
      const refused = await engine.connect(`s3://${BUCKET}/team`);
      expect(refused.state).toBe('error');
      expect(refused.message).toContain(`s3://${BUCKET}/team/`);
      expect(refused.message).toContain(`the credentials saved in Cairn's settings for s3://${BUCKET}/team/ were refused`);
      expect(refused.message).not.toContain(WRONG.secretAccessKey);

      const saved = settings.save(`s3://${BUCKET}/team/`, RIGHT);
      expect(saved).toEqual({ location: `s3://${BUCKET}/team/`, endpoint: null, region: null, credentials: { kind: 'keys', keyId: 'S3…', sessionToken: false } });
      const reached = await engine.connect(`s3://${BUCKET}/team`);
      // Reached and listed: the bucket holds no Cairn store yet.
      expect([reached.state, reached.message]).toEqual(['no-store', expect.stringContaining(`s3://${BUCKET}/team/ holds no Cairn store yet`)]);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).not.toContain(RIGHT.secretAccessKey);
    } finally {
      await engine.close();
      workspace.close();
    }
  });

  it('take precedence over the AWS chain while saved, and removing them falls back to it', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', RIGHT.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', RIGHT.secretAccessKey);
    const { settings } = settingsIn(false);
    const probe = async () => {
      const store = openSharedStore(`s3://${BUCKET}/team/`, { s3: base(), s3Settings: settings });
      try {
        return await store.list('');
      } finally {
        await store.close();
      }
    };
    expect(await probe()).toEqual([]);
    // A bucket-wide entry holds every prefix under it.
    settings.save(`s3://${BUCKET}`, { ...WRONG, endpoint: s3.connection.endpoint, region: 'eu-central-1' });
    await expect(probe()).rejects.toThrow(`the credentials saved in Cairn's settings for s3://${BUCKET}/ were refused`);
    expect(settings.list()).toEqual([{ location: `s3://${BUCKET}/`, endpoint: s3.connection.endpoint, region: 'eu-central-1', credentials: { kind: 'keys', keyId: 'AKIA…0001', sessionToken: false } }]);
    settings.remove(`s3://${BUCKET}/`);
    expect(settings.list()).toEqual([]);
    expect(await probe()).toEqual([]);
  });

  it('reach scene data through the store factory, per store', async () => {
    const { settings } = settingsIn(true);
    const factory = new StoreFactory(policyAllowing(`s3://${BUCKET}/`), base(), settings);
    settings.save(`s3://${BUCKET}/data/`, RIGHT);
    expect(await factory.folder(`s3://${BUCKET}/data/`, 'scene').source('blob.bin')!.size()).toBe(12);
    settings.save(`s3://${BUCKET}/data/`, WRONG);
    await expect(factory.folder(`s3://${BUCKET}/data/`, 'scene').source('blob.bin')!.size()).rejects.toThrow('access denied');
  });

  it('refuse incomplete or mixed credentials', () => {
    const { settings } = settingsIn(false);
    expect(() => settings.save(`s3://${BUCKET}/`, { accessKeyId: 'AKIA' })).toThrow('give both the access key id and the secret access key');
    expect(() => settings.save(`s3://${BUCKET}/`, { ...RIGHT, profile: 'work' })).toThrow('not both');
    expect(settings.save(`s3://${BUCKET}/`, { profile: 'work' }).credentials).toEqual({ kind: 'profile', profile: 'work' });
  });
});
