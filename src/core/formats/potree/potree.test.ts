import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { readAll } from '../testing/readAll';
import { brotliNodeLayout, recordsToBrotliColumns } from './brotliNodeLayout';
import { openPotree2 } from './openPotree2';

const dir = path.resolve(__dirname, '../../../../../shared/data/potree/potree2_four_points');
const file = (name: string) => memorySource(name, new Uint8Array(readFileSync(path.join(dir, name))));

function node(type: number, numPoints: number, byteOffset: number, byteSize: number): Uint8Array {
  const b = new Uint8Array(22);
  const v = new DataView(b.buffer);
  b[0] = type;
  v.setUint32(2, numPoints, true);
  v.setBigInt64(6, BigInt(byteOffset), true);
  v.setBigInt64(14, BigInt(byteSize), true);
  return b;
}

describe('Potree 2.0 reader', () => {
  it('walks proxy nodes into further hierarchy chunks', async () => {
    const meta = {
      version: '2.0', points: 3, encoding: 'DEFAULT', hierarchy: { firstChunkSize: 44, stepSize: 4, depth: 1 },
      offset: [10, 20, 30], scale: [0.5, 0.5, 0.5], boundingBox: { min: [10, 20, 30], max: [20, 30, 40] },
      attributes: [
        { name: 'position', size: 12, numElements: 3, elementSize: 4, type: 'int32' },
        { name: 'classification', size: 1, numElements: 1, elementSize: 1, type: 'uint8' },
      ],
    };
    // Root (2 points) and a proxy to a chunk at byte 44 holding one node (1 point).
    const hierarchy = new Uint8Array(66);
    hierarchy.set(node(0, 2, 0, 26), 0);
    hierarchy.set(node(2, 0, 44, 22), 22);
    hierarchy.set(node(1, 1, 26, 13), 44);
    const octree = new Uint8Array(39);
    const v = new DataView(octree.buffer);
    [[0, 0, 0, 1], [2, 4, 6, 2], [20, 20, 20, 9]].forEach((p, i) => {
      v.setInt32(13 * i, p[0], true);
      v.setInt32(13 * i + 4, p[1], true);
      v.setInt32(13 * i + 8, p[2], true);
      octree[13 * i + 12] = p[3];
    });
    const r = await openPotree2(memorySource('metadata.json', Uint8Array.from(JSON.stringify(meta), (c) => c.charCodeAt(0))), memorySource('hierarchy.bin', hierarchy), memorySource('octree.bin', octree));
    const a = await readAll(r);
    expect(a.positions).toEqual([10, 20, 30, 11, 22, 33, 20, 30, 40]);
    expect(a.classification).toEqual([1, 2, 9]);

    const lying = hierarchy.slice();
    lying.set(node(1, 1, 30, 13), 44);
    await expect(openPotree2(memorySource('metadata.json', Uint8Array.from(JSON.stringify(meta), (c) => c.charCodeAt(0))), memorySource('hierarchy.bin', lying), memorySource('octree.bin', octree))).rejects.toBeInstanceOf(FormatError);
  });

  describe('BROTLI encoding', () => {
    // Root (2 points) and one child (1 point); decompression is injected, so the test "compresses"
    // with the identity and checks the column layout and the node bookkeeping.
    const attributes = [
      { name: 'position', size: 12, numElements: 3, elementSize: 4, type: 'int32' },
      { name: 'classification', size: 1, numElements: 1, elementSize: 1, type: 'uint8' },
    ];
    const meta = {
      version: '2.0', points: 3, encoding: 'BROTLI', hierarchy: { firstChunkSize: 44, stepSize: 4, depth: 1 },
      offset: [10, 20, 30], scale: [0.5, 0.5, 0.5], boundingBox: { min: [10, 20, 30], max: [20, 30, 40] }, attributes,
    };
    const layout = brotliNodeLayout(attributes);
    const record = (p: number[]) => {
      const b = new Uint8Array(13);
      const v = new DataView(b.buffer);
      p.slice(0, 3).forEach((c, a) => v.setInt32(4 * a, c, true));
      b[12] = p[3];
      return b;
    };
    const root = recordsToBrotliColumns(Uint8Array.from([...record([0, 0, 0, 1]), ...record([2, 4, 6, 2])]), 2, layout);
    const child = recordsToBrotliColumns(record([70000, 20, 20, 9]), 1, layout);
    const octree = Uint8Array.from([...root, ...child]);
    const hierarchy = new Uint8Array(44);
    hierarchy.set(node(0, 2, 0, root.byteLength), 0);
    hierarchy.set(node(1, 1, root.byteLength, child.byteLength), 22);
    hierarchy[1] = 1 << 5;
    const metaBytes = Uint8Array.from(JSON.stringify(meta), (c) => c.charCodeAt(0));
    const open = (decompress?: (b: Uint8Array) => Uint8Array | Promise<Uint8Array>) =>
      openPotree2(memorySource('metadata.json', metaBytes), memorySource('hierarchy.bin', hierarchy), memorySource('octree.bin', octree), { decompress });

    it('reads the column layout back through the injected decompressor', async () => {
      const a = await readAll(await open(async (b) => b.slice()));
      expect(a.positions).toEqual([10, 20, 30, 11, 22, 33, 35010, 30, 40]);
      expect(a.classification).toEqual([1, 2, 9]);
    });

    it('needs a decompressor, and names the file and the node of a bad one', async () => {
      await expect(open()).rejects.toThrow(/^metadata\.json: .*BROTLI.*without a brotli decompressor/);
      const fail = (b: Uint8Array) => {
        if (b.byteLength === child.byteLength) throw new Error('corrupt stream');
        return b;
      };
      await expect(readAll(await open(fail))).rejects.toThrow(/^octree\.bin \(byte 34\): node r5: .*not brotli data \(corrupt stream\)/);
      await expect(readAll(await open((b) => b.subarray(1)))).rejects.toThrow(/^octree\.bin \(byte 0\): node r: decompressed node holds 33 bytes; 2 points need 34/);
    });
  });

  describe.skipIf(!existsSync(dir))('potree2_four_points (shared data)', () => {
    it('matches xyz.csv', async () => {
      const r = await openPotree2(file('metadata.json'), file('hierarchy.bin'), file('octree.bin'));
      expect(r.header.pointCount).toBe(4);
      const a = await readAll(r);
      const csv = readFileSync(path.join(dir, 'xyz.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      const got = Array.from({ length: a.count }, (_, i) => [
        ...a.positions.slice(3 * i, 3 * i + 3).map((x) => Math.round(x * 1e6) / 1e6),
        ...a.rgb.slice(3 * i, 3 * i + 3).map((c) => c >> 8),
        a.intensity[i],
        a.classification[i],
      ]);
      const key = (r: number[]) => r.join(',');
      expect(got.map(key).sort()).toEqual(csv.map(key).sort());
    });
  });
});
