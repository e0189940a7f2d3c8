import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { readAll } from '../testing/readAll';
import { writeLas, type LasFixturePoint } from '../testing/writeLas';
import { openLas } from './openLas';

const points: LasFixturePoint[] = [
  { x: 100.01, y: -200.5, z: 3.25, intensity: 10, returnNumber: 1, numberOfReturns: 2, classification: 2, pointSourceId: 7, gpsTime: 1000.5, rgb: [65535, 0, 256], extra: [5, -3] },
  { x: 101.5, y: -201.75, z: 4, intensity: 65535, returnNumber: 2, numberOfReturns: 2, classification: 5, pointSourceId: 8, gpsTime: 1001.25, rgb: [1, 2, 3], extra: [250, 1000] },
  { x: 99, y: -199, z: -1.5, intensity: 0, returnNumber: 3, numberOfReturns: 3, classification: 31, pointSourceId: 65535, gpsTime: -4, rgb: [40000, 30000, 20000], extra: [0, -32768] },
];
const src = (bytes: Uint8Array, name = 'fixture.las') => memorySource(name, bytes);

describe('LAS reader', () => {
  for (const pdrf of [0, 1, 2, 3]) {
    it(`LAS 1.2 PDRF ${pdrf}: positions and attributes exactly`, async () => {
      const r = await openLas(src(writeLas({ version: '1.2', pdrf, points, offset: [100, -200, 0], scale: [0.01, 0.01, 0.001] })));
      expect(r.header).toMatchObject({ format: 'las', version: '1.2', pointCount: 3 });
      const a = await readAll(r, 2);
      expect(a.batchCounts).toEqual([2, 1]);
      points.forEach((p, i) => {
        expect(a.positions[3 * i]).toBeCloseTo(p.x, 9);
        expect(a.positions[3 * i + 1]).toBeCloseTo(p.y, 9);
        expect(a.positions[3 * i + 2]).toBeCloseTo(p.z, 9);
      });
      expect(a.intensity).toEqual(points.map((p) => p.intensity));
      expect(a.classification).toEqual(points.map((p) => p.classification));
      expect(a.returnNumber).toEqual([1, 2, 3]);
      expect(a.numberOfReturns).toEqual([2, 2, 3]);
      expect(a.pointSourceId).toEqual([7, 8, 65535]);
      expect(a.gpsTime).toEqual(pdrf === 1 || pdrf === 3 ? [1000.5, 1001.25, -4] : []);
      expect(a.rgb).toEqual(pdrf >= 2 ? points.flatMap((p) => p.rgb!) : []);
      expect(r.header.attributes.includes('rgb')).toBe(pdrf >= 2);
    });
  }

  for (const pdrf of [6, 7, 8]) {
    it(`LAS 1.4 PDRF ${pdrf} with extra bytes and WKT`, async () => {
      const pts = points.map((p, i) => ({ ...p, classification: 100 + i, returnNumber: 9 + i, numberOfReturns: 12 }));
      const wkt = 'PROJCS["WGS 84 / UTM zone 32N",GEOGCS["WGS 84"],AUTHORITY["EPSG","32632"]]';
      const bytes = writeLas({
        version: '1.4', pdrf, points: pts, wkt, countIn64BitOnly: true,
        extraBytes: [{ name: 'height', type: 3, scale: 0.5, offset: 10 }, { name: 'score', type: 4 }],
      });
      const r = await openLas(src(bytes));
      expect(r.header).toMatchObject({ format: 'las', version: '1.4', pointCount: 3, extraAttributes: ['height', 'score'], crs: { wkt, epsg: 32632 } });
      const a = await readAll(r);
      expect(a.classification).toEqual([100, 101, 102]);
      expect(a.returnNumber).toEqual([9, 10, 11]);
      expect(a.numberOfReturns).toEqual([12, 12, 12]);
      expect(a.gpsTime).toEqual([1000.5, 1001.25, -4]);
      expect(a.rgb).toEqual(pdrf >= 7 ? pts.flatMap((p) => p.rgb!) : []);
      expect(a.extra.height).toEqual([5 * 0.5 + 10, 250 * 0.5 + 10, 10]);
      expect(a.extra.score).toEqual([-3, 1000, -32768]);
    });
  }

  it('reads the EPSG code from GeoTIFF keys', async () => {
    const r = await openLas(src(writeLas({ version: '1.2', pdrf: 0, points, projectedEpsg: 26915 })));
    expect(r.header.crs).toEqual({ epsg: 26915, geoKeys: true });
    expect(r.header.bounds?.min[0]).toBeCloseTo(99);
    expect(r.header.bounds?.max[2]).toBeCloseTo(4);
  });

  it('batches span many windows without changing the points', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: -i, z: i / 4, intensity: i }));
    const a = await readAll(await openLas(src(writeLas({ version: '1.2', pdrf: 1, points: many }))), 77);
    expect(a.count).toBe(1000);
    expect(a.batchCounts.slice(0, -1).every((n) => n === 77)).toBe(true);
    expect(a.intensity).toEqual(many.map((p) => p.intensity));
    expect(a.positions[3 * 999 + 2]).toBeCloseTo(249.75);
  });

  describe('malformed headers are FormatErrors naming the file', () => {
    const good = writeLas({ version: '1.2', pdrf: 3, points });
    const mutate = (fn: (v: DataView, b: Uint8Array) => void) => {
      const b = good.slice();
      fn(new DataView(b.buffer), b);
      return b;
    };
    const cases: [string, Uint8Array, RegExp][] = [
      ['wrong signature', mutate((_, b) => (b[0] = 0x58)), /signature/],
      ['unsupported version', mutate((_, b) => (b[25] = 9)), /version 1\.9/],
      ['truncated header', good.slice(0, 100), /truncated/],
      ['point count beyond file', mutate((v) => v.setUint32(107, 1e9, true)), /claims 1000000000 points/],
      ['offset beyond file', mutate((v) => v.setUint32(96, 1e7, true)), /offset to point data/],
      ['record length too small', mutate((v) => v.setUint16(105, 20, true)), /smaller than format 3/],
      ['unknown format', mutate((_, b) => (b[104] = 11)), /format 11/],
      ['truncated points', good.slice(0, good.byteLength - 5), /claims 3 points/],
    ];
    for (const [what, bytes, message] of cases) {
      it(what, async () => {
        const err = await openLas(src(bytes, 'bad.las')).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(FormatError);
        expect((err as FormatError).file).toBe('bad.las');
        expect((err as FormatError).message).toMatch(message);
      });
    }
  });
});
