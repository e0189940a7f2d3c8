import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { RevisionCrypto } from '../../../core/revisions';

/**
 * The verifier's crypto on node:crypto (OpenSSL's Ed25519, native code, no added dependency;
 * @noble/ed25519 is pure JavaScript and was not measured against it). A public key is parsed once
 * per key, not per object: a store has a handful of keys and 100,000 objects.
 */
export interface NodeRevisionCrypto extends RevisionCrypto {
  /** The same check as `verify`, run on libuv's thread pool, so it overlaps the caller's reading and parsing on another core. */
  verifyAsync(publicKeyHex: string, message: string, signatureHex: string): Promise<boolean>;
}

export function createNodeRevisionCrypto(): NodeRevisionCrypto {
  const keys = new Map<string, KeyObject | null>();
  const keyObject = (publicKeyHex: string): KeyObject | null => {
    let key = keys.get(publicKeyHex);
    if (key === undefined) {
      try {
        key = publicKeyFromHex(publicKeyHex);
      } catch {
        key = null;
      }
      keys.set(publicKeyHex, key);
    }
    return key;
  };
  return {
    sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    keyIdOf: (publicKeyHex) => createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex'),
    verify: (publicKeyHex, message, signatureHex) => {
      const key = keyObject(publicKeyHex);
      if (!key) return false;
      try {
        return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
      } catch {
        return false;
      }
    },
    verifyAsync: (publicKeyHex, message, signatureHex) =>
      new Promise((resolve) => {
        const key = keyObject(publicKeyHex);
        if (!key) return resolve(false);
        try {
          verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signatureHex, 'hex'), (error, ok) => resolve(!error && ok));
        } catch {
          resolve(false);
        }
      }),
  };
}

export function publicKeyFromHex(publicKeyHex: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
}

export function publicKeyHex(key: KeyObject): string {
  const { x } = key.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(x, 'base64url').toString('hex');
}
