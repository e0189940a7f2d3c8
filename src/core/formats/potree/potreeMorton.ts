/**
 * The Morton codes of Potree 2.0's BROTLI encoding: three 16-bit values interleaved into the low
 * 48 bits of a little-endian uint64, bit 3i holding bit i of the first value, 3i + 1 of the
 * second, 3i + 2 of the third. JavaScript bitwise operators are 32-bit, so a code travels as its
 * two 32-bit halves.
 */

/** Byte b with its bit i moved to bit 3i. */
const SPREAD8 = (() => {
  const table = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let v = 0;
    for (let i = 0; i < 8; i++) v |= ((b >> i) & 1) << (3 * i);
    table[b] = v;
  }
  return table;
})();

/** Bits 0, 3, 6, …, 21 of a 24-bit value, packed into 8 bits. */
function compact24(v: number): number {
  v &= 0x249249;
  v = (v | (v >>> 2)) & 0x0c30c3;
  v = (v | (v >>> 4)) & 0x00f00f;
  return (v | (v >>> 8)) & 0xff;
}

/** Writes the Morton code of three 16-bit values at `at` (8 bytes, little-endian). */
export function putMorton16(view: DataView, at: number, x: number, y: number, z: number): void {
  const lo = SPREAD8[x & 0xff] | (SPREAD8[y & 0xff] << 1) | (SPREAD8[z & 0xff] << 2);
  const hi = SPREAD8[(x >>> 8) & 0xff] | (SPREAD8[(y >>> 8) & 0xff] << 1) | (SPREAD8[(z >>> 8) & 0xff] << 2);
  view.setUint32(at, (lo | (hi << 24)) >>> 0, true);
  view.setUint32(at + 4, hi >>> 8, true);
}

/** The three 16-bit values of the Morton code at `at`, into out[0..2]. */
export function getMorton16(view: DataView, at: number, out: Uint32Array | number[]): void {
  const a = view.getUint32(at, true);
  const b = view.getUint32(at + 4, true);
  const lo = a & 0xffffff;
  const hi = ((a >>> 24) | (b << 8)) & 0xffffff;
  out[0] = compact24(lo) | (compact24(hi) << 8);
  out[1] = compact24(lo >>> 1) | (compact24(hi >>> 1) << 8);
  out[2] = compact24(lo >>> 2) | (compact24(hi >>> 2) << 8);
}
