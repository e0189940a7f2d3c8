import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../services/secrets/testing/aesGcmCipher';
import { safeStorageCipher } from './safeStorageCipher';

/** safeStorage's shape over a real AES-GCM cipher, with the backend Linux would report. */
function safeStorageOver(backend: string, available = true) {
  const inner = aesGcmCipher(randomBytes(32));
  return { isEncryptionAvailable: () => available, encryptString: inner.encrypt, decryptString: inner.decrypt, getSelectedStorageBackend: () => backend };
}

describe('safeStorageCipher', () => {
  it("encrypts through safeStorage, and counts Linux's basic_text backend (a fixed key) or no encryption as unavailable", () => {
    const keyring = safeStorageCipher(safeStorageOver('gnome_libsecret'), 'linux');
    expect(keyring.isAvailable()).toBe(true);
    const sealed = keyring.encrypt('secret');
    expect(sealed.toString('utf8')).not.toContain('secret');
    expect(keyring.decrypt(sealed)).toBe('secret');
    expect(safeStorageCipher(safeStorageOver('basic_text'), 'linux').isAvailable()).toBe(false);
    expect(safeStorageCipher(safeStorageOver('basic_text'), 'darwin').isAvailable()).toBe(true);
    expect(safeStorageCipher(safeStorageOver('gnome_libsecret', false), 'linux').isAvailable()).toBe(false);
  });
});
