import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliColumnsToRecords, brotliNodeLayout } from '../../../core/formats/potree/brotliNodeLayout';
import { readAll } from '../../../core/formats/testing/readAll';
import { encodeOctreeBrotli, type BrotliEncodeResult } from './brotliEncoding';
import { LodBuilder, type LodBuilderOptions, type LodProgress } from './lodBuilder';
import { openOctreeFolder } from './openOctreeFolder';
import { readPotree } from './testing/readPotree';
import { rng, terrainBatch } from './testing/synthetic';

const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-brotli-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = (name: string) => path.join(work, name);
const FILES = ['hierarchy.bin', 'metadata.json', 'octree.bin'];

const N = 60_000;
/**
 * The offset lies inside the cloud, as a LAS file's own offset often does, so the encoder has to
 * move positions by whole steps; small nodes and chunks give many nodes and proxy records.
 */
const OPTIONS: Omit<LodBuilderOptions, 'outDir'> = {
  attributes: ['intensity', 'classification', 'gpsTime', 'rgb'],
  offset: [50, 50, 5],
  memoryBytes: 16 * 1024 * 1024,
  threads: 2,
  hierarchyStepSize: 2,
  maxLeafPoints: 1000,
};

async function build(outDir: string, extra: Partial<LodBuilderOptions> = {}, onProgress?: (p: LodProgress, b: LodBuilder) => void) {
  const builder = LodBuilder.create({ ...OPTIONS, tmpDir: dir('tmp'), outDir, ...extra });
  const random = rng(11);
  for (let first = 0; first < N; first += 20_000) await builder.add(terrainBatch(20_000, first, random));
  return builder.finish((p) => onProgress?.(p, builder));
}

/** Each file of a folder by its SHA-256 (comparing the bytes element by element is slow). */
function snapshot(d: string): Record<string, string> {
  return Object.fromEntries(readdirSync(d).map((f) => [f, createHash('sha256').update(readFileSync(path.join(d, f))).digest('hex')]));
}

function copy(from: string, name: string): string {
  cpSync(from, dir(name), { recursive: true });
  return dir(name);
}

