import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { readAll } from '../testing/readAll';
import { writeE57, type E57FixtureScan } from '../testing/writeE57';
import { crc32c } from './crc32c';
import { openE57, openE57Cloud } from './openE57';
import { parseXml } from './xmlTree';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const failure = async (run: () => Promise<unknown>): Promise<FormatError> => {
  const e = await run().then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(FormatError);
  return e as FormatError;
};

/** 300 records of 13-bit scaled integers cut over 7 packets, so values straddle packet boundaries. */
const cartesian: E57FixtureScan = {
  name: 'cartesian',
  packets: 7,
  fields: [
    { name: 'cartesianX', kind: 'scaledInteger', minimum: -4000, maximum: 4000, scale: 0.001 },
    { name: 'cartesianY', kind: 'scaledInteger', minimum: -4000, maximum: 4000, scale: 0.001, offset: 10 },
    { name: 'cartesianZ', kind: 'float32' },
    { name: 'intensity', kind: 'integer', minimum: 0, maximum: 2047 },
    { name: 'colorRed', kind: 'integer', minimum: 0, maximum: 255 },
    { name: 'colorGreen', kind: 'integer', minimum: 0, maximum: 255 },
    { name: 'colorBlue', kind: 'integer', minimum: 0, maximum: 255 },
    { name: 'cartesianInvalidState', kind: 'integer', minimum: 0, maximum: 2 },
    { name: 'rowIndex', kind: 'integer', minimum: 0, maximum: 0 },
  ],
  records: Array.from({ length: 300 }, (_, i) => [i * 13 - 2000, -i * 7, i / 4, i * 6, i % 256, 255 - (i % 256), 7, i % 50 === 49 ? 2 : 0, 0]),
};

