import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { SigningKey } from '../revisions/keyFiles';
import { publicKeyHex } from '../revisions/nodeCrypto';

/**
 * The Ed25519 key in a PEM file (PKCS #8, as a workspace keeps them in keys/<keyId>.pem), for a
 * command signing with a key named by its file (a lead's admin key). Owner-only files only.
 */
export function loadSigningKeyFile(file: string): SigningKey {
  let pem: Buffer;
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) throw new Error('a private key must be readable by its owner only (chmod 600)');
    pem = readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${file}: not a PEM private key (${(e as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: holds ${privateKey.asymmetricKeyType ?? 'an unknown'} key, not Ed25519`);
  const publicKey = publicKeyHex(createPublicKey(privateKey));
  const keyId = createHash('sha256').update(Buffer.from(publicKey, 'hex')).digest('hex');
  return { keyId, publicKey, privateKey, sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('hex') };
}
