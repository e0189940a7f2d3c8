import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { readAll } from '../testing/readAll';
import { writePly } from '../testing/writePly';
import { openPly } from './openPly';

const properties = [
  { name: 'x', type: 'float' as const },
  { name: 'y', type: 'double' as const },
  { name: 'z', type: 'float' as const },
  { name: 'red', type: 'uchar' as const },
  { name: 'green', type: 'uchar' as const },
  { name: 'blue', type: 'uchar' as const },
  { name: 'intensity', type: 'ushort' as const },
  { name: 'nx', type: 'float' as const },
  { name: 'id', type: 'int' as const },
];
const vertices = [
  [1.5, -2.125, 3, 255, 0, 10, 1000, 0.5, -1],
  [0, 1e6 + 0.5, -0.25, 1, 2, 3, 0, -0.75, 2147483647],
  [-4, 0.1, 8, 128, 64, 32, 65535, 1, 0],
];

describe('PLY reader', () => {
  for (const encoding of ['ascii', 'binary_little_endian', 'binary_big_endian'] as const) {
    it(`${encoding}: vertex properties exactly, faces ignored`, async () => {
      const r = await openPly(memorySource('t.ply', writePly({ encoding, properties, vertices, faces: [[0, 1, 2]] })));
      expect(r.encoding).toBe(encoding);
      expect(r.header).toMatchObject({ format: 'ply', pointCount: 3, attributes: ['rgb', 'intensity'], extraAttributes: ['nx', 'id'] });
      const a = await readAll(r, 2);
      expect(a.batchCounts).toEqual([2, 1]);
      expect(a.positions).toEqual([1.5, -2.125, 3, 0, 1e6 + 0.5, -0.25, -4, 0.1, 8]);
      expect(a.rgb).toEqual([255, 0, 10, 1, 2, 3, 128, 64, 32].map((c) => c * 257));
      expect(a.intensity).toEqual([1000, 0, 65535]);
      expect(a.extra.nx).toEqual([0.5, -0.75, 1]);
      expect(a.extra.id).toEqual([-1, 2147483647, 0]);
    });
  }

  it('rejects a binary vertex element with a list property', async () => {
    const text = 'ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nproperty list uchar int idx\nend_header\n';
    await expect(openPly(memorySource('l.ply', Uint8Array.from(text, (c) => c.charCodeAt(0))))).rejects.toThrow(/list property/);
  });

  it('skips list properties inside an ASCII vertex element', async () => {
    const text = 'ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty list uchar int idx\nproperty float y\nproperty float z\nend_header\n1 2 7 7 2 3\n4 0 5 6\n';
    const a = await readAll(await openPly(memorySource('l.ply', Uint8Array.from(text, (c) => c.charCodeAt(0)))));
    expect(a.positions).toEqual([1, 2, 3, 4, 5, 6]);
  });

  const bad: [string, string, RegExp][] = [
    ['vertices beyond file', 'ply\nformat binary_little_endian 1.0\nelement vertex 100\nproperty float x\nproperty float y\nproperty float z\nend_header\n', /past the end/],
    ['unknown format', 'ply\nformat binary_middle_endian 1.0\nelement vertex 0\nend_header\n', /unsupported PLY format/],
    ['no vertex element', 'ply\nformat ascii 1.0\nelement face 0\nend_header\n', /no vertex element/],
    ['truncated ascii', 'ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n', /truncated/],
    ['not a number', 'ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 two 3\n', /not a number/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}`, async () => {
      const err = await openPly(memorySource('bad.ply', Uint8Array.from(text, (c) => c.charCodeAt(0))))
        .then((r) => readAll(r))
        .then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).message).toMatch(message);
    });
  }
});
