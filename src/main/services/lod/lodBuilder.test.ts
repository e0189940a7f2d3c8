import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PointBatch } from '../../../core/pointcloud/pointBatch';
import { LodBuilder, type LodBuilderOptions, type LodProgress } from './lodBuilder';
import { loadNativeAddon } from './nativeAddon';
import { nodePositions, readPotree, type PotreeCloud, type PotreeNode } from './testing/readPotree';
import { clusteredBatch, rng, terrainBatch } from './testing/synthetic';

const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-lod-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dir(name: string): string {
  return path.join(work, name);
}

function concat(batches: PointBatch[]): { positions: Float64Array; intensity: Uint16Array; classification: Uint8Array } {
  const n = batches.reduce((s, b) => s + b.count, 0);
  const positions = new Float64Array(3 * n);
  const intensity = new Uint16Array(n);
  const classification = new Uint8Array(n);
  let at = 0;
  for (const b of batches) {
    positions.set(b.positions.subarray(0, 3 * b.count), 3 * at);
    intensity.set(b.intensity!.subarray(0, b.count), at);
    classification.set(b.classification!.subarray(0, b.count), at);
    at += b.count;
  }
  return { positions, intensity, classification };
}

async function build(options: LodBuilderOptions, batches: Iterable<PointBatch>, onProgress?: (p: LodProgress) => void) {
  const builder = LodBuilder.create(options);
  for (const b of batches) await builder.add(b);
  return builder.finish(onProgress);
}

const SMALL = { memoryBytes: 16 * 1024 * 1024, threads: 2, hierarchyStepSize: 2, maxLeafPoints: 1000 } as const;
const N = 120_000;

interface Case {
  readonly name: string;
  readonly sampling: 'poisson' | 'random';
  readonly make: (count: number, first: number, random: () => number) => PointBatch;
}
const cases: Case[] = [
  { name: 'terrain/poisson', sampling: 'poisson', make: terrainBatch },
  { name: 'clustered/poisson', sampling: 'poisson', make: clusteredBatch },
  { name: 'terrain/random', sampling: 'random', make: terrainBatch },
  { name: 'clustered/random', sampling: 'random', make: clusteredBatch },
];

