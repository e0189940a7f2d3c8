import { indicesOfRuns, runsFromSortedIndices, runsPointCount, runsProblem, type IndexRuns } from './indexRuns';

/**
 * One edit of a frame's point labels, invertible: which points changed (as runs) and their label
 * words before and after, each run-length encoded as [count, word] pairs over those points in
 * index order. Its size follows the points changed, not the scan: a brush stroke over 2,000
 * points of a 10M-point frame is a few hundred bytes. Undo applies `before`, redo `after`.
 */
export interface LabelPatch {
  readonly frameId: string;
  readonly runs: IndexRuns;
  readonly before: Uint32Array;
  readonly after: Uint32Array;
}

/** Run-length encoding of words as [count, word] pairs. */
export function encodeValues(values: ArrayLike<number>): Uint32Array {
  // Sized for the worst case (no two alike) and cut once: a stroke of a million points is one allocation, not a million pushes.
  const out = new Uint32Array(2 * values.length);
  let o = 0;
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    out[o++] = j - i;
    out[o++] = values[i];
    i = j;
  }
  return out.slice(0, o);
}

export function valueCount(encoded: Uint32Array): number {
  let n = 0;
  for (let k = 0; k < encoded.length; k += 2) n += encoded[k];
  return n;
}

export interface PaintOptions {
  /** Points whose current semantic class is in this set keep their label (a class hidden or locked by the user). */
  readonly locked?: ReadonlySet<number>;
  /** Only points with no label yet are painted. */
  readonly onlyUnlabelled?: boolean;
}

/**
 * The patch that gives the `selected` points (increasing indices) the label `word`; points that
 * already carry it, or that the options protect, are left out. Null when nothing would change.
 * `labels` is the frame's current labels and is not modified.
 */
export function paintPatch(frameId: string, labels: Uint32Array, selected: ArrayLike<number>, word: number, options: PaintOptions = {}): LabelPatch | null {
  const changed = new Uint32Array(selected.length);
  const before = new Uint32Array(selected.length);
  let n = 0;
  for (let k = 0; k < selected.length; k++) {
    const i = selected[k];
    if (i >= labels.length) throw new Error(`point ${i} is beyond the scan's ${labels.length} points`);
    const current = labels[i];
    if (current === word) continue;
    if (options.onlyUnlabelled && current !== 0) continue;
    if (options.locked && options.locked.has(current & 0xffff)) continue;
    changed[n] = i;
    before[n++] = current;
  }
  if (n === 0) return null;
  return { frameId, runs: runsFromSortedIndices(changed.subarray(0, n)), before: encodeValues(before.subarray(0, n)), after: Uint32Array.of(n, word) };
}

/** Writes the patch's `after` (or, undoing, its `before`) words into `labels`, in place. */
export function applyPatch(labels: Uint32Array, patch: LabelPatch, direction: 'forward' | 'backward' = 'forward'): void {
  const problem = patchProblem(patch, labels.length);
  if (problem) throw new Error(`label patch for frame ${patch.frameId}: ${problem}`);
  const values = direction === 'forward' ? patch.after : patch.before;
  let v = 0;
  let left = values[0];
  for (let r = 0; r < patch.runs.length; r += 2) {
    for (let i = patch.runs[r], end = patch.runs[r] + patch.runs[r + 1]; i < end; i++) {
      while (left === 0) {
        v += 2;
        left = values[v];
      }
      labels[i] = values[v + 1];
      left--;
    }
  }
}

export function invertPatch(patch: LabelPatch): LabelPatch {
  return { frameId: patch.frameId, runs: patch.runs, before: patch.after, after: patch.before };
}

/** What is wrong with a patch against a scan of `pointCount` points, or null. */
export function patchProblem(patch: LabelPatch, pointCount: number): string | null {
  const runs = runsProblem(patch.runs, pointCount);
  if (runs) return runs;
  const n = runsPointCount(patch.runs);
  for (const [name, values] of [['before', patch.before], ['after', patch.after]] as const) {
    if (values.length % 2) return `${name} must come in [count, word] pairs`;
    if (valueCount(values) !== n) return `${name} holds ${valueCount(values)} labels for ${n} points`;
  }
  return null;
}

/** The frame's labels after every patch in order, from all unlabelled. */
export function materialise(pointCount: number, patches: Iterable<LabelPatch>): Uint32Array {
  const labels = new Uint32Array(pointCount);
  for (const p of patches) applyPatch(labels, p);
  return labels;
}

/** The points a patch touches, in increasing order (for a redraw of only those). */
export const patchIndices = (patch: LabelPatch): Uint32Array => indicesOfRuns(patch.runs);
