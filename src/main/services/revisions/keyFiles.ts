import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { publicKeyHex } from './nodeCrypto';

/** An author's Ed25519 key pair, as the host holds it to sign. */
export interface SigningKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly privateKey: KeyObject;
  /** The hex Ed25519 signature of the UTF-8 bytes of `text`. */
  sign(text: string): string;
}

function signingKey(privateKey: KeyObject): SigningKey {
  const publicKey = publicKeyHex(createPublicKey(privateKey));
  const keyId = createHash('sha256').update(Buffer.from(publicKey, 'hex')).digest('hex');
  return { keyId, publicKey, privateKey, sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('hex') };
}

export function generateSigningKey(): SigningKey {
  return signingKey(generateKeyPairSync('ed25519').privateKey);
}

/** PKCS #8 DER of an Ed25519 private key, before its 32 seed bytes (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The key a 32-byte seed determines: for reproducible trials and benches, never for people's keys. */
export function signingKeyFromSeed(seed: Uint8Array): SigningKey {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  return signingKey(createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
}

/** Where a workspace keeps its authors' keys: <workspace>/keys/<keyId>.pem (private, 0600). */
export function keyFile(workspaceDir: string, keyId: string): string {
  return path.join(workspaceDir, 'keys', `${keyId}.pem`);
}

/**
 * Saves the private key, readable by its owner only. Never overwrites: a key file is the only copy
 * of an identity, and losing it orphans every prefix it writes.
 */
export function saveSigningKey(workspaceDir: string, key: SigningKey): string {
  const file = keyFile(workspaceDir, key.keyId);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, key.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  return file;
}

export function loadSigningKey(workspaceDir: string, keyId: string): SigningKey {
  const file = keyFile(workspaceDir, keyId);
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file}: a private key must be readable by its owner only (chmod 600)`);
  }
  const key = signingKey(createPrivateKey(readFileSync(file)));
  if (key.keyId !== keyId) throw new Error(`${file}: holds the key ${key.keyId}, not ${keyId}`);
  return key;
}
