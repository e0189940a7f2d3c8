/**
 * Runs potree-core's own BROTLI decoder worker (the text inlined in its bundle, which the app uses
 * to render) on the octree our encoder writes, and compares what it decodes with Cairn's reader.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliColumnsToRecords, brotliNodeLayout } from '../../../core/formats/potree/brotliNodeLayout';
import { putMorton16 } from '../../../core/formats/potree/potreeMorton';
import { LodBuilder } from './lodBuilder';
import { readPotree, type PotreeCloud, type PotreeMetadata } from './testing/readPotree';
import { rng, terrainBatch } from './testing/synthetic';

const BUNDLE = path.resolve(__dirname, '../../../../node_modules/potree-core/dist/index.js');

/** The worker's source: the single-quoted string literal in the bundle that holds the brotli decoder and an onmessage. */
function brotliWorkerSource(): string {
  const bundle = readFileSync(BUNDLE, 'utf8');
  for (let at = bundle.indexOf("n('"); at >= 0; at = bundle.indexOf("n('", at + 3)) {
    let end = at + 3;
    while (end < bundle.length && bundle[end] !== "'") end += bundle[end] === '\\' ? 2 : 1;
    const literal = bundle.slice(at + 2, end + 1);
    if (!literal.includes('Corrupted brotli dictionary') || !literal.includes('onmessage')) continue;
    return vm.runInNewContext(literal) as string;
  }
  throw new Error(`potree-core's brotli worker was not found in ${BUNDLE}`);
}

interface Decoded {
  attributeBuffers: Record<string, { buffer: ArrayBuffer; preciseBuffer?: ArrayLike<number> }>;
}

type Decode = (message: Record<string, unknown>) => Decoded;

function potreeCoreDecoder(): Decode {
  let out: Decoded | null = null;
  const context = vm.createContext({ performance, console, postMessage: (m: Decoded) => (out = m) });
  vm.runInContext(brotliWorkerSource(), context);
  return (message) => {
    out = null;
    (context.onmessage as (e: { data: unknown }) => void)({ data: message });
    if (!out) throw new Error('the worker posted nothing');
    return out;
  };
}

/** The attributes as potree-core's loader hands them to the worker (rgb renamed rgba). */
function workerAttributes(meta: PotreeMetadata) {
  const attributes = meta.attributes.map((a) => ({
    name: a.name === 'rgb' ? 'rgba' : a.name,
    type: { name: a.type, size: a.elementSize },
    numElements: a.numElements,
    byteSize: a.size,
    range: a.numElements === 1 ? [a.min[0], a.max[0] === a.min[0] ? a.max[0] + 1 : a.max[0]] : [a.min, a.max],
  }));
  return { attributes, vectors: [] };
}

const xyz = (v: readonly number[]) => ({ x: v[0], y: v[1], z: v[2] });

const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-potree-core-brotli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('potree-core decodes our BROTLI octrees', () => {
  let cloud: PotreeCloud;
  let decode: Decode;

  beforeAll(async () => {
    const outDir = path.join(work, 'octree');
    // The offset inside the cloud makes the encoder move positions, as with a LAS file's own offset.
    const builder = LodBuilder.create({
      outDir, tmpDir: work, encoding: 'brotli', offset: [30, 60, 4], threads: 2, maxLeafPoints: 2000,
      attributes: ['intensity', 'classification', 'gpsTime', 'rgb'],
    });
    const random = rng(17);
    for (let first = 0; first < 40_000; first += 20_000) await builder.add(terrainBatch(20_000, first, random, 300));
    await builder.finish();
    cloud = readPotree(outDir);
    decode = potreeCoreDecoder();
  }, 60_000);

  it('to the positions and attributes Cairn’s reader gets, node by node', () => {
    const meta = cloud.metadata;
    const layout = brotliNodeLayout(meta.attributes);
    const pointAttributes = workerAttributes(meta);
    let points = 0;
    // Mismatches are collected and asserted once: 400,000 expect() calls took 30 s on a loaded machine.
    const mismatches: string[] = [];
    const check = (ok: boolean, what: () => string) => {
      if (!ok && mismatches.length < 10) mismatches.push(what());
    };
    for (const node of cloud.nodes) {
      const bytes = cloud.octree.subarray(node.byteOffset, node.byteOffset + node.byteSize);
      const size = node.max.map((m, a) => m - node.min[a]);
      const got = decode({
        name: node.name, buffer: new Uint8Array(bytes).buffer, pointAttributes, scale: meta.scale,
        min: xyz(node.min), max: xyz(node.max), size: xyz(size), offset: meta.offset, numPoints: node.numPoints,
      }).attributeBuffers;
      const records = Buffer.from(brotliColumnsToRecords(brotliDecompressSync(bytes), node.numPoints, layout));
      const position = new Float32Array(got.position.buffer);
      const rgba = new Uint8Array(got.rgba.buffer);
      for (let i = 0; i < node.numPoints; i++) {
        const r = i * cloud.recordSize;
        const at = (what: string, gotValue: unknown, expected: unknown) => () => `node ${node.name} point ${i} ${what}: got ${String(gotValue)}, expected ${String(expected)}`;
        for (let a = 0; a < 3; a++) {
          const expected = records.readInt32LE(r + 4 * a) * meta.scale[a] + meta.offset[a] - node.min[a];
          check(Math.abs(position[3 * i + a] - expected) < 1e-4, at(`position[${a}]`, position[3 * i + a], expected));
        }
        const intensity = records.readUInt16LE(r + cloud.offsets.intensity);
        check(got.intensity.preciseBuffer![i] === intensity, at('intensity', got.intensity.preciseBuffer![i], intensity));
        const classification = records.readUInt8(r + cloud.offsets.classification);
        check(got.classification.preciseBuffer![i] === classification, at('classification', got.classification.preciseBuffer![i], classification));
        const gpsTime = records.readDoubleLE(r + cloud.offsets['gps-time']);
        check(got['gps-time'].preciseBuffer![i] === gpsTime, at('gps-time', got['gps-time'].preciseBuffer![i], gpsTime));
        for (let c = 0; c < 3; c++) {
          const v = records.readUInt16LE(r + cloud.offsets.rgb + 2 * c);
          const expected = v > 255 ? Math.trunc(v / 256) : v;
          check(rgba[4 * i + c] === expected, at(`rgb[${c}]`, rgba[4 * i + c], expected));
        }
      }
      points += node.numPoints;
    }
    expect(mismatches).toEqual([]);
    expect(points).toBe(40_000);
  });

  it('drops high bits where our encoder refuses (the decoder quirk is real)', () => {
    // X = 2^27: its high code lives in bits 32–47 and nothing else is set, so potree-core skips it.
    const columns = new DataView(new ArrayBuffer(16));
    putMorton16(columns, 0, (1 << 27) >>> 16, 0, 0);
    putMorton16(columns, 8, 0, 0, 0);
    const one = { ...workerAttributes(cloud.metadata), attributes: workerAttributes(cloud.metadata).attributes.slice(0, 1) };
    const got = decode({
      name: 'r', buffer: new Uint8Array(brotliCompressSync(new Uint8Array(columns.buffer))).buffer, pointAttributes: one, scale: [1, 1, 1],
      min: xyz([0, 0, 0]), max: xyz([2 ** 28, 2 ** 28, 2 ** 28]), size: xyz([2 ** 28, 2 ** 28, 2 ** 28]), offset: [0, 0, 0], numPoints: 1,
    }).attributeBuffers;
    expect(new Float32Array(got.position.buffer)[0]).toBe(0);
  });
});
