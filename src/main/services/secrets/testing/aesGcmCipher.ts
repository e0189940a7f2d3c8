import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../secretStore';

/** A real cipher for tests where the OS keychain cannot run: AES-256-GCM under a given key (nonce ‖ tag ‖ ciphertext). */
export function aesGcmCipher(key: Buffer, available = () => true): SecretCipher {
  return {
    name: 'AES-256-GCM (test key)',
    isAvailable: available,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    decrypt(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
