import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seededRandom';
import { brotliColumnsToRecords, brotliNodeLayout, recordsToBrotliColumns } from './brotliNodeLayout';
import { getMorton16, putMorton16 } from './potreeMorton';

/** Bit by bit: bit i of x, y, z goes to bit 3i, 3i + 1, 3i + 2. */
function referenceMorton(x: number, y: number, z: number): bigint {
  let code = 0n;
  for (let i = 0; i < 16; i++) {
    code |= BigInt((x >>> i) & 1) << BigInt(3 * i);
    code |= BigInt((y >>> i) & 1) << BigInt(3 * i + 1);
    code |= BigInt((z >>> i) & 1) << BigInt(3 * i + 2);
  }
  return code;
}

const LAYOUT = brotliNodeLayout([
  { name: 'position', type: 'int32', size: 12, numElements: 3 },
  { name: 'intensity', type: 'uint16', size: 2, numElements: 1 },
  { name: 'rgb', type: 'uint16', size: 6, numElements: 3 },
  { name: 'gps-time', type: 'double', size: 8, numElements: 1 },
]);

function records(points: readonly number[][]): Uint8Array {
  const out = new Uint8Array(points.length * LAYOUT.recordSize);
  const v = new DataView(out.buffer);
  points.forEach((p, i) => {
    const o = i * LAYOUT.recordSize;
    for (let a = 0; a < 3; a++) v.setInt32(o + 4 * a, p[a], true);
    v.setUint16(o + 12, p[3] ?? 0, true);
    for (let c = 0; c < 3; c++) v.setUint16(o + 14 + 2 * c, p[4 + c] ?? 0, true);
    v.setFloat64(o + 20, p[7] ?? 0, true);
  });
  return out;
}

describe('Potree BROTLI Morton codes', () => {
  it('match a bit-by-bit reference and decode back', () => {
    const random = seededRandom(3);
    const view = new DataView(new ArrayBuffer(8));
    const out = new Uint32Array(3);
    const values = [[0, 0, 0], [0xffff, 0, 0], [0, 0xffff, 0], [0, 0, 0xffff], [0xffff, 0xffff, 0xffff], [1, 2, 4], [0x8000, 0x4000, 0x0001]];
    for (let k = 0; k < 2000; k++) values.push([0, 1, 2].map(() => Math.floor(random() * 0x10000)));
    for (const [x, y, z] of values) {
      putMorton16(view, 0, x, y, z);
      expect(view.getBigUint64(0, true)).toBe(referenceMorton(x, y, z));
      getMorton16(view, 0, out);
      expect([...out]).toEqual([x, y, z]);
    }
  });

  it('store positions as the high and the low 16 bits of X, Y, Z, values above 2^16 included', () => {
    const random = seededRandom(4);
    const points = [[0, 0, 0], [65535, 65536, 65537], [1 << 20, (1 << 24) + 12345, (1 << 30) - 1], [0x7fffffff, 0x7fffffff, 0x7fffffff], [123456789, 98765432, 5555555]];
    for (let k = 0; k < 500; k++) points.push([0, 1, 2].map(() => Math.floor(random() * 2 ** 26)));
    const input = records(points.map((p, i) => [...p, i, i * 3, i * 5, i * 7, i + 0.5]));
    const columns = recordsToBrotliColumns(input, points.length, LAYOUT);
    expect(columns.byteLength).toBe(points.length * (16 + 2 + 8 + 8));
    const v = new DataView(columns.buffer);
    const n = points.length;
    points.forEach(([x, y, z], i) => {
      expect(v.getBigUint64(16 * i, true)).toBe(referenceMorton(x >>> 16, y >>> 16, z >>> 16));
      expect(v.getBigUint64(16 * i + 8, true)).toBe(referenceMorton(x & 0xffff, y & 0xffff, z & 0xffff));
      expect(v.getUint16(16 * n + 2 * i, true)).toBe(i);
      expect(v.getBigUint64(18 * n + 8 * i, true)).toBe(referenceMorton(i * 3, i * 5, i * 7));
      expect(v.getFloat64(26 * n + 8 * i, true)).toBe(i + 0.5);
    });
    expect(brotliColumnsToRecords(columns, n, LAYOUT)).toEqual(input);
  });

  it('shifts positions by whole steps and refuses what BROTLI or potree-core cannot hold', () => {
    const shifted = recordsToBrotliColumns(records([[-5, 0, 7]]), 1, LAYOUT, [-6, -1, 7]);
    expect(brotliColumnsToRecords(shifted, 1, LAYOUT).slice(0, 12)).toEqual(records([[1, 1, 0]]).slice(0, 12));
    expect(() => recordsToBrotliColumns(records([[3, -1, 2]]), 1, LAYOUT)).toThrow(/point 0 is at \(3, -1, 2\).*0 ≤ X, Y, Z/);
    // High code only in bits 32–47, low code's upper half zero: potree-core skips the high bits.
    expect(() => recordsToBrotliColumns(records([[1 << 27, 0, 0]]), 1, LAYOUT)).toThrow(/misread by potree-core/);
    expect(() => recordsToBrotliColumns(records([[0, 0, 1 << 26]]), 1, LAYOUT)).toThrow(/misread by potree-core/);
    // The same magnitudes with any bit of the other words set are read correctly.
    expect(() => recordsToBrotliColumns(records([[(1 << 27) + (1 << 16), 0, 0], [1 << 27, 1 << 11, 0]]), 2, LAYOUT)).not.toThrow();
  });

  it('refuses attribute lists it cannot carry', () => {
    expect(() => brotliNodeLayout([{ name: 'position', type: 'double', size: 24, numElements: 3 }])).toThrow(/position as 3 × int32/);
    expect(() => brotliNodeLayout([{ name: 'position', type: 'int32', size: 12, numElements: 3 }, { name: 'rgb', type: 'uint8', size: 3, numElements: 3 }])).toThrow(/rgb as 3 × uint16/);
    expect(() => brotliNodeLayout([{ name: 'intensity', type: 'uint16', size: 2, numElements: 1 }])).toThrow(/no position/);
  });
});
