import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from './fileSecretStore';
import { SecretRefusal } from './secretStore';
import { aesGcmCipher } from './testing/aesGcmCipher';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('FileSecretStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cairn-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with an encrypting cipher: keeps the secret encrypted in a 0600 file and reads it back', () => {
    const file = path.join(dir, 'nested', 'secrets.json');
    const key = randomBytes(32);
    const store = new FileSecretStore(file, aesGcmCipher(key));
    expect(store.protection).toMatchObject({ encrypted: true, plaintextNeedsConsent: false });
    store.set('s3:s3://bucket/', SECRET);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(new FileSecretStore(file, aesGcmCipher(key)).get('s3:s3://bucket/')).toBe(SECRET);
    // Another key cannot read it (GCM's tag refuses), so the file alone gives nothing away.
    expect(() => new FileSecretStore(file, aesGcmCipher(randomBytes(32))).get('s3:s3://bucket/')).toThrow();
    store.delete('s3:s3://bucket/');
    expect(store.names()).toEqual([]);
    expect(modeOf(file)).toBe(0o600);
  });

  it('without a cipher (web host, CLI): plaintext in a 0600 file, and says it is not encrypted', () => {
    const file = path.join(dir, 'secrets.json');
    const store = new FileSecretStore(file);
    expect(store.protection).toMatchObject({ encrypted: false, plaintextNeedsConsent: false, where: expect.stringContaining('not encrypted') });
    store.set('a', SECRET);
    expect(modeOf(file)).toBe(0o600);
    expect(store.get('a')).toBe(SECRET);
    expect(store.get('b')).toBeNull();
  });

  it('with a cipher the OS cannot run: refuses plaintext unless the user accepts, then keeps it marked plaintext', () => {
    const file = path.join(dir, 'secrets.json');
    const store = new FileSecretStore(file, aesGcmCipher(randomBytes(32), () => false));
    expect(store.protection).toMatchObject({ encrypted: false, plaintextNeedsConsent: true });
    expect(() => store.set('a', SECRET)).toThrow(SecretRefusal);
    expect(store.names()).toEqual([]);
    store.set('a', SECRET, { allowPlaintext: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.a.encoding).toBe('plaintext');
    expect(store.get('a')).toBe(SECRET);
    expect(modeOf(file)).toBe(0o600);
  });
});