describe.each(cases)('LOD build of $name', ({ name, sampling, make }) => {
  let cloud: PotreeCloud;
  let input: ReturnType<typeof concat>;
  let result: Awaited<ReturnType<LodBuilder['finish']>>;

  beforeAll(async () => {
    const random = rng(name.length * 7919 + (sampling === 'poisson' ? 1 : 2));
    const batches: PointBatch[] = [];
    for (let first = 0; first < N; first += 25_000) batches.push(make(Math.min(25_000, N - first), first, random));
    input = concat(batches);
    const outDir = dir(name.replace('/', '-'));
    result = await build(
      { outDir, tmpDir: dir('tmp'), sampling, attributes: ['intensity', 'classification', 'gpsTime'], ...SMALL },
      batches,
    );
    cloud = readPotree(outDir);
  }, 30_000);

  it('keeps every input point exactly once, byte for byte', () => {
    expect(result.points).toBe(N);
    expect(cloud.metadata.points).toBe(N);
    const { scale, offset } = cloud.metadata;
    const R = cloud.recordSize;
    expect(R).toBe(12 + 2 + 1 + 8);
    const seen = new Uint8Array(N);
    const problems: string[] = [];
    let total = 0;
    for (const node of cloud.nodes) {
      for (let i = 0; i < node.numPoints; i++) {
        const o = node.byteOffset + i * R;
        const id = cloud.octree.readDoubleLE(o + cloud.offsets['gps-time']);
        total++;
        if (!(Number.isInteger(id) && id >= 0 && id < N)) {
          problems.push(`${node.name}[${i}] has id ${id}`);
          continue;
        }
        if (seen[id]) problems.push(`point ${id} appears twice (again in ${node.name})`);
        seen[id] = 1;
        for (let a = 0; a < 3; a++) {
          const q = Math.round((input.positions[3 * id + a] - offset[a]) / scale[a]);
          if (cloud.octree.readInt32LE(o + 4 * a) !== q) problems.push(`point ${id} axis ${a}: ${cloud.octree.readInt32LE(o + 4 * a)} != ${q}`);
        }
        if (cloud.octree.readUInt16LE(o + cloud.offsets.intensity) !== input.intensity[id]) problems.push(`intensity of ${id}`);
        if (cloud.octree.readUInt8(o + cloud.offsets.classification) !== input.classification[id]) problems.push(`class of ${id}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(total).toBe(N);
    expect(seen.every((s) => s === 1)).toBe(true);
  });

  it('writes a consistent hierarchy that tiles octree.bin', () => {
    expect(result.nodes).toBe(cloud.nodes.length);
    expect(cloud.metadata.hierarchy.depth).toBe(result.depth);
    expect(Math.max(...cloud.nodes.map((n) => n.level))).toBe(result.depth);
    // stepSize 2 on a tree this deep: proxies must have been written and resolved.
    expect(result.depth).toBeGreaterThan(2);
    expect(cloud.hierarchyChunks).toBeGreaterThan(1);
    let sum = 0;
    for (const node of cloud.nodes) {
      sum += node.numPoints;
      expect(node.byteSize).toBe(node.numPoints * cloud.recordSize);
      const children = node.children.filter((c): c is PotreeNode => c !== null);
      expect(children.length).toBe(popcount(node.childMask));
      // A leaf without points would be a wasted request.
      if (node.type === 1) expect(node.numPoints).toBeGreaterThan(0);
    }
    expect(sum).toBe(N);
    const sorted = [...cloud.nodes].sort((a, b) => a.byteOffset - b.byteOffset);
    let end = 0;
    for (const n of sorted) {
      expect(n.byteOffset).toBe(end);
      end += n.byteSize;
    }
    expect(end).toBe(cloud.octree.length);
    const names = new Set(cloud.nodes.map((n) => n.name));
    expect(names.size).toBe(cloud.nodes.length);
  });

  it('puts each point inside its node’s box, with a cubic root box', () => {
    const { min, max } = cloud.metadata.boundingBox;
    const size = max[0] - min[0];
    expect(max[1] - min[1]).toBeCloseTo(size, 9);
    expect(max[2] - min[2]).toBeCloseTo(size, 9);
    const eps = size * 1e-9;
    for (const node of cloud.nodes) {
      const p = nodePositions(cloud, node);
      for (let i = 0; i < node.numPoints; i++) {
        for (let a = 0; a < 3; a++) {
          const v = p[3 * i + a];
          if (v < node.min[a] - eps || v > node.max[a] + eps) {
            expect.fail(`point ${i} of ${node.name} (${v} on axis ${a}) outside [${node.min[a]}, ${node.max[a]}]`);
          }
        }
      }
    }
  });

  if (sampling === 'poisson') {
    it('keeps points of inner nodes at least the node spacing apart', () => {
      let checked = 0;
      for (const node of cloud.nodes) {
        if (node.type !== 0) continue;
        const d = minDistance(nodePositions(cloud, node), node);
        expect(d).toBeGreaterThanOrEqual(node.spacing * (1 - 1e-9));
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  } else {
    it('keeps at most one point per spacing cell in inner nodes', () => {
      let checked = 0;
      for (const node of cloud.nodes) {
        if (node.type !== 0) continue;
        expect(cellCollisions(nodePositions(cloud, node), node)).toBe(0);
        checked++;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }
});

function popcount(m: number): number {
  let c = 0;
  for (; m; m &= m - 1) c++;
  return c;
}

const G = 131;
function cellOf(p: Float64Array, i: number, node: PotreeNode): [number, number, number] {
  return [0, 1, 2].map((a) => Math.min(128, Math.max(0, Math.floor((p[3 * i + a] - node.min[a]) / node.spacing)))) as [number, number, number];
}

function minDistance(p: Float64Array, node: PotreeNode): number {
  const grid = new Map<number, number[]>();
  const n = p.length / 3;
  for (let i = 0; i < n; i++) {
    const [x, y, z] = cellOf(p, i, node);
    const k = x + 1 + G * (y + 1 + G * (z + 1));
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const [x, y, z] = cellOf(p, i, node);
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const list = grid.get(x + dx + 1 + G * (y + dy + 1 + G * (z + dz + 1)));
          if (!list) continue;
          for (const j of list) {
            if (j <= i) continue;
            const d = Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]);
            if (d < best) best = d;
          }
        }
  }
  return best;
}

/** Points sharing a spacing cell, ignoring points within rounding distance of a cell face. */
function cellCollisions(p: Float64Array, node: PotreeNode): number {
  const seen = new Set<number>();
  let collisions = 0;
  for (let i = 0; i < p.length / 3; i++) {
    let nearFace = false;
    for (let a = 0; a < 3; a++) {
      const f = (p[3 * i + a] - node.min[a]) / node.spacing;
      if (Math.abs(f - Math.round(f)) < 1e-6) nearFace = true;
    }
    if (nearFace) continue;
    const [x, y, z] = cellOf(p, i, node);
    const k = x + G * (y + G * z);
    if (seen.has(k)) collisions++;
    seen.add(k);
  }
  return collisions;
}

describe('LOD builder errors', () => {
  it('names an output directory it cannot write', () => {
    const file = dir('a-file');
    writeFileSync(file, 'x');
    const outDir = path.join(file, 'octree');
    expect(() => LodBuilder.create({ outDir, bounds: { min: [0, 0, 0], max: [1, 1, 1] } })).toThrow(outDir);
    expect(() => LodBuilder.create({ outDir })).toThrow(/not a directory|ENOTDIR|ENOENT|EEXIST/);
  });

  it('rejects a batch that is not a whole number of records, naming the sizes', async () => {
    const addon = loadNativeAddon();
    const b = new addon.LodBuilder({
      outDir: dir('bad-records'),
      tmpDir: dir('tmp'),
      recordSize: 15,
      scale: [0.001, 0.001, 0.001],
      offset: [0, 0, 0],
      attributes: [
        { name: 'position', type: 'int32', numElements: 3 },
        { name: 'intensity', type: 'uint16' },
        { name: 'classification', type: 'uint8' },
      ],
    });
    await expect(b.add(new Uint8Array(31))).rejects.toThrow('a batch of 31 bytes is not a whole number of 15-byte records');
    expect(
      () =>
        new addon.LodBuilder({
          outDir: dir('bad-layout'),
          tmpDir: dir('tmp'),
          recordSize: 16,
          scale: [1, 1, 1],
          offset: [0, 0, 0],
          attributes: [{ name: 'position', type: 'int32', numElements: 3 }],
        }),
    ).toThrow('the attributes add up to 12 bytes but recordSize is 16');
    b.cancel();
  });

  it('rejects points that overflow int32 after quantisation, and bad options', async () => {
    const b = LodBuilder.create({ outDir: dir('overflow'), tmpDir: dir('tmp'), offset: [0, 0, 0] });
    const batch: PointBatch = { count: 2, positions: new Float64Array([1, 2, 3, 5e7, 0, 0]) };
    await expect(b.add(batch)).rejects.toThrow(/Point 1 .*cannot be quantised to int32/);
    b.cancel();
    expect(() => LodBuilder.create({ outDir: dir('x'), sampling: 'best' as 'random' })).toThrow(/Invalid LOD build options: sampling/);
    expect(() => LodBuilder.create({ outDir: dir('x'), memoryBytes: 1000 })).toThrow(/memoryBytes/);
  });

  it('builds an empty cloud and a single point', async () => {
    const empty = await build({ outDir: dir('empty'), tmpDir: dir('tmp') }, []);
    expect(empty.points).toBe(0);
    expect(readPotree(dir('empty')).nodes.map((n) => n.numPoints)).toEqual([0]);
    const one = await build({ outDir: dir('one'), tmpDir: dir('tmp') }, [{ count: 1, positions: new Float64Array([1, 2, 3]) }]);
    expect(one.points).toBe(1);
    const cloud = readPotree(dir('one'));
    expect(cloud.nodes.length).toBe(1);
    expect(Array.from(nodePositions(cloud, cloud.nodes[0]))).toEqual([1, 2, 3]);
  });
});

describe('LOD builder on degenerate clouds', () => {
  // Two piles of identical points close together and one far away: each pile is a chain of
  // single-point nodes, and the node above both piles had every point taken back by them
  // (once "internal error: node r0…0 has no parent" from a corrupt COPC file's repeated points).
  for (const sampling of ['poisson', 'random'] as const) {
    it(`gives every node its parent (${sampling})`, async () => {
      const piles: [number, number, number][] = [[0, 0, 0], [1, 1, 1], [100, 100, 100]];
      const per = 2000;
      const positions = new Float64Array(3 * per * piles.length);
      piles.forEach((p, k) => {
        for (let i = 0; i < per; i++) positions.set(p, 3 * (k * per + i));
      });
      const outDir = dir(`piles-${sampling}`);
      const r = await build({ outDir, tmpDir: dir('tmp'), sampling, maxLeafPoints: 1000, threads: 1 }, [{ count: positions.length / 3, positions }]);
      expect(r.points).toBe(per * piles.length);
      const cloud = readPotree(outDir);
      expect(cloud.nodes.reduce((n, node) => n + node.numPoints, 0)).toBe(per * piles.length);
      const names = new Set(cloud.nodes.map((n) => n.name));
      for (const node of cloud.nodes) if (node.name !== 'r') expect(names.has(node.name.slice(0, -1)), node.name).toBe(true);
    });
  }
});

describe('LOD builder at scale', () => {
  // Cancelled from the hook the builder calls as indexing starts: the build is surely running
  // (its chunks are on disk) and cannot finish first, however loaded the machine is.
  it('cancels a running build as a phase starts and removes its files', async () => {
    const tmpDir = dir('tmp-cancel');
    const outDir = dir('cancelled');
    const builder = LodBuilder.create({ outDir, tmpDir, threads: 2, memoryBytes: 64 * 1024 * 1024, attributes: ['intensity'] });
    const random = rng(3);
    for (let first = 0; first < 3_000_000; first += 250_000) await builder.add(terrainBatch(250_000, first, random));
    const entered: string[] = [];
    let filesWhenCancelled = 0;
    const err = await builder
      .finish(undefined, (phase) => {
        entered.push(phase);
        if (phase !== 'index') return;
        filesWhenCancelled = readdirSync(tmpDir, { recursive: true }).length;
        builder.cancel();
      })
      .then(
        () => null,
        (e: Error & { code?: string }) => e,
      );
    expect(entered).toEqual(['distribute', 'index']);
    expect(filesWhenCancelled).toBeGreaterThan(0);
    expect(err?.message).toMatch(/cancelled/);
    expect(err?.code).toBe('CANCELLED');
    expect(readdirSync(tmpDir)).toEqual([]);
    expect(readdirSync(outDir)).toEqual([]);
    await expect(builder.add(terrainBatch(10, 0, random))).rejects.toThrow(/cancelled/);
    // The addon still works after a cancelled build.
    const after = await build({ outDir: dir('after-cancel'), tmpDir }, [terrainBatch(1000, 0, random)]);
    expect(after.points).toBe(1000);
  }, 30_000);

  it('calls the phase hook once per phase, in order, before the phase reports progress', async () => {
    const builder = LodBuilder.create({ outDir: dir('phases'), tmpDir: dir('tmp'), ...SMALL });
    await builder.add(terrainBatch(20_000, 0, rng(5)));
    const events: string[] = [];
    const r = await builder.finish(
      (p) => {
        if (events.at(-1) !== `progress ${p.phase}`) events.push(`progress ${p.phase}`);
      },
      (phase) => events.push(`enter ${phase}`),
    );
    expect(r.points).toBe(20_000);
    const entered = events.filter((e) => e.startsWith('enter '));
    expect(entered).toEqual(['enter distribute', 'enter index', 'enter write']);
    // No phase reports progress before it has been entered.
    for (const phase of ['distribute', 'index', 'write']) {
      const first = events.indexOf(`progress ${phase}`);
      if (first >= 0) expect(first).toBeGreaterThan(events.indexOf(`enter ${phase}`));
    }
  });

  it('stays within its memory cap on an input larger than the cap', () => {
    const cap = 64 * 1024 * 1024;
    const n = 5_000_000;
    const outDir = dir('capped');
    const tsx = path.join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const script = path.join(__dirname, 'testing', 'cappedBuild.ts');
    const out = execFileSync(process.execPath, [tsx, script, outDir, dir('tmp'), String(n), String(cap)], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { base: number; peak: number; points: number; nodes: number; recordSize: number; seconds: number };
    const mib = (b: number) => b / 2 ** 20;
    const growth = mib(r.peak - r.base);
    console.log(
      `capped build: ${n} points x ${r.recordSize} B = ${mib(n * r.recordSize).toFixed(0)} MiB in, cap 64 MiB: peak RSS ${mib(r.peak).toFixed(0)} MiB, ` +
        `growth ${growth.toFixed(0)} MiB over a ${mib(r.base).toFixed(0)} MiB baseline, ${r.nodes} nodes, ${r.seconds.toFixed(1)} s with generation`,
    );
    expect(r.points).toBe(n);
    expect(r.recordSize).toBe(20);
    // The cap covers the native side; the margin is the JS batch being generated and V8's garbage.
    expect(growth).toBeLessThan(64 + 48);
  }, 60_000);

  it('reports throughput for 5M points on 2 threads', async () => {
    const n = 5_000_000;
    const random = rng(7);
    const batches: PointBatch[] = [];
    for (let first = 0; first < n; first += 250_000) batches.push(terrainBatch(250_000, first, random));
    for (const sampling of ['poisson', 'random'] as const) {
      const builder = LodBuilder.create({ outDir: dir(`speed-${sampling}`), tmpDir: dir('tmp'), threads: 2, sampling, attributes: ['intensity', 'rgb'] });
      const t0 = performance.now();
      for (const b of batches) await builder.add(b);
      const r = await builder.finish();
      const s = (performance.now() - t0) / 1000;
      console.log(
        `throughput ${sampling}: ${(n / s / 1e6).toFixed(2)} Mpts/s end to end (pack + build, ${s.toFixed(2)} s), ` +
          `${(n / r.seconds / 1e6).toFixed(2)} Mpts/s native finish (${r.seconds.toFixed(2)} s), ${r.nodes} nodes, depth ${r.depth}`,
      );
      expect(r.points).toBe(n);
      expect(existsSync(path.join(dir(`speed-${sampling}`), 'octree.bin'))).toBe(true);
    }
  }, 60_000);
});
