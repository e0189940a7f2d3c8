import { orderPatchRecords, patchOfRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import { runsFromSortedIndices } from './indexRuns';
import { encodeValues, type LabelPatch, type PaintOptions } from './labelPatch';
import type { OctreePointOrder } from './octreePointOrder';

/**
 * Label patches indexed for reading any stretch of a large cloud's labels without materialising
 * the whole cloud: a point's label is the `after` word of the last patch (in order) that covers
 * it, or 0. A 100M-point octree is labelled node by node, for the nodes on screen.
 */
export class IndexedPatch {
  /** Points of the patch before each run (run r's first point is the patch's point runBefore[r]). */
  private readonly runBefore: Uint32Array;
  /** Points of `after` before each [count, word] entry. */
  private readonly valueBefore: Uint32Array;
  /** The first and one past the last point the patch touches. */
  readonly start: number;
  readonly end: number;

  constructor(readonly patch: LabelPatch) {
    const runs = patch.runs;
    this.runBefore = new Uint32Array(runs.length / 2);
    let n = 0;
    for (let r = 0; r < runs.length; r += 2) {
      this.runBefore[r / 2] = n;
      n += runs[r + 1];
    }
    const after = patch.after;
    this.valueBefore = new Uint32Array(after.length / 2);
    let v = 0;
    for (let k = 0; k < after.length; k += 2) {
      this.valueBefore[k / 2] = v;
      v += after[k];
    }
    if (v !== n) throw new Error(`label patch for frame ${patch.frameId}: after holds ${v} labels for ${n} points`);
    this.start = runs.length ? runs[0] : 0;
    this.end = runs.length ? runs[runs.length - 2] + runs[runs.length - 1] : 0;
  }

  /** Whether the patch touches any point in [first, first + count). */
  touches(first: number, count: number): boolean {
    if (count <= 0 || this.end <= first || this.start >= first + count) return false;
    const r = this.firstRunEndingAfter(first);
    return r < this.runBefore.length && this.patch.runs[2 * r] < first + count;
  }

  /** Writes the patch's words over `out`, which holds the labels of points [first, first + out.length). */
  writeInto(out: Uint32Array, first: number): void {
    const last = first + out.length;
    if (this.end <= first || this.start >= last) return;
    const runs = this.patch.runs;
    const after = this.patch.after;
    let entry = -1;
    let entryEnd = 0;
    for (let r = this.firstRunEndingAfter(first); r < this.runBefore.length && runs[2 * r] < last; r++) {
      const runStart = runs[2 * r];
      const from = Math.max(runStart, first);
      const to = Math.min(runStart + runs[2 * r + 1], last);
      let p = this.runBefore[r] + (from - runStart);
      if (entry < 0 || p >= entryEnd) {
        entry = this.entryOf(p);
        entryEnd = this.valueBefore[entry] + after[2 * entry];
      }
      for (let i = from; i < to; i++, p++) {
        while (p >= entryEnd) {
          entry++;
          entryEnd += after[2 * entry];
        }
        out[i - first] = after[2 * entry + 1];
      }
    }
  }

  /** Writes the patch's words for the points `indices` (increasing) into `out[k]` for each covered indices[k]. */
  writeAt(indices: ArrayLike<number>, out: Uint32Array): void {
    const runs = this.patch.runs;
    const after = this.patch.after;
    const runCount = this.runBefore.length;
    let k = lowerBound(indices, this.start);
    let r = 0;
    while (k < indices.length && indices[k] < this.end) {
      const i = indices[k];
      // Runs and indices both increase: walk forward, jumping by binary search across long gaps.
      if (runs[2 * r] + runs[2 * r + 1] <= i) r = this.firstRunEndingAfter(i);
      if (r >= runCount) break;
      const runStart = runs[2 * r];
      if (i < runStart) {
        k = lowerBound(indices, runStart, k);
        continue;
      }
      out[k] = after[2 * this.entryOf(this.runBefore[r] + (i - runStart)) + 1];
      k++;
    }
  }

  private firstRunEndingAfter(i: number): number {
    const runs = this.patch.runs;
    let lo = 0;
    let hi = this.runBefore.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[2 * mid] + runs[2 * mid + 1] <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private entryOf(p: number): number {
    let lo = 0;
    let hi = this.valueBefore.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.valueBefore[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function lowerBound(a: ArrayLike<number>, value: number, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The labels of points [first, first + count) after `patches` in order, from all unlabelled. */
export function labelsOfRange(patches: readonly IndexedPatch[], first: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (const p of patches) p.writeInto(out, first);
  return out;
}

/** The labels of the points `indices` (increasing) after `patches` in order. */
export function labelsAtIndices(patches: readonly IndexedPatch[], indices: ArrayLike<number>): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (const p of patches) p.writeAt(indices, out);
  return out;
}

/** A node's labels now, and a number that changes whenever they do (for recolouring only the nodes an edit touched). */
export interface NodeLabels {
  readonly labels: Uint32Array;
  readonly version: number;
}

/**
 * An octree's current point labels, kept per node for the nodes asked about (those on screen),
 * from the octree's label patch records. An edit, an undo or a redo changes a few patches; only
 * the nodes those patches touch are worked out again. Memory follows the nodes held (at most
 * `maxPoints` labels, least recently asked first out), never the size of the cloud.
 */
export class OctreeLabelCache {
  private ids: string[] = [];
  private patches: IndexedPatch[] = [];
  private readonly byId = new Map<string, IndexedPatch>();
  private readonly nodes = new Map<string, { labels: Uint32Array; version: number }>();
  private held = 0;
  private counter = 0;

  constructor(
    readonly frameId: string,
    readonly order: OctreePointOrder,
    private readonly maxPoints = 8_000_000,
  ) {}

  /** A version that changes with every change of the patches (for anything drawn from all of them). */
  get version(): number {
    return this.counter;
  }

  get patchCount(): number {
    return this.patches.length;
  }

  /** Brings the labels up to the octree's patch records (any order; records of other frames are ignored). */
  sync(records: Iterable<LabelPatchAnnotation>, primed?: ReadonlyMap<string, LabelPatch>): void {
    const ordered = orderPatchRecords([...records].filter((r) => r.frameId === this.frameId));
    const ids = ordered.map((r) => r.objectId);
    if (ids.length === this.ids.length && ids.every((id, k) => id === this.ids[k])) return;
    const now = new Set(ids);
    const changed: IndexedPatch[] = [];
    let k = 0;
    while (k < ids.length && k < this.ids.length && ids[k] === this.ids[k]) k++;
    // Past the common prefix every patch counts as changed: a patch slotting in earlier changes what later ones overwrite.
    for (let j = k; j < this.ids.length; j++) changed.push(this.byId.get(this.ids[j])!);
    for (const id of this.ids) if (!now.has(id)) this.byId.delete(id);
    const patches: IndexedPatch[] = [];
    for (let j = 0; j < ordered.length; j++) {
      const r = ordered[j];
      let p = this.byId.get(r.objectId);
      if (!p) {
        p = new IndexedPatch(primed?.get(r.objectId) ?? patchOfRecord(r, this.order.pointCount));
        this.byId.set(r.objectId, p);
      }
      if (j >= k) changed.push(p);
      patches.push(p);
    }
    this.ids = ids;
    this.patches = patches;
    this.counter++;
    for (const [name, entry] of this.nodes) {
      const range = this.order.nodes.get(name)!;
      if (changed.some((p) => p.touches(range.first, range.count))) {
        entry.labels = labelsOfRange(this.patches, range.first, range.count);
        entry.version = this.counter;
      }
    }
  }

  /** The node's labels (null for a node the octree does not hold). */
  node(name: string): NodeLabels | null {
    const range = this.order.nodes.get(name);
    if (!range) return null;
    let entry = this.nodes.get(name);
    if (entry) this.nodes.delete(name);
    else {
      entry = { labels: labelsOfRange(this.patches, range.first, range.count), version: this.counter };
      this.held += range.count;
    }
    this.nodes.set(name, entry);
    while (this.held > this.maxPoints && this.nodes.size > 1) {
      const [oldest, old] = this.nodes.entries().next().value!;
      this.nodes.delete(oldest);
      this.held -= old.labels.length;
    }
    return entry;
  }

  /** The current labels of the points `indices` (global, increasing). */
  labelsAt(indices: ArrayLike<number>): Uint32Array {
    return labelsAtIndices(this.patches, indices);
  }

  /** The labels of points [first, first + count) (an export writes the cloud in slices of this). */
  range(first: number, count: number): Uint32Array {
    return labelsOfRange(this.patches, first, count);
  }
}

/**
 * The patch that gives the `selected` points (global, increasing) the label `word`, where
 * `current[k]` is the label selected[k] carries now (a large cloud's labels are read for the
 * selection only, see OctreeLabelCache.labelsAt). Same rules as paintPatch; null when nothing would change.
 */
export function paintSelected(frameId: string, selected: ArrayLike<number>, current: Uint32Array, word: number, options: PaintOptions = {}): LabelPatch | null {
  if (current.length !== selected.length) throw new Error(`${current.length} labels given for ${selected.length} selected points`);
  const changed = new Uint32Array(selected.length);
  const before = new Uint32Array(selected.length);
  let n = 0;
  for (let k = 0; k < selected.length; k++) {
    const label = current[k];
    if (label === word) continue;
    if (options.onlyUnlabelled && label !== 0) continue;
    if (options.locked && options.locked.has(label & 0xffff)) continue;
    changed[n] = selected[k];
    before[n++] = label;
  }
  if (n === 0) return null;
  return { frameId, runs: runsFromSortedIndices(changed.subarray(0, n)), before: encodeValues(before.subarray(0, n)), after: Uint32Array.of(n, word) };
}
