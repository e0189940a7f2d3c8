import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelPatchRecord } from '../../../core/annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../../../core/annotations/labelPatch/schema';
import { brotliColumnsToRecords, brotliNodeLayout, type PotreeAttributeDef } from '../../../core/formats/potree/brotliNodeLayout';
import type { Cuboid } from '../../../core/geometry/cuboid';
import type { PointBatch } from '../../../core/pointcloud/pointBatch';
import { labelWord } from '../../../core/segmentation/labelWord';
import { OctreeLabelCache, paintSelected } from '../../../core/segmentation/octreeLabels';
import { nodeOfPoint, octreePointOrder, readWholeHierarchy, type OctreePointOrder } from '../../../core/segmentation/octreePointOrder';
import { OctreeSelectionState } from '../../../core/segmentation/octreeSelection';
import { LodBuilder, type LodEncoding } from './lodBuilder';
import { readPotree } from './testing/readPotree';
import { rng, terrainBatch } from './testing/synthetic';

/*
 * Segmentation of an octree our LOD builder wrote: the input points carry their input number in
 * gpsTime, so whichever node a point landed in, the label found at its global index can be
 * checked against where the point really is.
 */

const work = mkdtempSync(path.join(os.tmpdir(), 'cairn-octree-seg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const N = 60_000;
const FRAME = '3f0b5c9e-8d41-4e6a-b2f7-6a1c0d9e4b22';

interface Built {
  readonly input: Float64Array;
  readonly order: OctreePointOrder;
  /** Per node: positions in the octree's frame (float64) and each point's input number, decoded from its stored bytes. */
  readonly nodes: Map<string, { readonly world: Float64Array; readonly ids: Float64Array }>;
  readonly bounds: { min: number[]; max: number[] };
  readonly outDir: string;
  /** gpsTime (the input number) of the point stored at record i of octree.bin, for a DEFAULT octree (records back to back). */
  readonly flatIds: Float64Array | null;
}

async function build(encoding: LodEncoding): Promise<Built> {
  const random = rng(42);
  const batches: PointBatch[] = [];
  for (let first = 0; first < N; first += 20_000) batches.push(terrainBatch(20_000, first, random));
  const input = new Float64Array(3 * N);
  batches.forEach((b, k) => input.set(b.positions.subarray(0, 3 * b.count), 3 * 20_000 * k));
  const outDir = path.join(work, encoding);
  const builder = LodBuilder.create({ outDir, tmpDir: path.join(work, 'tmp'), sampling: 'poisson', attributes: ['gpsTime'], memoryBytes: 16 << 20, threads: 2, hierarchyStepSize: 2, maxLeafPoints: 1000, encoding });
  for (const b of batches) await builder.add(b);
  await builder.finish();
  const meta = JSON.parse(readFileSync(path.join(outDir, 'metadata.json'), 'utf8'));
  const hierarchy = new Uint8Array(readFileSync(path.join(outDir, 'hierarchy.bin')));
  const octree = readFileSync(path.join(outDir, 'octree.bin'));
  const entries = readWholeHierarchy(hierarchy, meta.hierarchy.firstChunkSize);
  const order = octreePointOrder(entries);
  const attributes = meta.attributes as PotreeAttributeDef[];
  const layout = brotliNodeLayout(attributes);
  let gpsAt = 0;
  for (const a of attributes) {
    if (a.name === 'gps-time') break;
    gpsAt += a.size;
  }
  const nodes = new Map<string, { world: Float64Array; ids: Float64Array }>();
  for (const e of entries) {
    if (e.numPoints === 0) continue;
    const record = entries.find((x) => x.name === e.name)!;
    const size = readNodeSize(hierarchy, meta.hierarchy.firstChunkSize, e.name);
    const stored = new Uint8Array(octree.buffer, octree.byteOffset + record.byteOffset, size);
    const records = encoding === 'brotli' ? brotliColumnsToRecords(new Uint8Array(brotliDecompressSync(stored)), e.numPoints, layout) : stored;
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    const world = new Float64Array(3 * e.numPoints);
    const ids = new Float64Array(e.numPoints);
    for (let i = 0; i < e.numPoints; i++) {
      const o = i * layout.recordSize;
      for (let a = 0; a < 3; a++) world[3 * i + a] = view.getInt32(o + 4 * a, true) * meta.scale[a] + meta.offset[a];
      ids[i] = view.getFloat64(o + gpsAt, true);
    }
    nodes.set(e.name, { world, ids });
  }
  let flatIds: Float64Array | null = null;
  if (encoding === 'default') {
    flatIds = new Float64Array(octree.byteLength / layout.recordSize);
    for (let i = 0; i < flatIds.length; i++) flatIds[i] = octree.readDoubleLE(i * layout.recordSize + gpsAt);
  }
  return { input, order, nodes, bounds: meta.boundingBox, outDir, flatIds };
}

/** A node's stored byte size (readWholeHierarchy keeps only what the point order needs). */
function readNodeSize(hierarchy: Uint8Array, firstChunkSize: number, name: string): number {
  const view = new DataView(hierarchy.buffer, hierarchy.byteOffset, hierarchy.byteLength);
  const pending = [{ offset: 0, size: firstChunkSize, root: 'r' }];
  while (pending.length) {
    const c = pending.pop()!;
    const names = [c.root];
    for (let at = c.offset, e = 0; at < c.offset + c.size; at += 22, e++) {
      const type = hierarchy[at];
      const mask = hierarchy[at + 1];
      const n = names[e];
      if (type === 2) pending.push({ offset: Number(view.getBigInt64(at + 6, true)), size: Number(view.getBigInt64(at + 14, true)), root: n });
      else for (let i = 0; i < 8; i++) if (mask & (1 << i)) names.push(n + i);
      if (n === name && type !== 2) return Number(view.getBigInt64(at + 14, true));
    }
  }
  throw new Error(`node ${name} not in the hierarchy`);
}

/** What the renderer sends the worker: a node's points relative to its box corner, and the matrix to the view's (rebased) frame. */
function feed(state: OctreeSelectionState, built: Built, names: readonly string[], origin: readonly number[]) {
  for (const name of names) {
    const { world } = built.nodes.get(name)!;
    const corner = [world[0], world[1], world[2]];
    const rel = Float32Array.from(world, (v, k) => v - corner[k % 3]);
    state.handle({ type: 'node', name, first: built.order.nodes.get(name)!.first, positions: rel, matrix: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, corner[0] - origin[0], corner[1] - origin[1], corner[2] - origin[2], 1] });
  }
}

describe.each(['default', 'brotli'] as const)('segmenting a %s octree written by the LOD builder', (encoding) => {
  let built: Built;
  beforeAll(async () => {
    built = await build(encoding);
  }, 60_000);

  it('numbers points in octree.bin order: nodes by byte offset (an independent reader of the hierarchy agrees), records in place', () => {
    const independent = readPotree(built.outDir).nodes.filter((n) => n.numPoints > 0 && n.type !== 2);
    expect(independent.length).toBe(built.order.nodes.size);
    const byOffset = [...independent].sort((a, b) => a.byteOffset - b.byteOffset);
    let first = 0;
    for (const n of byOffset) {
      expect(built.order.nodes.get(n.name), n.name).toEqual({ first, count: n.numPoints });
      first += n.numPoints;
    }
    // A DEFAULT octree stores its records back to back: global index i is record i of octree.bin.
    if (built.flatIds) {
      expect(built.flatIds.length).toBe(N);
      for (const n of byOffset.slice(0, 50)) {
        const r = built.order.nodes.get(n.name)!;
        for (let i = 0; i < r.count; i += 7) expect(built.flatIds[r.first + i]).toBe(built.nodes.get(n.name)!.ids[i]);
      }
    }
  });

  it('labels land on the points inside the box, found by their input number, with every node loaded and with only the top levels', () => {
    const { order, input } = built;
    expect(order.pointCount).toBe(N);
    const origin = [50, 50, 5];
    // "All points in this box", in the view's frame: x 40–55, y 45–70 of the world (box centred at 47.5, 57.5).
    const cuboid: Cuboid = { frame: 'view', center: [47.5 - origin[0], 57.5 - origin[1], 5 - origin[2]], size: [15, 25, 40], rotation: [0, 0, 0, 1] };
    const inside = (x: number, y: number) => x >= 40 && x <= 55 && y >= 45 && y <= 70;
    // Far from a face by more than the quantisation (1 mm): no doubt which side the point is on.
    const clear = (x: number, y: number) => Math.min(Math.abs(x - 40), Math.abs(x - 55), Math.abs(y - 45), Math.abs(y - 70)) > 0.002;

    for (const loaded of [[...order.nodes.keys()], [...order.nodes.keys()].filter((n) => n.length <= 3)]) {
      const state = new OctreeSelectionState();
      feed(state, built, loaded, origin);
      const reply = state.handle({ type: 'select', requestId: 1, nodes: loaded, shape: { kind: 'box', cuboid } });
      if (reply?.type !== 'selected') throw new Error(JSON.stringify(reply));
      const cache = new OctreeLabelCache(FRAME, order);
      const patch = paintSelected(FRAME, reply.indices, cache.labelsAt(reply.indices), labelWord(40, 0))!;
      const record: LabelPatchAnnotation = labelPatchRecord(patch, { objectId: crypto.randomUUID(), sceneId: FRAME, classId: 'road', label: labelWord(40, 0), ordinal: 0, ontologyVersion: 1, author: 't', at: 1 });
      cache.sync([record]);
      // Every point of the octree, by global index: labelled exactly when its input position is inside (among the nodes loaded).
      const loadedSet = new Set(loaded);
      const labels = cache.range(0, order.pointCount);
      let labelled = 0;
      let expected = 0;
      const wrong: string[] = [];
      for (let i = 0; i < order.pointCount; i++) {
        const at = nodeOfPoint(order, i)!;
        const id = built.nodes.get(at.name)!.ids[at.local];
        // Under DEFAULT the label file's order is octree.bin's record order, read here without the node table.
        if (built.flatIds && built.flatIds[i] !== id) wrong.push(`global index ${i} is input ${id} by its node but ${built.flatIds[i]} in octree.bin`);
        const x = input[3 * id];
        const y = input[3 * id + 1];
        const isIn = loadedSet.has(at.name) && inside(x, y);
        if (labels[i]) labelled++;
        if (isIn) expected++;
        if (clear(x, y) && (labels[i] !== 0) !== isIn) wrong.push(`point ${i} (input ${id} at ${x.toFixed(3)}, ${y.toFixed(3)} in ${at.name}) ${labels[i] ? 'labelled' : 'not labelled'}`);
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(Math.abs(labelled - expected)).toBeLessThanOrEqual(2);
      expect(labelled).toBeGreaterThan(loaded.length > 50 ? N * 0.03 : 100);
      // The node-by-node labels agree with the whole-cloud read.
      for (const name of loaded.slice(0, 20)) {
        const r = order.nodes.get(name)!;
        expect(cache.node(name)!.labels).toEqual(labels.subarray(r.first, r.first + r.count));
      }
    }
  });
});
