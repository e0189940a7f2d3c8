import { FormatError, type ByteSource } from '../io/byteSource';

/**
 * Reads exactly `length` bytes or throws: a short read means the file is truncated, and every
 * caller would otherwise have to re-check the length before indexing into the result.
 */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new FormatError(source.name, Number.isSafeInteger(offset) ? offset : null, `${what}: impossible byte range (${offset}, ${length})`);
  }
  if (length === 0) return new Uint8Array(0);
  const bytes = await source.read(offset, length);
  if (bytes.byteLength < length) {
    throw new FormatError(source.name, offset + bytes.byteLength, `file is truncated: ${what} needs ${length} bytes at byte ${offset}, only ${bytes.byteLength} are there`);
  }
  return bytes.byteLength === length ? bytes : bytes.subarray(0, length);
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A 64-bit unsigned field as a JS number; sizes and counts beyond 2^53 cannot describe a real
 * file, so they come back as Infinity and fail every later bounds check.
 */
export function getU64(view: DataView, offset: number): number {
  const v = view.getBigUint64(offset, true);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

export function getI64(view: DataView, offset: number): number {
  const v = view.getBigInt64(offset, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) return v < 0n ? -Infinity : Infinity;
  return Number(v);
}

/** A NUL-padded fixed-width text field (LAS names, identifiers). */
export function fixedString(bytes: Uint8Array, offset: number, length: number): string {
  let end = offset;
  const limit = Math.min(bytes.byteLength, offset + length);
  while (end < limit && bytes[end] !== 0) end++;
  return latin1(bytes.subarray(offset, end));
}

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.byteLength; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.byteLength, i + 8192)));
  }
  return s;
}

/** UTF-8 to string (core has no TextDecoder); malformed sequences become U+FFFD. */
export function utf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let s = '';
  for (let i = 0; i < bytes.byteLength; ) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    let ok = need >= 0 && i + need < bytes.byteLength + (need === 0 ? 1 : 0);
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      units.push(0xfffd);
      i += 1;
    } else {
      if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
      i += need + 1;
    }
    if (units.length >= 8192) {
      s += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return s + String.fromCharCode(...units);
}

export function startsWithAscii(bytes: Uint8Array, text: string, at = 0): boolean {
  if (bytes.byteLength < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

export const DEFAULT_BATCH_SIZE = 65536;

export function checkBatchSize(batchSize: number | undefined): number {
  const n = batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  return n;
}

/**
 * Wraps anything a third-party decoder throws (WASM traps, library assertions) as a FormatError,
 * so callers only ever have one error type to handle for bad input.
 */
export function asFormatError(file: string, offset: number | null, what: string, err: unknown): FormatError {
  if (err instanceof FormatError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FormatError(file, offset, `${what}: ${message}`);
}
