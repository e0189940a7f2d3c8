/**
 * The hashing and signature checks the verifier needs, given by the host (node:crypto) so the core
 * stays free of Node and of any one crypto library. Text is hashed and signed as its UTF-8 bytes.
 */
export interface RevisionCrypto {
  /** SHA-256 of the UTF-8 bytes of `text`, as lowercase hex. */
  sha256Hex(text: string): string;
  /** A key's id: SHA-256 of the 32 raw bytes of an Ed25519 public key given as hex. */
  keyIdOf(publicKeyHex: string): string;
  /** Whether `signatureHex` is the Ed25519 signature of the UTF-8 bytes of `message` by `publicKeyHex`. Never throws. */
  verify(publicKeyHex: string, message: string, signatureHex: string): boolean;
}
