/**
 * Where the host keeps secrets (S3 credentials) out of the renderer's reach. The Electron shell
 * encrypts them with the OS's keychain (safeStorage); the web host and the CLI keep them in a file
 * only the user can read, not encrypted, and say so.
 */
export interface SecretStore {
  readonly protection: SecretProtection;
  get(name: string): string | null;
  /** `allowPlaintext`: the user accepted keeping it unencrypted where the OS offers no encryption. */
  set(name: string, value: string, options?: { allowPlaintext?: boolean }): void;
  delete(name: string): void;
  names(): string[];
}

export interface SecretProtection {
  /** Whether saved secrets are encrypted at rest. */
  readonly encrypted: boolean;
  /** For people: how and where they are kept. */
  readonly where: string;
  /** The OS offers no encryption here: saving needs the user's consent to keep them in plaintext. */
  readonly plaintextNeedsConsent: boolean;
}

/** Encrypts secrets at rest (Electron's safeStorage, or a test's AES-GCM). */
export interface SecretCipher {
  /** For people: what encrypts ("the OS keychain"). */
  readonly name: string;
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** A secret the store refuses to keep as asked (plaintext without consent). */
export class SecretRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretRefusal';
  }
}
