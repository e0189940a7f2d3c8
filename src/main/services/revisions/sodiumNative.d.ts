// The part of sodium-native (libsodium's bindings, which ship no types) the verifier calls.
declare module 'sodium-native' {
  export const crypto_sign_PUBLICKEYBYTES: number;
  export const crypto_sign_BYTES: number;
  /** libsodium's crypto_sign_verify_detached: true when `signature` is `publicKey`'s over `message`. */
  export function crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}
