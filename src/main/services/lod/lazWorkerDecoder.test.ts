import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPointCloud } from '../../../core/formats';
import { isLasRecordReader } from '../../../core/formats/las/openLas';
import { memorySource } from '../../../core/io/byteSource';
import type { PointBatch } from '../../../core/pointcloud/pointBatch';
import { createLazWorkerDecoder } from './lazWorkerDecoder';

const DATA = path.resolve(__dirname, '../../../../../shared/data/las_laz');
// Several LAZ chunks each (LAZ 1.2 and 1.4 layouts, and COPC's variable chunks).
const FILES = ['autzen_trim.laz', 'ellipsoid-1.4.laz', 'ellipsoid.copc.laz'].filter((f) => existsSync(path.join(DATA, f)));

const decoder = createLazWorkerDecoder(2);
afterAll(() => decoder.close());

describe.skipIf(FILES.length === 0)('LAZ chunks decoded on worker threads', () => {
  for (const file of FILES) {
    it(`${file}: the same records and points as the single-thread decoder`, async () => {
      const bytes = readFileSync(path.join(DATA, file));
      const plain = await openPointCloud(memorySource(file, bytes), { fileName: file });
      const parallel = await openPointCloud(memorySource(file, bytes), { fileName: file, laz: decoder });
      const batches = async (r: typeof plain) => {
        const out: PointBatch[] = [];
        for await (const b of r.batches(30_000)) out.push(b);
        return out;
      };
      const a = await batches(plain);
      const b = await batches(parallel);
      expect(b.map((x) => x.count)).toEqual(a.map((x) => x.count));
      for (let i = 0; i < a.length; i++) {
        expect(Buffer.from(b[i].positions.buffer, b[i].positions.byteOffset, 24 * b[i].count).equals(Buffer.from(a[i].positions.buffer, a[i].positions.byteOffset, 24 * a[i].count))).toBe(true);
        expect(b[i].gpsTime).toEqual(a[i].gpsTime);
      }
      if (isLasRecordReader(plain) && isLasRecordReader(parallel)) {
        const raw = async (r: typeof plain & typeof parallel) => {
          const parts: Buffer[] = [];
          for await (const x of r.lasRecords(45_000)) parts.push(Buffer.from(x.records.buffer, x.records.byteOffset, x.records.byteLength));
          return Buffer.concat(parts);
        };
        expect((await raw(parallel)).equals(await raw(plain))).toBe(true);
      }
    });
  }

  it('rejects a chunk laz-perf cannot decode, and keeps working afterwards', async () => {
    await expect(decoder.decodeChunk!(new Uint8Array(16), 99, 20, 5)).rejects.toThrow();
    const file = FILES[0];
    const bytes = readFileSync(path.join(DATA, file));
    const r = await openPointCloud(memorySource(file, bytes), { fileName: file, laz: decoder });
    let n = 0;
    for await (const b of r.batches(50_000)) n += b.count;
    expect(n).toBe(r.header.pointCount);
  });

  it('names the file and chunk when a chunk fails', async () => {
    const file = FILES[0];
    const failing = {
      openChunk: () => Promise.reject(new Error('unused')),
      decodeChunk: () => Promise.reject(new Error('boom')),
    };
    const r = await openPointCloud(memorySource(file, readFileSync(path.join(DATA, file))), { fileName: file, laz: failing });
    const run = async () => {
      for await (const _ of r.batches(50_000)) void _;
    };
    await expect(run()).rejects.toThrow(/autzen_trim\.laz|ellipsoid/);
    await expect(run()).rejects.toThrow(/LAZ chunk could not be decoded/);
  });
});
