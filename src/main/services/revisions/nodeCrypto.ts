import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import sodium from 'sodium-native';
import type { RevisionCrypto } from '../../../core/revisions';

/**
 * The verifier's crypto: SHA-256 from node:crypto, Ed25519 signatures checked by libsodium
 * (sodium-native), which costs 0.55 x OpenSSL's check here (56 vs 101 us a signature,
 * bench/revisions/ed25519.bench.ts) and is most of what verifying a store costs. libsodium is also
 * the stricter of the two (it refuses small-order keys and R points, which OpenSSL accepts), so
 * nothing it passes would fail elsewhere. Signing stays on node:crypto: Ed25519 signatures are
 * deterministic, the same bytes whichever library makes them.
 */
/** The RevisionCrypto of the host (main process, CLI, worker threads). */
export type NodeRevisionCrypto = RevisionCrypto;

const HEX64 = /^[0-9a-f]{64}$/i;
const HEX128 = /^[0-9a-f]{128}$/i;

export function createNodeRevisionCrypto(): NodeRevisionCrypto {
  // A store has a handful of keys and 100,000 objects: each key's bytes are decoded once.
  const keys = new Map<string, Buffer | null>();
  const keyBytes = (publicKeyHex: string): Buffer | null => {
    let key = keys.get(publicKeyHex);
    if (key === undefined) {
      key = HEX64.test(publicKeyHex) ? Buffer.from(publicKeyHex, 'hex') : null;
      keys.set(publicKeyHex, key);
    }
    return key;
  };
  const verify = (publicKeyHex: string, message: string, signatureHex: string): boolean => {
    const key = keyBytes(publicKeyHex);
    if (!key || !HEX128.test(signatureHex)) return false;
    return sodium.crypto_sign_verify_detached(Buffer.from(signatureHex, 'hex'), Buffer.from(message, 'utf8'), key);
  };
  return {
    sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
    keyIdOf: (publicKeyHex) => createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex'),
    verify,
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
