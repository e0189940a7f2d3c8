import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byteSource';
import { openPointCloud } from './openPointCloud';
import { openPotree2 } from './potree/openPotree2';
import { writeLas } from './testing/writeLas';
import { packRgbFloat, writePcd, type PcdFixtureField } from './testing/writePcd';
import { writeKittiBin, writePly } from './testing/writePly';
import { writeE57 } from './testing/writeE57';
import { seededRandom } from '../random/seededRandom';
import { attempt, expectParsedOrFormatError } from './testing/fuzzCases';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const CUTS = 20;
const FLIPS = 50;

const rng = seededRandom;

async function drain(bytes: Uint8Array, name: string): Promise<void> {
  const reader = await openPointCloud(memorySource(name, bytes));
  for await (const b of reader.batches(1000)) expect(b.positions.length).toBe(b.count * 3);
}

async function fuzz(name: string, bytes: Uint8Array, seed: number, open: (b: Uint8Array) => Promise<void> = (b) => drain(b, name)): Promise<{ ok: number; rejected: number }> {
  expect(await attempt(() => open(bytes))).toBe('ok');
  let ok = 0;
  let rejected = 0;
  const tally = (outcome: unknown, what: string) => {
    expectParsedOrFormatError(outcome, what);
    if (outcome === 'ok') ok++;
    else rejected++;
  };
  for (let i = 1; i <= CUTS; i++) {
    const cut = Math.floor((bytes.byteLength * i) / (CUTS + 1));
    tally(await attempt(() => open(bytes.slice(0, cut))), `${name} cut at ${cut}`);
  }
  const random = rng(seed);
  for (let i = 0; i < FLIPS; i++) {
    const copy = bytes.slice();
    // Half the flips land in the first 512 bytes, where headers live.
    const at = Math.floor(random() * (i % 2 === 0 ? Math.min(512, copy.byteLength) : copy.byteLength));
    const bit = Math.floor(random() * 8);
    copy[at] ^= 1 << bit;
    tally(await attempt(() => open(copy)), `${name} bit ${bit} of byte ${at} flipped (seed ${seed}, case ${i})`);
  }
  return { ok, rejected };
}

const pts = Array.from({ length: 40 }, (_, i) => ({ x: i * 1.5, y: -i, z: i / 3, intensity: i * 100, classification: i % 20, returnNumber: 1 + (i % 3), numberOfReturns: 3, gpsTime: i * 0.1, rgb: [i, 2 * i, 3 * i] as [number, number, number], extra: [i, -i] }));
const pcdFields: PcdFixtureField[] = [{ name: 'x', size: 4, type: 'F' }, { name: 'y', size: 4, type: 'F' }, { name: 'z', size: 4, type: 'F' }, { name: 'rgb', size: 4, type: 'F' }, { name: 'intensity', size: 4, type: 'F' }];
const pcdRows = Array.from({ length: 40 }, (_, i) => [i, i * 2, i % 7, packRgbFloat(i, 0, 255 - i), i / 40]);
const plyProps = [{ name: 'x', type: 'float' as const }, { name: 'y', type: 'float' as const }, { name: 'z', type: 'double' as const }, { name: 'red', type: 'uchar' as const }, { name: 'green', type: 'uchar' as const }, { name: 'blue', type: 'uchar' as const }];
const plyRows = Array.from({ length: 40 }, (_, i) => [i, -i, i * 0.5, i, 255 - i, 7]);

const fixtures: [string, Uint8Array][] = [
  ['fuzz-12.las', writeLas({ version: '1.2', pdrf: 3, points: pts, projectedEpsg: 32632 })],
  ['fuzz-14.las', writeLas({ version: '1.4', pdrf: 7, points: pts, wkt: 'PROJCS["x",AUTHORITY["EPSG","3857"]]', extraBytes: [{ name: 'a', type: 4, scale: 0.1 }, { name: 'b', type: 6 }] })],
  ['fuzz-ascii.pcd', writePcd({ encoding: 'ascii', fields: pcdFields, points: pcdRows })],
  ['fuzz-binary.pcd', writePcd({ encoding: 'binary', fields: pcdFields, points: pcdRows })],
  ['fuzz-compressed.pcd', writePcd({ encoding: 'binary_compressed', fields: pcdFields, points: pcdRows })],
  ['fuzz-ascii.ply', writePly({ encoding: 'ascii', properties: plyProps, vertices: plyRows, faces: [[0, 1, 2]] })],
  ['fuzz-le.ply', writePly({ encoding: 'binary_little_endian', properties: plyProps, vertices: plyRows, faces: [[0, 1, 2]] })],
  ['fuzz-be.ply', writePly({ encoding: 'binary_big_endian', properties: plyProps, vertices: plyRows })],
  ['fuzz.e57', writeE57({ scans: [{ name: 'fuzz', packets: 3, fields: [{ name: 'cartesianX', kind: 'scaledInteger', minimum: -999, maximum: 999, scale: 0.01 }, { name: 'cartesianY', kind: 'float32' }, { name: 'cartesianZ', kind: 'float64' }, { name: 'intensity', kind: 'integer', minimum: 0, maximum: 4095 }], records: pts.map((p) => [Math.round(p.x), p.y, p.z, p.intensity]) }] })],
  ['fuzz.bin', writeKittiBin(Array.from({ length: 40 }, (_, i) => [i, i, i, 0.5]), 4)],
];

describe('fuzz: truncated and bit-flipped inputs parse or throw FormatError, never hang', () => {
  fixtures.forEach(([name, bytes], i) => {
    it(name, async () => {
      const { ok, rejected } = await fuzz(name, bytes, 1000 + i);
      expect(ok + rejected).toBe(CUTS + FLIPS);
      // Truncations of a file with a point count must be caught.
      expect(rejected).toBeGreaterThan(0);
    });
  });

  describe.skipIf(!existsSync(DATA))('real LAZ / COPC / Potree files', () => {
    for (const file of ['las_laz/simple.laz', 'las_laz/pdrf6-1.4.laz', 'las_laz/1.2-with-color.copc.laz', 'las_laz/simple-laszip-compressor-version-1.2r0.laz', 'e57/A_B.e57', 'e57/ColourRepresentation.e57']) {
      it(file, { timeout: 120_000 }, async () => {
        const bytes = new Uint8Array(readFileSync(path.join(DATA, file)));
        const name = path.basename(file);
        if (name.includes('1.2r0')) {
          expectParsedOrFormatError(await attempt(() => drain(bytes, name)), name);
          return;
        }
        await fuzz(name, bytes, 7);
      });
    }

    it('potree2_four_points octree and hierarchy', async () => {
      const d = path.join(DATA, 'potree/potree2_four_points');
      const meta = new Uint8Array(readFileSync(path.join(d, 'metadata.json')));
      const hier = new Uint8Array(readFileSync(path.join(d, 'hierarchy.bin')));
      const octree = new Uint8Array(readFileSync(path.join(d, 'octree.bin')));
      const open = (m: Uint8Array, h: Uint8Array, o: Uint8Array) => async () => {
        const r = await openPotree2(memorySource('metadata.json', m), memorySource('hierarchy.bin', h), memorySource('octree.bin', o));
        for await (const b of r.batches()) expect(b.count).toBeGreaterThan(0);
      };
      await fuzz('hierarchy.bin', hier, 11, (h) => open(meta, h, octree)());
      await fuzz('octree.bin', octree, 12, (o) => open(meta, hier, o)());
      await fuzz('metadata.json', meta, 13, (m) => open(m, hier, octree)());
    });
  });
});
