import { FormatError } from '../../io/byteSource';
import { utf8 } from '../../formats/binary';

/** COLMAP's kInvalidPoint3DId (2^64 − 1 as uint64), kept as −1 like the text format writes it. */
export const NO_POINT3D = -1;

/**
 * A little-endian reader over one whole COLMAP binary file. Every read is bounds-checked and
 * every failure is a FormatError naming the file and the byte offset, so a truncated or corrupt
 * file never yields garbage or an exception without a location.
 */
export class BinaryCursor {
  private readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  error(problem: string, at = this.offset): FormatError {
    return new FormatError(this.file, at, problem);
  }

  fail(problem: string, at = this.offset): never {
    throw this.error(problem, at);
  }

  private need(n: number, what: string): number {
    if (n > this.remaining) {
      this.fail(`file is truncated: ${what} needs ${n} bytes, only ${this.remaining} are left`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }

  i32(what: string): number {
    return this.view.getInt32(this.need(4, what), true);
  }

  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }

  /**
   * A uint64 as a JS number. Ids and counts past 2^53 describe no real model and could not be
   * held exactly, so they are an error here rather than a silently rounded value.
   */
  u64(what: string): number {
    const at = this.need(8, what);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    if (hi > 0x1fffff) this.fail(`${what} is ${this.view.getBigUint64(at, true)}, beyond 2^53`, at);
    return hi * 0x1_0000_0000 + lo;
  }

  /** A point3D id: uint64 where all ones means "none" (→ NO_POINT3D). */
  point3DId(what: string): number {
    const at = this.need(8, what);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    if (lo === 0xffffffff && hi === 0xffffffff) return NO_POINT3D;
    if (hi > 0x1fffff) this.fail(`${what} is ${this.view.getBigUint64(at, true)}, beyond 2^53`, at);
    return hi * 0x1_0000_0000 + lo;
  }

  /** A float64 that must be finite: NaN or ±Inf in a model file is corruption, not data. */
  f64(what: string): number {
    const at = this.need(8, what);
    const v = this.view.getFloat64(at, true);
    if (!Number.isFinite(v)) this.fail(`${what} is ${v}`, at);
    return v;
  }

  /**
   * A record count read from the file, checked against what the rest of the file could hold
   * (`minBytesEach` per record) before anything is allocated for it.
   */
  count(what: string, minBytesEach: number): number {
    const at = this.offset;
    const n = this.u64(what);
    if (n * minBytesEach > this.remaining) {
      this.fail(`${what} is ${n}, but ${n} records need at least ${n * minBytesEach} bytes and only ${this.remaining} are left`, at);
    }
    return n;
  }

  /** A uint32 count, checked the same way as `count`. */
  count32(what: string, minBytesEach: number): number {
    const at = this.offset;
    const n = this.u32(what);
    if (n * minBytesEach > this.remaining) {
      this.fail(`${what} is ${n}, but ${n} records need at least ${n * minBytesEach} bytes and only ${this.remaining} are left`, at);
    }
    return n;
  }

  /** A NUL-terminated UTF-8 string (COLMAP's image names). */
  cString(what: string): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end === -1) this.fail(`file is truncated: ${what} has no terminating NUL byte`);
    const s = utf8(this.bytes.subarray(this.offset, end));
    this.offset = end + 1;
    return s;
  }

  /** Throws unless every byte was consumed: trailing bytes mean the counts and the data disagree. */
  expectEnd(): void {
    if (this.remaining !== 0) this.fail(`${this.remaining} unexpected bytes after the last record`);
  }
}
