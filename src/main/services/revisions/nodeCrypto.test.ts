import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeRevisionCrypto, publicKeyHex } from './nodeCrypto';

describe('the host crypto', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keyHex = publicKeyHex(publicKey);
  const message = '{"author":{"keyId":"k"},"note":"é ✓"}';
  const signatureHex = sign(null, Buffer.from(message, 'utf8'), privateKey).toString('hex');
  const crypto = createNodeRevisionCrypto();

  it("passes node:crypto's signature over the message's UTF-8 and nothing changed", () => {
    expect(crypto.verify(keyHex, message, signatureHex)).toBe(true);
    expect(crypto.verify(keyHex, message.replace('✓', '✗'), signatureHex)).toBe(false);
    const flipped = (Number.parseInt(signatureHex[10], 16) ^ 1).toString(16);
    expect(crypto.verify(keyHex, message, signatureHex.slice(0, 10) + flipped + signatureHex.slice(11))).toBe(false);
    const other = publicKeyHex(generateKeyPairSync('ed25519').publicKey);
    expect(crypto.verify(other, message, signatureHex)).toBe(false);
  });

  it('answers false, never throws, for keys and signatures that are not hex of the right length', () => {
    expect(crypto.verify('zz'.repeat(32), message, signatureHex)).toBe(false);
    expect(crypto.verify(keyHex.slice(2), message, signatureHex)).toBe(false);
    expect(crypto.verify(keyHex, message, signatureHex.slice(2))).toBe(false);
    expect(crypto.verify(keyHex, message, `${signatureHex.slice(0, 126)}g0`)).toBe(false);
  });

  it('refuses a small-order public key, which accepts a forged signature under a lax check', () => {
    // The identity point (y = 1) as a key and the signature R = identity, S = 0: sB = R + hA holds for
    // any message, so a check that does not refuse small-order points would pass it.
    const identity = `01${'00'.repeat(31)}`;
    expect(crypto.verify(identity, message, identity + '00'.repeat(32))).toBe(false);
  });

  it('hashes UTF-8 text and derives a key id from the key bytes', () => {
    expect(crypto.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(crypto.keyIdOf(keyHex)).toMatch(/^[0-9a-f]{64}$/);
  });
});
