/**
 * Base64 (RFC 4648, padded) for patch bytes stored in JSON records. Core has neither Buffer nor
 * the DOM's atob, and a patch can be megabytes, so this works on typed arrays directly.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 61; // '='

export const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function toBase64(bytes: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    codes[o++] = CODES[a >> 2];
    codes[o++] = CODES[((a & 3) << 4) | (b >> 4)];
    codes[o++] = i + 1 < bytes.length ? CODES[((b & 15) << 2) | (c >> 6)] : PAD;
    codes[o++] = i + 2 < bytes.length ? CODES[c & 63] : PAD;
  }
  // Characters made in chunks: one string grown a character at a time is slow for megabyte patches.
  const parts: string[] = [];
  for (let k = 0; k < codes.length; k += 8192) parts.push(String.fromCharCode(...codes.subarray(k, k + 8192)));
  return parts.join('');
}

export function fromBase64(text: string, source: string): Uint8Array {
  if (text.length % 4) throw new Error(`${source}: base64 text of ${text.length} characters is not a whole number of 4-character groups`);
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let word = 0;
    for (let k = 0; k < 4; k++) {
      const ch = text.charCodeAt(i + k);
      const v = ch === 61 && i + k >= text.length - pad ? 0 : ch < 128 ? VALUE[ch] : -1;
      if (v < 0) throw new Error(`${source}: character ${i + k} of the base64 text is not base64`);
      word = (word << 6) | v;
    }
    if (o < out.length) out[o++] = (word >> 16) & 255;
    if (o < out.length) out[o++] = (word >> 8) & 255;
    if (o < out.length) out[o++] = word & 255;
  }
  return out;
}
