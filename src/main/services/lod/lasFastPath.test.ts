import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLas } from '../../../core/formats/las/openLas';
import { writeLas, type LasFixturePoint } from '../../../core/formats/testing/writeLas';
import { memorySource } from '../../../core/io/byteSource';
import type { PointBatch } from '../../../core/pointcloud/pointBatch';
import { LodBuilder, type LodAttribute } from './lodBuilder';
import { readPotree, type PotreeCloud } from './testing/readPotree';
import { clusteredBatch, rng, terrainBatch } from './testing/synthetic';

const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-lod-fast-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ALL: LodAttribute[] = ['intensity', 'returnNumber', 'numberOfReturns', 'classification', 'pointSourceId', 'gpsTime', 'rgb'];

/** Georeferenced points with every field exercised, flag bits in the classification byte included. */
function points(n: number, seed: number): LasFixturePoint[] {
  const random = rng(seed);
  const out: LasFixturePoint[] = [];
  for (let i = 0; i < n; i++) {
    const numberOfReturns = 1 + Math.floor(random() * 5);
    out.push({
      x: 512_345.678 + random() * 900 - 300,
      y: 5_403_210.5 + random() * 700,
      z: -20 + random() * 180,
      intensity: Math.floor(random() * 65536),
      returnNumber: 1 + Math.floor(random() * numberOfReturns),
      numberOfReturns,
      classification: Math.floor(random() * 32),
      pointSourceId: Math.floor(random() * 65536),
      gpsTime: 300_000 + random() * 1000,
      rgb: [Math.floor(random() * 65536), Math.floor(random() * 65536), Math.floor(random() * 65536)],
    });
  }
  return out;
}

async function readAllRecords(bytes: Uint8Array) {
  const reader = await openLas(memorySource('fixture.las', bytes));
  const batches: PointBatch[] = [];
  for await (const b of reader.batches(700)) batches.push(b);
  const raw: Uint8Array[] = [];
  for await (const r of reader.lasRecords(700)) raw.push(r.records);
  return { reader, batches, raw };
}

describe('LAS records straight into the builder', () => {
  for (const pdrf of [0, 1, 2, 3, 6, 7]) {
    for (const [label, builderOffset] of [
      ['the file’s offset', null],
      ['an offset whole steps away', [512_000.25, 5_403_000.5, -25]],
    ] as const) {
      it(`PDRF ${pdrf}, ${label}: the same records as decoding then packing`, async () => {
        const version = pdrf >= 6 ? '1.4' : '1.2';
        const scale = [0.001, 0.001, 0.01] as const;
        const bytes = writeLas({ version, pdrf, points: points(2500, pdrf + 1), scale, offset: [512_000, 5_400_000, 0] });
        const { reader, batches, raw } = await readAllRecords(bytes);
        const builder = LodBuilder.create({
          outDir: path.join(work, `pack-${pdrf}`),
          tmpDir: work,
          attributes: ALL,
          scale: [scale[0], scale[1], scale[2]],
          ...(builderOffset && { offset: builderOffset }),
        });
        try {
          expect(builder.canAddLas(reader.lasFormat)).toBe(true);
          expect(raw.length).toBe(batches.length);
          for (let i = 0; i < batches.length; i++) {
            const slow = builder.pack(batches[i]);
            const fast = builder.packLas(raw[i], reader.lasFormat);
            expect(fast.length).toBe(slow.length);
            expect(Buffer.compare(fast, slow)).toBe(0);
          }
        } finally {
          builder.cancel();
        }
      });
    }
  }

  it('refuses a file whose scale or offset does not line up with the build', async () => {
    const bytes = writeLas({ version: '1.2', pdrf: 3, points: points(10, 9), scale: [0.001, 0.001, 0.001], offset: [0, 0, 0] });
    const reader = await openLas(memorySource('a.las', bytes));
    const other = LodBuilder.create({ outDir: path.join(work, 'mismatch'), tmpDir: work, scale: 0.01, offset: [0, 0, 0] });
    expect(other.canAddLas(reader.lasFormat)).toBe(false);
    other.cancel();
    const half = LodBuilder.create({ outDir: path.join(work, 'mismatch2'), tmpDir: work, scale: 0.001, offset: [0.0005, 0, 0] });
    expect(half.canAddLas(reader.lasFormat)).toBe(false);
    await expect(half.addLas(new Uint8Array(34), reader.lasFormat)).rejects.toThrow(/does not match/);
    half.cancel();
  });

  it('builds the same octree from raw LAS records as from decoded batches', async () => {
    const bytes = writeLas({ version: '1.2', pdrf: 3, points: points(30_000, 42), scale: [0.001, 0.001, 0.001], offset: [512_000, 5_400_000, 0] });
    const { reader, batches, raw } = await readAllRecords(bytes);
    const options = { tmpDir: work, attributes: ALL, scale: 0.001, offset: [512_000, 5_400_000, 0] as [number, number, number], threads: 2, maxLeafPoints: 500 };
    const slow = LodBuilder.create({ ...options, outDir: path.join(work, 'slow') });
    for (const b of batches) await slow.add(b);
    await slow.finish();
    const fast = LodBuilder.create({ ...options, outDir: path.join(work, 'fast') });
    for (const r of raw) await fast.addLas(r, reader.lasFormat);
    await fast.finish();
    expectSameNodes(readPotree(path.join(work, 'fast')), readPotree(path.join(work, 'slow')));
  });
});

