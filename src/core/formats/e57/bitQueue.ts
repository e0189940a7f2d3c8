/**
 * One field's bytestream: the buffers of successive data packets end to end, read least
 * significant bit first. A value may start in one packet's buffer and end in the next.
 */
export class BitQueue {
  private buf = new Uint8Array(0);
  private view = new DataView(this.buf.buffer);
  /** Bytes of `buf` in use. */
  private end = 0;
  /** Next bit to read, counted from the start of `buf`. */
  private bit = 0;

  append(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    const keepFrom = this.bit >>> 3;
    const kept = this.end - keepFrom;
    if (kept + bytes.byteLength > this.buf.byteLength || keepFrom > 0) {
      const next = kept + bytes.byteLength > this.buf.byteLength ? new Uint8Array(Math.max(2 * (kept + bytes.byteLength), 256)) : this.buf;
      if (next === this.buf) next.copyWithin(0, keepFrom, this.end);
      else next.set(this.buf.subarray(keepFrom, this.end), 0);
      this.buf = next;
      this.view = new DataView(next.buffer);
      this.bit -= keepFrom * 8;
      this.end = kept;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.byteLength;
  }

  /** Whole values of `bits` bits still unread. */
  available(bits: number): number {
    return bits === 0 ? Infinity : Math.floor((this.end * 8 - this.bit) / bits);
  }

  /** The next `n` floats; the stream of a float field is byte aligned by construction. */
  floats(n: number, double: boolean, out: Float64Array): void {
    let at = this.bit >>> 3;
    if (double) for (let i = 0; i < n; i++, at += 8) out[i] = this.view.getFloat64(at, true);
    else for (let i = 0; i < n; i++, at += 4) out[i] = this.view.getFloat32(at, true);
    this.bit = at * 8;
  }

  /** The next `n` unsigned values of `bits` bits (at most 53 decode exactly), each as `(v + add) * scale + offset`. */
  integers(n: number, bits: number, add: number, scale: number, offset: number, out: Float64Array): void {
    const buf = this.buf;
    let bit = this.bit;
    if (bits === 0) {
      out.fill(add * scale + offset, 0, n);
      return;
    }
    if ((bits === 8 || bits === 16 || bits === 32) && (bit & 7) === 0) {
      // Whole bytes at a byte boundary stay aligned for the whole run: read them as words.
      const view = this.view;
      let at = bit >>> 3;
      if (bits === 8) for (let i = 0; i < n; i++, at++) out[i] = (buf[at] + add) * scale + offset;
      else if (bits === 16) for (let i = 0; i < n; i++, at += 2) out[i] = (view.getUint16(at, true) + add) * scale + offset;
      else for (let i = 0; i < n; i++, at += 4) out[i] = (view.getUint32(at, true) + add) * scale + offset;
      bit = at * 8;
    } else if (bits <= 24) {
      const mask = (1 << bits) - 1;
      for (let i = 0; i < n; i++) {
        const byte = bit >>> 3;
        // Four bytes always hold a value of ≤ 24 bits plus its shift of ≤ 7.
        const word = buf[byte] | (buf[byte + 1] << 8) | (buf[byte + 2] << 16) | (buf[byte + 3] << 24);
        out[i] = (((word >>> (bit & 7)) & mask) + add) * scale + offset;
        bit += bits;
      }
    } else if (bits <= 32) {
      const modulus = 2 ** bits;
      for (let i = 0; i < n; i++) {
        const byte = bit >>> 3;
        const shift = bit & 7;
        // Five bytes hold a value of ≤ 32 bits plus its shift; the fifth supplies the top `shift` bits.
        const low = (buf[byte] | (buf[byte + 1] << 8) | (buf[byte + 2] << 16) | (buf[byte + 3] << 24)) >>> shift;
        const v = (low >>> 0) + ((buf[byte + 4] ?? 0) & ((1 << shift) - 1)) * 2 ** (32 - shift);
        out[i] = ((bits === 32 ? v : v % modulus) + add) * scale + offset;
        bit += bits;
      }
    } else {
      for (let i = 0; i < n; i++) {
        let v = 0;
        let got = 0;
        while (got < bits) {
          const shift = bit & 7;
          const take = Math.min(8 - shift, bits - got);
          v += ((buf[bit >>> 3] >>> shift) & ((1 << take) - 1)) * 2 ** got;
          got += take;
          bit += take;
        }
        out[i] = (v + add) * scale + offset;
      }
    }
    this.bit = bit;
  }
}
