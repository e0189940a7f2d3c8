import { describe, expect, it } from 'vitest';
import { labelPatchRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import { seededRandom as createRng } from '../random/seededRandom';
import { applyPatch, materialise, paintPatch, type LabelPatch } from './labelPatch';
import { labelWord } from './labelWord';
import { IndexedPatch, labelsAtIndices, labelsOfRange, OctreeLabelCache, paintSelected } from './octreeLabels';
import { nodeOfPoint, octreePointOrder, readWholeHierarchy } from './octreePointOrder';
import { replacePatch } from './replacePatch';

const FRAME = '0e4d3a8c-5f7e-4b0a-9d55-2f6c1b7a9e01';

/** One hierarchy record as PotreeConverter 2 writes it: type, childMask, numPoints, byteOffset, byteSize. */
function record(type: number, childMask: number, numPoints: number, byteOffset: number, byteSize: number): Uint8Array {
  const b = new Uint8Array(22);
  const v = new DataView(b.buffer);
  b[0] = type;
  b[1] = childMask;
  v.setUint32(2, numPoints, true);
  v.setBigInt64(6, BigInt(byteOffset), true);
  v.setBigInt64(14, BigInt(byteSize), true);
  return b;
}
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('octree point order', () => {
  it('numbers points by node byte order, whatever order the nodes are listed in, and reads proxies', () => {
    // r (10 points at byte 500), children r0 (proxy: its chunk at 66) and r3 (5 points at byte 0);
    // r0's chunk: r0 (7 points at byte 200) with child r05 (3 points at byte 900).
    const first = concat([record(0, 0b1001, 10, 500, 100), record(2, 0, 0, 66, 44), record(1, 0, 5, 0, 50)]);
    const proxy = concat([record(0, 0b100000, 7, 200, 70), record(1, 0, 3, 900, 30)]);
    const entries = readWholeHierarchy(concat([first, proxy]), 66);
    expect(entries.map((e) => e.name).sort()).toEqual(['r', 'r0', 'r05', 'r3']);
    const order = octreePointOrder(entries);
    expect(order.pointCount).toBe(25);
    expect(Object.fromEntries(order.nodes)).toEqual({ r3: { first: 0, count: 5 }, r0: { first: 5, count: 7 }, r: { first: 12, count: 10 }, r05: { first: 22, count: 3 } });
    const reversed = octreePointOrder([...entries].reverse());
    expect([...reversed.nodes]).toEqual([...order.nodes]);
    expect(nodeOfPoint(order, 0)).toEqual({ name: 'r3', local: 0 });
    expect(nodeOfPoint(order, 12)).toEqual({ name: 'r', local: 0 });
    expect(nodeOfPoint(order, 24)).toEqual({ name: 'r05', local: 2 });
    expect(nodeOfPoint(order, 25)).toBeNull();
  });

  it('refuses a hierarchy whose proxy points outside the file or whose nodes share a start', () => {
    expect(() => readWholeHierarchy(record(2, 0, 0, 22, 44), 22)).toThrow(/outside the file/);
    expect(() => octreePointOrder([{ name: 'r', numPoints: 2, byteOffset: 0 }, { name: 'r1', numPoints: 2, byteOffset: 0 }])).toThrow(/same byte/);
  });
});

/** Random paint strokes over `n` points, each as a whole cloud would see it (paintPatch over the full labels). */
function strokes(n: number, count: number, seed: number): LabelPatch[] {
  const rng = createRng(seed);
  const labels = new Uint32Array(n);
  const out: LabelPatch[] = [];
  for (let s = 0; s < count; s++) {
    const a = Math.floor(rng() * n);
    const len = 1 + Math.floor(rng() * n * 0.3);
    const selected: number[] = [];
    for (let i = a; i < Math.min(n, a + len); i++) if (rng() < 0.7) selected.push(i);
    const patch = paintPatch(FRAME, labels, selected, labelWord(1 + Math.floor(rng() * 5), Math.floor(rng() * 3)));
    if (!patch) continue;
    applyPatch(labels, patch);
    out.push(patch);
  }
  return out;
}

let clock = 1_700_000_000_000;
function recordOf(patch: LabelPatch, ordinal: number): LabelPatchAnnotation {
  return labelPatchRecord(patch, { objectId: crypto.randomUUID(), sceneId: FRAME, classId: 'c', label: patch.after[1], ordinal, ontologyVersion: 1, author: 't', at: clock++ });
}

describe('labels of a stretch of points from patches', () => {
  it('any stretch and any set of points read as the whole cloud materialised, imports (many words a patch) included', () => {
    const n = 5000;
    const patches = strokes(n, 30, 7);
    const whole = materialise(n, patches);
    const imported = whole.map((w, i) => (i % 7 === 0 ? labelWord(9, i % 4) : w));
    patches.push(replacePatch(FRAME, whole, imported)!);
    const truth = materialise(n, patches);
    const indexed = patches.map((p) => new IndexedPatch(p));
    const rng = createRng(3);
    for (let t = 0; t < 50; t++) {
      const first = Math.floor(rng() * n);
      const count = Math.floor(rng() * (n - first));
      expect(labelsOfRange(indexed, first, count)).toEqual(truth.subarray(first, first + count));
      const picked = [...new Set(Array.from({ length: 40 }, () => Math.floor(rng() * n)))].sort((a, b) => a - b);
      expect(Array.from(labelsAtIndices(indexed, picked))).toEqual(picked.map((i) => truth[i]));
    }
  });

  it('paintSelected makes the patch paintPatch makes over the whole cloud, locks included', () => {
    const n = 3000;
    const indexed = strokes(n, 12, 11).map((p) => new IndexedPatch(p));
    const labels = labelsOfRange(indexed, 0, n);
    const selected = Uint32Array.from({ length: 900 }, (_, k) => 500 + 2 * k);
    const locked = new Set([2]);
    const whole = paintPatch(FRAME, labels, selected, labelWord(4, 1), { locked });
    const sparse = paintSelected(FRAME, selected, labelsAtIndices(indexed, selected), labelWord(4, 1), { locked });
    expect(sparse).toEqual(whole);
  });
});

describe('OctreeLabelCache', () => {
  const order = octreePointOrder([
    { name: 'r', numPoints: 1000, byteOffset: 0 },
    { name: 'r0', numPoints: 1000, byteOffset: 10 },
    { name: 'r1', numPoints: 1000, byteOffset: 20 },
    { name: 'r2', numPoints: 1000, byteOffset: 30 },
  ]);
  const stroke = (cache: OctreeLabelCache, from: number, to: number, semantic: number) => {
    const selected = Uint32Array.from({ length: to - from }, (_, k) => from + k);
    return paintSelected(FRAME, selected, cache.labelsAt(selected), labelWord(semantic, 0))!;
  };

  it('keeps nodes as the whole cloud would be, recomputing only the nodes an edit, an undo or a redo touches', () => {
    const cache = new OctreeLabelCache(FRAME, order);
    const records: LabelPatchAnnotation[] = [];
    const nodes = () => ['r', 'r0', 'r1', 'r2'].map((name) => cache.node(name)!);
    const whole = () => materialise(4000, records.map((r) => cache['byId'].get(r.objectId)!.patch));
    const check = () => expect(concatLabels(nodes().map((x) => x.labels))).toEqual(whole());
    check();
    // A stroke across r0 and r1.
    records.push(recordOf(stroke(cache, 1500, 2300, 3), 0));
    let before = nodes().map((x) => x.version);
    cache.sync(records);
    let after = nodes().map((x) => x.version);
    expect(after.map((v, k) => v !== before[k])).toEqual([false, true, true, false]);
    check();
    // A second stroke over part of the first (composes: the later wins).
    records.push(recordOf(stroke(cache, 2200, 3100, 5), 1));
    cache.sync(records);
    check();
    expect(cache.node('r1')!.labels[250]).toBe(labelWord(5, 0));
    expect(cache.node('r1')!.labels[150]).toBe(labelWord(3, 0));
    // Undo the second: r1 and r2 go back, r and r0 are not worked out again.
    const undone = records.pop()!;
    before = nodes().map((x) => x.version);
    cache.sync(records);
    after = nodes().map((x) => x.version);
    expect(after.map((v, k) => v !== before[k])).toEqual([false, false, true, true]);
    check();
    expect(cache.node('r2')!.labels.every((w) => w === 0)).toBe(true);
    // Redo: the same record comes back.
    records.push(undone);
    cache.sync(records);
    check();
    expect(cache.node('r2')!.labels[50]).toBe(labelWord(5, 0));
    // Undo all.
    cache.sync([]);
    expect(nodes().every((x) => x.labels.every((w) => w === 0))).toBe(true);
  });

  it('holds no more node labels than it is allowed, working an evicted node out again when asked', () => {
    const cache = new OctreeLabelCache(FRAME, order, 2000);
    cache.sync([recordOf(stroke(cache, 0, 4000, 2), 0)]);
    for (const name of ['r', 'r0', 'r1', 'r2']) expect(cache.node(name)!.labels[999]).toBe(labelWord(2, 0));
    expect(cache['held']).toBeLessThanOrEqual(2000);
    expect(cache['nodes'].size).toBe(2);
    expect(cache.node('r')!.labels[0]).toBe(labelWord(2, 0));
    expect(cache.node('nope')).toBeNull();
  });
});

function concatLabels(parts: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('octreeFrameId', () => {
  it('names an octree by its hierarchy and point count, and refuses what is not a digest', async () => {
    const { octreeFrameId } = await import('./octreePointOrder');
    const a = octreeFrameId('a'.repeat(40), 100);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(octreeFrameId('a'.repeat(40), 100)).toBe(a);
    expect(octreeFrameId('a'.repeat(40), 101)).not.toBe(a);
    expect(octreeFrameId('b'.repeat(40), 100)).not.toBe(a);
    expect(() => octreeFrameId('xyz', 1)).toThrow(/SHA-1/);
  });
});
