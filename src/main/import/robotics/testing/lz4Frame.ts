/**
 * Test support: an LZ4 frame holding its data in stored (uncompressed) blocks, which every LZ4
 * frame decoder must accept; the tests need lz4 chunks and the installed lz4 package only
 * decompresses. The header checksum is xxHash32 (seed 0) of the descriptor bytes.
 */
export function lz4StoredFrame(data: Uint8Array): Uint8Array {
  const flg = 0x60; // version 01, independent blocks, no checksums, no content size
  const bd = 0x70; // 4 MB maximum block size
  const hc = (xxh32(new Uint8Array([flg, bd])) >>> 8) & 0xff;
  const blockMax = 4 << 20;
  const parts: Uint8Array[] = [new Uint8Array([0x04, 0x22, 0x4d, 0x18, flg, bd, hc])];
  for (let at = 0; at < data.length; at += blockMax) {
    const block = data.subarray(at, Math.min(data.length, at + blockMax));
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, (block.length | 0x80000000) >>> 0, true);
    parts.push(size, block);
  }
  parts.push(new Uint8Array(4)); // end mark
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;

/** xxHash32 with seed 0 of fewer than 16 bytes (all the frame header needs). */
function xxh32(bytes: Uint8Array): number {
  let h = (P5 + bytes.length) >>> 0;
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    const k = (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
    h = Math.imul(rotl((h + Math.imul(k, P3)) >>> 0, 17), P4) >>> 0;
  }
  for (; i < bytes.length; i++) h = Math.imul(rotl((h + Math.imul(bytes[i], P5)) >>> 0, 11), P1) >>> 0;
  h = Math.imul(h ^ (h >>> 15), P2) >>> 0;
  h = Math.imul(h ^ (h >>> 13), P3) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const rotl = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;
