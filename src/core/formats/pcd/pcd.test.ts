import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { lzfCompress } from '../testing/lzfCompress';
import { readAll } from '../testing/readAll';
import { packRgbFloat, writePcd, type PcdFixtureField } from '../testing/writePcd';
import { lzfDecompress } from './lzf';
import { openPcd } from './openPcd';

const fields: PcdFixtureField[] = [
  { name: 'x', size: 4, type: 'F' },
  { name: 'y', size: 4, type: 'F' },
  { name: 'z', size: 8, type: 'F' },
  { name: 'rgb', size: 4, type: 'F' },
  { name: 'intensity', size: 2, type: 'U' },
  { name: 'label', size: 4, type: 'I' },
  { name: 'normal', size: 4, type: 'F', count: 2 },
];
const rows = [
  [1.5, -2.25, 1e6 + 0.125, packRgbFloat(255, 0, 16), 100, -7, 0.5, -0.5],
  [0, 0, 0, packRgbFloat(1, 2, 3), 65535, 123456, 1, 2],
  [-8, 16.75, -32, packRgbFloat(0, 128, 255), 0, 0, -1, 0.25],
];

describe('PCD reader', () => {
  for (const encoding of ['binary', 'binary_compressed', 'ascii'] as const) {
    it(`DATA ${encoding}: exact positions, packed rgb, intensity, extra columns`, async () => {
      // ASCII stores PCL's integer form of the packed colour.
      const data = encoding === 'ascii' ? rows.map((r) => r.map((v, i) => (i === 3 ? new Uint32Array(new Float32Array([v]).buffer)[0] : v))) : rows;
      const r = await openPcd(memorySource('t.pcd', writePcd({ encoding, fields, points: data })));
      expect(r.header).toMatchObject({ format: 'pcd', version: '0.7', pointCount: 3, attributes: ['rgb', 'intensity'], extraAttributes: ['label', 'normal[0]', 'normal[1]'] });
      const a = await readAll(r, 2);
      expect(a.batchCounts).toEqual([2, 1]);
      expect(a.positions).toEqual([1.5, -2.25, 1e6 + 0.125, 0, 0, 0, -8, 16.75, -32]);
      expect(a.rgb).toEqual([255 * 257, 0, 16 * 257, 257, 514, 771, 0, 128 * 257, 255 * 257]);
      expect(a.intensity).toEqual([100, 65535, 0]);
      expect(a.extra.label).toEqual([-7, 123456, 0]);
      expect(a.extra['normal[0]']).toEqual([0.5, 1, -1]);
      expect(a.extra['normal[1]']).toEqual([-0.5, 2, 0.25]);
    });
  }

  it('organised clouds: NaN points are skipped and counted', async () => {
    const xyz: PcdFixtureField[] = fields.slice(0, 2).concat({ name: 'z', size: 4, type: 'F' });
    const pts = [[1, 2, 3], [NaN, NaN, NaN], [4, 5, 6], [7, NaN, 9], [10, 11, 12], [13, 14, 15]];
    for (const encoding of ['binary', 'binary_compressed', 'ascii'] as const) {
      const r = await openPcd(memorySource('o.pcd', writePcd({ encoding, fields: xyz, points: pts, width: 3, height: 2 })));
      expect(r.height).toBe(2);
      const a = await readAll(r, 3);
      expect(a.batchCounts).toEqual([3, 1]);
      expect(a.positions).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15]);
      expect(r.skippedPoints).toBe(2);
    }
  });

  it('LZF round-trips literals and back-references, and rejects corrupt streams', () => {
    const input = Uint8Array.from({ length: 5000 }, (_, i) => (i % 300 < 200 ? i % 7 : (i * 31) & 255));
    const packed = lzfCompress(input);
    expect(packed.byteLength).toBeLessThan(input.byteLength / 2);
    expect(lzfDecompress(packed, input.byteLength)).toEqual(input);
    expect(lzfDecompress(packed, input.byteLength + 1)).toBeNull();
    expect(lzfDecompress(Uint8Array.from([0x20, 0x05]), 10)).toBeNull();
  });

  const bad: [string, string, RegExp][] = [
    ['missing z', 'VERSION 0.7\nFIELDS x y\nSIZE 4 4\nTYPE F F\nCOUNT 1 1\nWIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2\n', /lack z/],
    ['points beyond file', 'VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 1000\nHEIGHT 1\nPOINTS 1000\nDATA binary\n', /claims 1000 points/],
    ['width × height mismatch', 'VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 2\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2 3\n', /does not match/],
    ['bad type', 'VERSION 0.7\nFIELDS x y z\nSIZE 4 4 3\nTYPE F F F\nWIDTH 1\nHEIGHT 1\nPOINTS 1\nDATA ascii\n1 2 3\n', /unsupported TYPE/],
    ['truncated ascii', 'VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 3\nHEIGHT 1\nPOINTS 3\nDATA ascii\n1 2 3\n4 5 6\n', /truncated/],
    ['no DATA line', 'VERSION 0.7\nFIELDS x y z\n', /does not end/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}`, async () => {
      const err = await openPcd(memorySource('bad.pcd', Uint8Array.from(text, (c) => c.charCodeAt(0))))
        .then((r) => readAll(r))
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).message).toMatch(/^bad\.pcd/);
      expect((err as FormatError).message).toMatch(message);
    });
  }
});
