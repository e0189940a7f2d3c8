/**
 * A set of point indices as sorted, non-overlapping, non-touching runs: [start, length] pairs in
 * one Uint32Array. A brush stroke or a box selects mostly contiguous stretches of a scan's point
 * order (scans are stored ring by ring), so runs are far smaller than the indices themselves.
 */
export type IndexRuns = Uint32Array;

/** Runs from indices in increasing order (duplicates allowed); throws on indices out of order. */
export function runsFromSortedIndices(indices: ArrayLike<number>): IndexRuns {
  const out = new Uint32Array(2 * indices.length);
  let o = 0;
  let start = -1;
  let end = -1; // exclusive
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (i < end - 1 || !Number.isInteger(i) || i < 0) throw new Error(`point indices must be whole, non-negative and in increasing order (got ${i} after ${end - 1})`);
    if (i === end - 1) continue;
    if (i === end) end++;
    else {
      if (start >= 0) {
        out[o++] = start;
        out[o++] = end - start;
      }
      start = i;
      end = i + 1;
    }
  }
  if (start >= 0) {
    out[o++] = start;
    out[o++] = end - start;
  }
  return out.slice(0, o);
}

/** Runs of the positions where `mask` is non-zero. */
export function runsFromMask(mask: ArrayLike<number | boolean>): IndexRuns {
  const out: number[] = [];
  let start = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(start, i - start);
      start = -1;
    }
  }
  if (start >= 0) out.push(start, mask.length - start);
  return Uint32Array.from(out);
}

export function runsPointCount(runs: IndexRuns): number {
  let n = 0;
  for (let r = 1; r < runs.length; r += 2) n += runs[r];
  return n;
}

/** The indices the runs cover, in increasing order. */
export function indicesOfRuns(runs: IndexRuns): Uint32Array {
  const out = new Uint32Array(runsPointCount(runs));
  let k = 0;
  for (let r = 0; r < runs.length; r += 2) for (let i = runs[r], end = runs[r] + runs[r + 1]; i < end; i++) out[k++] = i;
  return out;
}

/** Checks that runs are well formed and end before `pointCount`; the message says what is wrong. */
export function runsProblem(runs: IndexRuns, pointCount: number): string | null {
  if (runs.length % 2) return 'runs must come in [start, length] pairs';
  let end = -1;
  for (let r = 0; r < runs.length; r += 2) {
    if (runs[r + 1] === 0) return `run ${r / 2} is empty`;
    if (runs[r] <= end) return `run ${r / 2} starts at ${runs[r]}, not after the previous run's end ${end}`;
    end = runs[r] + runs[r + 1];
    if (end > pointCount) return `run ${r / 2} ends at point ${end - 1}, beyond the scan's ${pointCount} points`;
  }
  return null;
}
