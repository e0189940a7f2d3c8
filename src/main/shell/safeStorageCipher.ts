import type { SecretCipher } from '../services/secrets/secretStore';

/** The part of Electron's safeStorage the cipher uses (typed here so the shell's tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Secrets encrypted by the OS (macOS Keychain, Windows DPAPI, libsecret / kwallet on Linux) through
 * Electron's safeStorage. On Linux without a keyring safeStorage reports the 'basic_text' backend,
 * a hard-coded key: that is no protection, so it counts as unavailable and saving asks for consent.
 */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher {
  const available = () => safeStorage.isEncryptionAvailable() && !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text');
  return {
    name: platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows (DPAPI)' : "the desktop's keyring",
    isAvailable: available,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