describe('BROTLI re-encoding of a DEFAULT octree', () => {
  let plain: string;
  let encoded: string;
  let result: BrotliEncodeResult;
  let progress: [number, number][];

  beforeAll(async () => {
    plain = dir('default');
    await build(plain);
    encoded = copy(plain, 'brotli');
    progress = [];
    result = await encodeOctreeBrotli(encoded, { onProgress: (d, t) => progress.push([d, t]) });
  }, 60_000);

  it('holds exactly the DEFAULT points, node by node', () => {
    const a = readPotree(plain);
    const b = readPotree(encoded);
    const layout = brotliNodeLayout(a.metadata.attributes);
    expect(b.nodes.map((n) => [n.name, n.type, n.childMask, n.numPoints])).toEqual(a.nodes.map((n) => [n.name, n.type, n.childMask, n.numPoints]));
    // The offset sits inside the cloud: every axis had to move.
    expect(result.shift.every((s) => s < 0)).toBe(true);
    let compared = 0;
    a.nodes.forEach((na, i) => {
      const nb = b.nodes[i];
      const expected = Buffer.from(a.octree.subarray(na.byteOffset, na.byteOffset + na.byteSize));
      for (let p = 0; p < na.numPoints; p++) {
        for (let k = 0; k < 3; k++) {
          const at = p * a.recordSize + 4 * k;
          expected.writeInt32LE(expected.readInt32LE(at) - result.shift[k], at);
        }
      }
      const decoded = brotliColumnsToRecords(brotliDecompressSync(b.octree.subarray(nb.byteOffset, nb.byteOffset + nb.byteSize)), nb.numPoints, layout);
      expect(Buffer.from(decoded).equals(expected), `node ${na.name}`).toBe(true);
      compared += na.numPoints;
    });
    expect(compared).toBe(N);
  });

  it('reads back through Cairn’s reader as the same points in the same order', async () => {
    const ra = await openOctreeFolder(plain);
    const rb = await openOctreeFolder(encoded);
    try {
      const a = await readAll(ra, 4096);
      const b = await readAll(rb, 4096);
      expect(b.count).toBe(N);
      let worst = 0;
      for (let i = 0; i < a.positions.length; i++) worst = Math.max(worst, Math.abs(a.positions[i] - b.positions[i]));
      // The new offset is the old one plus whole steps: only rounding of the sum remains.
      expect(worst).toBeLessThan(1e-9);
      for (const k of ['intensity', 'classification', 'gpsTime', 'rgb'] as const) expect(b[k], k).toEqual(a[k]);
    } finally {
      await ra.close();
      await rb.close();
    }
  });

  it('writes a smaller octree.bin and a consistent hierarchy and metadata', () => {
    const size = statSync(path.join(encoded, 'octree.bin')).size;
    expect(result.bytesBefore).toBe(statSync(path.join(plain, 'octree.bin')).size);
    expect(result.bytesAfter).toBe(size);
    expect(size).toBeLessThan(result.bytesBefore * 0.7);
    // Nodes tile the new octree.bin in hierarchy order.
    const b = readPotree(encoded);
    let at = 0;
    for (const n of b.nodes) {
      expect(n.byteOffset).toBe(at);
      expect(n.byteSize).toBeGreaterThan(0);
      at += n.byteSize;
    }
    expect(at).toBe(size);
    // Proxy records keep their offsets into hierarchy.bin; every record keeps type, mask and count.
    const ha = readFileSync(path.join(plain, 'hierarchy.bin'));
    const hb = readFileSync(path.join(encoded, 'hierarchy.bin'));
    expect(hb.length).toBe(ha.length);
    let proxies = 0;
    for (let r = 0; r < ha.length; r += 22) {
      expect(hb.subarray(r, r + 6).equals(ha.subarray(r, r + 6))).toBe(true);
      if (ha[r] === 2) {
        proxies++;
        expect(hb.subarray(r, r + 22).equals(ha.subarray(r, r + 22))).toBe(true);
      }
    }
    expect(proxies).toBeGreaterThan(0);
    const ma = JSON.parse(readFileSync(path.join(plain, 'metadata.json'), 'utf8'));
    const mb = JSON.parse(readFileSync(path.join(encoded, 'metadata.json'), 'utf8'));
    expect(mb.encoding).toBe('BROTLI');
    expect(mb.offset).toEqual(ma.offset.map((o: number, k: number) => o + result.shift[k] * ma.scale[k]));
    expect({ ...mb, encoding: 0, offset: 0 }).toEqual({ ...ma, encoding: 0, offset: 0 });
    expect(readdirSync(encoded).sort()).toEqual(FILES);
    expect(progress[0]).toEqual([0, N]);
    expect(progress.at(-1)).toEqual([N, N]);
  });

  it('leaves positions alone when the offset is already the minimum', async () => {
    const d = dir('at-min');
    await build(d, { offset: undefined, bounds: { min: [0, 0, 0], max: [100, 100, 10] } });
    const r = await encodeOctreeBrotli(d, { quality: 1 });
    expect(r.shift).toEqual([0, 0, 0]);
    expect(JSON.parse(readFileSync(path.join(d, 'metadata.json'), 'utf8')).offset).toEqual([0, 0, 0]);
  });

  it('stops at the next node when cancelled, leaving the DEFAULT octree as it was', async () => {
    const d = copy(plain, 'cancelled');
    const before = snapshot(d);
    const controller = new AbortController();
    let reportsAfterAbort = 0;
    const run = encodeOctreeBrotli(d, {
      quality: 11,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (controller.signal.aborted) reportsAfterAbort++;
        else if (done > N / 4) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(controller.signal.aborted).toBe(true);
    expect(reportsAfterAbort).toBe(0);
    expect(snapshot(d)).toEqual(before);
  }, 60_000);

  it('names the file and the node of a corrupted brotli node', async () => {
    const d = copy(encoded, 'corrupt');
    const victim = readPotree(d).nodes[3];
    const octree = readFileSync(path.join(d, 'octree.bin'));
    octree.fill(0xa5, victim.byteOffset + 2, victim.byteOffset + Math.min(victim.byteSize, 64));
    writeFileSync(path.join(d, 'octree.bin'), octree);
    const reader = await openOctreeFolder(d);
    try {
      await expect(readAll(reader, 4096)).rejects.toThrow(new RegExp(`octree\\.bin \\(byte ${victim.byteOffset}\\): node ${victim.name}: `));
    } finally {
      await reader.close();
    }
  });

  it('refuses, naming the folder, what it cannot encode, and touches nothing', async () => {
    await expect(encodeOctreeBrotli(encoded)).rejects.toThrow(`Cannot BROTLI-encode the octree in ${encoded}: it is already BROTLI-encoded`);
    // A box that lies about the minimum leaves points below the offset.
    const d = copy(plain, 'lying-box');
    const meta = JSON.parse(readFileSync(path.join(d, 'metadata.json'), 'utf8'));
    meta.tightBoundingBox.min = meta.offset;
    writeFileSync(path.join(d, 'metadata.json'), JSON.stringify(meta));
    const before = snapshot(d);
    await expect(encodeOctreeBrotli(d)).rejects.toThrow(new RegExp(`^Cannot BROTLI-encode the octree in ${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: node r\\d*: point \\d+ is at .* steps from the offset`));
    expect(snapshot(d)).toEqual(before);
  });
});

describe('LodBuilder with encoding brotli', () => {
  it('builds, re-encodes with a progress phase, and reads back', async () => {
    const d = dir('built-brotli');
    const phases = new Set<string>();
    const r = await build(d, { encoding: 'brotli' }, (p) => phases.add(p.phase));
    expect(phases.has('write')).toBe(true);
    expect(phases.has('brotli')).toBe(true);
    expect(JSON.parse(readFileSync(path.join(d, 'metadata.json'), 'utf8')).encoding).toBe('BROTLI');
    const reader = await openOctreeFolder(d);
    try {
      expect((await readAll(reader, 4096)).count).toBe(r.points);
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('cancelled while re-encoding, keeps its DEFAULT octree and no temporary files', async () => {
    const d = dir('cancel-brotli');
    const run = build(d, { encoding: 'brotli' }, (p, builder) => {
      if (p.phase === 'brotli' && p.done > 0) builder.cancel();
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(d).sort()).toEqual(FILES);
    expect(JSON.parse(readFileSync(path.join(d, 'metadata.json'), 'utf8')).encoding).toBe('DEFAULT');
    const reader = await openOctreeFolder(d);
    try {
      expect((await readAll(reader, 4096)).count).toBe(N);
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('rejects an unknown encoding', () => {
    expect(() => LodBuilder.create({ outDir: dir('bad'), encoding: 'gzip' as 'brotli' })).toThrow(/Invalid LOD build options: encoding/);
  });
});