/** Same nodes with the same records in each (node order within octree.bin may differ). */
function expectSameNodes(a: PotreeCloud, b: PotreeCloud): void {
  expect(a.metadata.points).toBe(b.metadata.points);
  expect(a.metadata.boundingBox).toEqual(b.metadata.boundingBox);
  expect(a.metadata.attributes).toEqual(b.metadata.attributes);
  const records = (c: PotreeCloud) =>
    new Map(c.nodes.map((n) => [n.name, Buffer.from(c.octree.subarray(n.byteOffset, n.byteOffset + n.byteSize)).toString('hex')]));
  const ra = records(a);
  const rb = records(b);
  expect([...ra.keys()].sort()).toEqual([...rb.keys()].sort());
  const differ = [...ra.keys()].filter((k) => ra.get(k) !== rb.get(k));
  expect(differ).toEqual([]);
}

describe('LOD build in memory and spilled', () => {
  for (const sampling of ['poisson', 'random'] as const) {
    it(`${sampling}: the same nodes and records whether the input is held in memory or spilled`, async () => {
      const random = rng(sampling === 'poisson' ? 11 : 12);
      const batches: PointBatch[] = [];
      for (let first = 0; first < 150_000; first += 30_000) {
        batches.push((first / 30_000) % 2 ? clusteredBatch(30_000, first, random) : terrainBatch(30_000, first, random));
      }
      const base = { tmpDir: work, sampling, attributes: ['intensity', 'gpsTime'] as LodAttribute[], memoryBytes: 32 * 1024 * 1024, threads: 2, maxLeafPoints: 1000, bounds: null };
      const dirs: string[] = [];
      for (const inMemoryBytes of [64 * 1024 * 1024, 0]) {
        const outDir = path.join(work, `${sampling}-${inMemoryBytes}`);
        const b = LodBuilder.create({ ...base, outDir, inMemoryBytes, offset: [0, 0, 0] });
        for (const batch of batches) await b.add(batch);
        const r = await b.finish();
        expect(r.points).toBe(150_000);
        dirs.push(outDir);
      }
      expectSameNodes(readPotree(dirs[0]), readPotree(dirs[1]));
    });
  }
});

describe('LOD build cancelled before finish', () => {
  it('removes its temporary directory at once (a failing CLI exits without collecting the builder)', async () => {
    const tmpDir = path.join(work, 'cancel-tmp');
    mkdirSync(tmpDir, { recursive: true });
    const b = LodBuilder.create({ outDir: path.join(work, 'cancel-out'), tmpDir, offset: [0, 0, 0], memoryBytes: 16 * 1024 * 1024, inMemoryBytes: 0 });
    await b.add(terrainBatch(20_000, 0, rng(3)));
    expect(readdirSync(tmpDir).length).toBe(1);
    b.cancel();
    expect(readdirSync(tmpDir)).toEqual([]);
    await expect(b.finish()).rejects.toThrow(/cancelled/);
  });
});
