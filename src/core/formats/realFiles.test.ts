import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError, memorySource, type ByteSource } from '../io/byteSource';
import type { PointCloudReader } from '../pointcloud/pointBatch';
import { openPointCloud } from './openPointCloud';
import type { PcdReader } from './pcd/openPcd';
import { openPotree2 } from './potree/openPotree2';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const have = existsSync(DATA);

/** Files no reader here decodes, with why (see the report); they must fail as FormatErrors naming the file. */
const UNSUPPORTED: Record<string, RegExp> = {
  'simple-laszip-compressor-version-1.2r0.laz': /compressor pointwise without chunks/,
  'pdrf4-1.3.laz': /item type 9/,
  'pdrf10-1.5.laz': /item type 13/,
};

/** Counts stated in SOURCES.md, checked independently of the files' own headers. */
const STATED: Record<string, number> = {
  'autzen_trim.laz': 110000,
  'las_with_several_extra_byte_bloc.laz': 697721,
  'lion_takanawa.copc.laz': 341989,
  'ellipsoid.copc.laz': 100000,
  'extrabytes.las': 1065,
  'cturtle.pcd': 167198,
  'office1.pcd': 307200,
  'bun_zipper.ply': 35947,
  'ripple_ascii.ply': 10201,
};

const load = (file: string): ByteSource => memorySource(path.basename(file), new Uint8Array(readFileSync(file)));

interface Summary {
  count: number;
  min: number[];
  max: number[];
}

async function check(reader: PointCloudReader): Promise<Summary> {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  for await (const b of reader.batches(20000)) {
    expect(b.positions.length).toBe(3 * b.count);
    for (let i = 0; i < 3 * b.count; i++) {
      const v = b.positions[i];
      const k = i % 3;
      if (!(v >= min[k])) min[k] = v;
      if (!(v <= max[k])) max[k] = v;
    }
    for (const col of [b.returnNumber, b.numberOfReturns]) if (col) expect(col.reduce((m, r) => Math.max(m, r), 0)).toBeLessThanOrEqual(15);
    if (b.rgb) expect(b.rgb.length).toBe(3 * b.count);
    for (const col of Object.values(b.extra ?? {})) expect(col.length).toBe(b.count);
    count += b.count;
  }
  min.concat(max).forEach((v) => count > 0 && expect(Number.isFinite(v)).toBe(true));
  const h = reader.header;
  const skipped = (reader as Partial<PcdReader>).skippedPoints ?? 0;
  expect(count + skipped).toBe(h.pointCount);
  if (h.bounds && count > 0) {
    // Header bounds are rounded by some writers; allow one quantisation step.
    const tol = h.scale ?? [1e-6, 1e-6, 1e-6];
    for (let k = 0; k < 3; k++) {
      expect(min[k]).toBeGreaterThanOrEqual(h.bounds.min[k] - tol[k] - 1e-9);
      expect(max[k]).toBeLessThanOrEqual(h.bounds.max[k] + tol[k] + 1e-9);
    }
  }
  return { count, min, max };
}

describe.skipIf(!have)('real files from ../shared/data', () => {
  for (const folder of ['las_laz', 'pcd', 'ply']) {
    const dir = path.join(DATA, folder);
    const files = existsSync(dir) ? readdirSync(dir).sort() : [];
    for (const name of files) {
      it(`${folder}/${name}`, async () => {
        const source = load(path.join(dir, name));
        if (UNSUPPORTED[name]) {
          const err = await openPointCloud(source).then((r) => check(r)).then(() => null, (e: unknown) => e);
          expect(err).toBeInstanceOf(FormatError);
          expect((err as FormatError).message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}`));
          expect((err as FormatError).message).toMatch(UNSUPPORTED[name]);
          return;
        }
        const reader = await openPointCloud(source);
        const { count } = await check(reader);
        if (STATED[name] !== undefined) expect(count + ((reader as Partial<PcdReader>).skippedPoints ?? 0)).toBe(STATED[name]);
        if (name.endsWith('.copc.laz')) expect(reader.header.format).toBe('copc');
      });
    }
  }

  it('potree/potree2_four_points', async () => {
    const d = path.join(DATA, 'potree/potree2_four_points');
    const { count } = await check(await openPotree2(load(path.join(d, 'metadata.json')), load(path.join(d, 'hierarchy.bin')), load(path.join(d, 'octree.bin'))));
    expect(count).toBe(4);
  });

  it('LAZ decodes to exactly the points of the same LAS', async () => {
    for (const [las, laz] of [['autzen_trim.las', 'autzen_trim.laz'], ['pdrf6-1.4.las', 'pdrf6-1.4.laz']]) {
      const a = await openPointCloud(load(path.join(DATA, 'las_laz', las)));
      const b = (await openPointCloud(load(path.join(DATA, 'las_laz', laz)))).batches(4096)[Symbol.asyncIterator]();
      let pending: { positions: Float64Array; gpsTime?: Float64Array; intensity?: Uint16Array } | null = null;
      let at = 0;
      for await (const batch of a.batches(4096)) {
        pending = (await b.next()).value ?? null;
        expect(pending?.positions).toEqual(batch.positions);
        expect(pending?.intensity).toEqual(batch.intensity);
        expect(pending?.gpsTime).toEqual(batch.gpsTime);
        at += batch.count;
      }
      expect(at).toBeGreaterThan(0);
    }
  });

  it('COPC holds the same point set as the LAS it came from', async () => {
    const key = async (r: PointCloudReader) => {
      const rows: string[] = [];
      for await (const b of r.batches()) for (let i = 0; i < b.count; i++) rows.push(`${b.positions[3 * i].toFixed(2)},${b.positions[3 * i + 1].toFixed(2)},${b.positions[3 * i + 2].toFixed(2)},${b.intensity![i]}`);
      return rows.sort();
    };
    const las = await key(await openPointCloud(load(path.join(DATA, 'las_laz/1.2-with-color.las'))));
    const copc = await key(await openPointCloud(load(path.join(DATA, 'las_laz/1.2-with-color.copc.laz'))));
    expect(copc).toEqual(las);
  });

  it('throughput (printed, not asserted)', async () => {
    for (const name of ['autzen_trim.las', 'autzen_trim.laz', 'indoor.laz', 'lone-star.copc.laz']) {
      const file = path.join(DATA, 'las_laz', name);
      if (!existsSync(file)) continue;
      const reader = await openPointCloud(load(file));
      const t0 = performance.now();
      let n = 0;
      for await (const b of reader.batches()) n += b.count;
      const s = (performance.now() - t0) / 1000;
      console.log(`throughput ${name}: ${n} points in ${s.toFixed(3)} s = ${(n / s / 1e6).toFixed(2)} M points/s`);
    }
  });
});