describe('E57 reader', () => {
  it('CRC-32C matches the standard check value', () => {
    expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  });

  it('decodes bit-packed integers, scaled integers and floats across packet boundaries', async () => {
    const reader = await openE57Cloud(memorySource('c.e57', writeE57({ scans: [cartesian] })));
    expect(reader.header.pointCount).toBe(300);
    expect(reader.header.attributes).toEqual(expect.arrayContaining(['intensity', 'rgb']));
    expect(reader.header.extraAttributes).toEqual(['rowIndex']);
    const all = await readAll(reader, 64);
    const kept = cartesian.records.filter((r) => r[7] === 0);
    expect(all.count).toBe(kept.length);
    expect(reader.skippedPoints).toBe(6);
    expect(all.batchCounts.slice(0, -1).every((n) => n === 64)).toBe(true);
    kept.forEach((r, i) => {
      expect(all.positions[3 * i]).toBeCloseTo(r[0] * 0.001, 9);
      expect(all.positions[3 * i + 1]).toBeCloseTo(r[1] * 0.001 + 10, 9);
      expect(all.positions[3 * i + 2]).toBe(Math.fround(r[2]));
      expect(all.intensity[i]).toBe(Math.round((r[3] * 65535) / 2047));
      expect(all.rgb.slice(3 * i, 3 * i + 3)).toEqual([r[4] * 257, r[5] * 257, 7 * 257]);
    });
  });

  it('unpacks wide integers at every bit offset: 3, 27, 32 and 45 bits side by side', async () => {
    const widths = [3, 27, 32, 45];
    const values = (i: number, bits: number) => Math.floor(((i * 2654435761) % 2 ** 32) / 2 ** 32 * 2 ** bits) % 2 ** bits;
    const records = Array.from({ length: 257 }, (_, i) => [i, 0, 0, ...widths.map((b) => values(i, b))]);
    const bytes = writeE57({
      scans: [{ name: 'wide', packets: 5, fields: [{ name: 'cartesianX', kind: 'float32' }, { name: 'cartesianY', kind: 'float32' }, { name: 'cartesianZ', kind: 'float32' }, ...widths.map((b) => ({ name: `w${b}`, kind: 'integer' as const, minimum: 0, maximum: 2 ** b - 1 }))], records }],
    });
    const file = await openE57(memorySource('wide.e57', bytes));
    expect(file.scans[0].fields.slice(3).map((f) => f.bits)).toEqual(widths);
    const all = await readAll(await openE57Cloud(memorySource('wide.e57', bytes)), 100);
    for (const [k, b] of widths.entries()) expect(all.extra[`w${b}`]).toEqual(records.map((r) => r[3 + k]));
  });

  it('fields of zero bits (minimum = maximum) take no bytes and still give every record', async () => {
    const constant = { kind: 'integer' as const, minimum: 5, maximum: 5 };
    const bytes = writeE57({ scans: [{ name: 'flat', fields: [{ name: 'cartesianX', ...constant }, { name: 'cartesianY', ...constant }, { name: 'cartesianZ', kind: 'integer', minimum: -3, maximum: -3 }], records: Array.from({ length: 70_000 }, () => [5, 5, -3]) }] });
    const reader = await openE57Cloud(memorySource('flat.e57', bytes));
    let n = 0;
    for await (const b of reader.batches(50_000)) {
      expect([b.positions[0], b.positions[3 * b.count - 1]]).toEqual([5, -3]);
      n += b.count;
    }
    expect(n).toBe(70_000);
  });

  it('turns spherical coordinates into cartesian ones and applies each scan pose', async () => {
    const quarterTurn = { rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2] as const, translation: [100, 200, 5] as const };
    const bytes = writeE57({
      scans: [
        { name: 'a', fields: [{ name: 'sphericalRange', kind: 'float64' }, { name: 'sphericalAzimuth', kind: 'float64' }, { name: 'sphericalElevation', kind: 'float64' }], records: [[2, 0, 0], [3, Math.PI / 2, 0], [4, 0, Math.PI / 2]] },
        { name: 'b', pose: quarterTurn, fields: [{ name: 'cartesianX', kind: 'float64' }, { name: 'cartesianY', kind: 'float64' }, { name: 'cartesianZ', kind: 'float64' }], records: [[1, 0, 0]] },
      ],
    });
    const file = await openE57(memorySource('s.e57', bytes));
    expect(file.scans.map((s) => [s.name, s.coordinates, s.hasPose])).toEqual([['a', 'spherical', false], ['b', 'cartesian', true]]);
    const all = await readAll(await openE57Cloud(memorySource('s.e57', bytes)));
    const expected = [2, 0, 0, 0, 3, 0, 0, 0, 4, 100, 201, 5];
    all.positions.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
    // In the scan's own coordinates the pose is not applied.
    const local = [];
    for await (const b of file.points(file.scans[1])) local.push(...b.positions);
    expect(local).toEqual([1, 0, 0]);
  });

  it('a bad checksum names the page and its byte offset', async () => {
    const bytes = writeE57({ scans: [cartesian] });
    bytes[1024 + 17] ^= 0x10;
    const e = await failure(async () => readAll(await openE57Cloud(memorySource('bad.e57', bytes))));
    expect(e.message).toMatch(/^bad\.e57 \(byte 2044\): bad checksum on page 1 \(bytes 1024\.\.2047\)/);
  });

  it('names the file and the byte for a truncated file, a wrong signature and a broken XML element', async () => {
    const bytes = writeE57({ scans: [cartesian] });
    expect((await failure(() => openE57(memorySource('cut.e57', bytes.slice(0, 2048))))).message).toMatch(/^cut\.e57 \(byte 2048\): file is truncated: the E57 header says \d+ bytes/);
    const wrong = bytes.slice();
    wrong[0] = 0x61;
    expect((await failure(() => openE57(memorySource('x.e57', wrong)))).message).toBe('x.e57 (byte 0): not an E57 file: it does not start with "ASTM-E57"');
    const noPoints = writeE57({ scans: [{ ...cartesian, fields: cartesian.fields.slice(3), records: cartesian.records.map((r) => r.slice(3)) }] });
    expect((await failure(() => openE57(memorySource('n.e57', noPoints)))).message).toMatch(/^n\.e57 \(byte \d+\): E57 \/data3D\/0\/points has neither cartesianX\/Y\/Z nor sphericalRange/);
  });

  it('reads image blobs and pinhole parameters', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const file = await openE57(memorySource('i.e57', writeE57({ images: [{ name: 'cam', kind: 'png', bytes: png, width: 640, height: 480, pinhole: { focalLength: 0.008, pixelWidth: 1e-5, pixelHeight: 1e-5, principalPointX: 320, principalPointY: 240 } }] })));
    expect(file.scans).toEqual([]);
    expect(file.images[0]).toMatchObject({ name: 'cam', representation: 'pinhole', width: 640, height: 480, pinhole: { focalLength: 0.008, principalPointX: 320 } });
    expect(await file.blob(file.images[0].blob)).toEqual(png);
    await expect(openE57Cloud(memorySource('i.e57', writeE57({ images: [] })))).rejects.toThrow(/holds no scan/);
  });
});

describe('XML subset', () => {
  it('parses elements, attributes, CDATA, entities and comments', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><a x="1" y=\'&lt;2&gt;\'><b type="String"><![CDATA[<raw>]]></b><c>&#65;&amp;&#x42;</c><d/></a>');
    expect(root.attributes).toEqual({ x: '1', y: '<2>' });
    expect(root.children.map((c) => [c.name, c.text])).toEqual([['b', '<raw>'], ['c', 'A&B'], ['d', '']]);
  });

  it('refuses mismatched tags, bare ampersands and unterminated documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/<\/a> closes <b>/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/bare "&"/);
    expect(() => parseXml('<a><b>')).toThrow(/ends inside <b>/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
  });
});
