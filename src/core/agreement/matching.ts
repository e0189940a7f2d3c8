import { footprintRadius, overlapOf, type PairOverlap } from './boxOverlap';
import { hungarian } from './hungarian';
import type { AgreementBox } from './types';

/** What decides whether two boxes are the same object: upright 3D IoU, BEV IoU, or centre distance. */
export type MatchMetric = 'iou3d' | 'bev' | 'centre';

export interface MatchOptions {
  /** Default 'iou3d'. */
  readonly metric?: MatchMetric;
  /** IoU at least this (IoU metrics) or centre distance at most this in metres ('centre'); see `defaultThreshold`. */
  readonly threshold?: number;
  /**
   * Thresholds by class id, overriding `threshold`. A pair of boxes of two classes must pass the
   * stricter of their two thresholds, so matching A against B equals matching B against A.
   */
  readonly classThresholds?: Readonly<Record<string, number>>;
  /** Only boxes of the same class match (default false: match first, then compare classes). */
  readonly classAware?: boolean;
}

/** One matched pair (indices into the two box lists) with its overlap figures. */
export interface BoxMatch extends PairOverlap {
  readonly a: number;
  readonly b: number;
}

/** The matching of one frame: pairs sorted by `a`, and the indices left over on each side, ascending. */
export interface FrameMatch {
  readonly matches: readonly BoxMatch[];
  readonly unmatchedA: readonly number[];
  readonly unmatchedB: readonly number[];
}

/** 0.5 for the IoU metrics, 2 m for centre distance. */
export function defaultThreshold(metric: MatchMetric): number {
  return metric === 'centre' ? 2 : 0.5;
}

/** The figure the metric compares with its threshold. */
export function scoreOf(pair: PairOverlap, metric: MatchMetric): number {
  return metric === 'iou3d' ? pair.iou3d : metric === 'bev' ? pair.bevIou : pair.centreDistance;
}

/** Whether a pair's score passes a threshold under the metric (IoU ≥ t and > 0, or distance ≤ t). */
export function passes(pair: PairOverlap, metric: MatchMetric, threshold: number): boolean {
  const s = scoreOf(pair, metric);
  return metric === 'centre' ? s <= threshold : s > 0 && s >= threshold;
}

/** The threshold a pair of classes must pass: the stricter of the two classes' thresholds. */
export function pairThreshold(options: MatchOptions, classA: string, classB: string): number {
  const metric = options.metric ?? 'iou3d';
  const base = options.threshold ?? defaultThreshold(metric);
  const ta = options.classThresholds?.[classA] ?? base;
  const tb = options.classThresholds?.[classB] ?? base;
  return metric === 'centre' ? Math.min(ta, tb) : Math.max(ta, tb);
}

/**
 * Every pair that could match at some threshold, with its overlap figures: boxes whose footprint
 * circles meet (IoU metrics; pairs with zero IoU dropped) or whose centres are within the largest
 * threshold ('centre'). A sort on x keeps this near-linear: no polygon is clipped for boxes apart.
 * Class-aware matching drops pairs of different classes here.
 */
export function candidatePairs(a: readonly AgreementBox[], b: readonly AgreementBox[], options: MatchOptions = {}): BoxMatch[] {
  const metric = options.metric ?? 'iou3d';
  const out: BoxMatch[] = [];
  if (a.length === 0 || b.length === 0) return out;
  const order = Array.from(b.keys()).sort((i, j) => b[i].center[0] - b[j].center[0]);
  const xs = Float64Array.from(order, (i) => b[i].center[0]);
  const radiusB = Float64Array.from(b, footprintRadius);
  let maxRadiusB = 0;
  for (const r of radiusB) if (r > maxRadiusB) maxRadiusB = r;
  let maxDistance = options.threshold ?? defaultThreshold(metric);
  for (const t of Object.values(options.classThresholds ?? {})) maxDistance = Math.max(maxDistance, t);
  for (let i = 0; i < a.length; i++) {
    const box = a[i];
    const ra = footprintRadius(box);
    const reach = metric === 'centre' ? maxDistance : ra + maxRadiusB;
    if (!Number.isFinite(reach)) continue;
    const x0 = box.center[0] - reach;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x0) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < xs.length && xs[k] <= box.center[0] + reach; k++) {
      const j = order[k];
      const other = b[j];
      if (options.classAware && other.classId !== box.classId) continue;
      const dx = other.center[0] - box.center[0];
      const dy = other.center[1] - box.center[1];
      if (metric === 'centre') {
        if (Math.hypot(dx, dy, other.center[2] - box.center[2]) > maxDistance) continue;
      } else if (Math.hypot(dx, dy) > ra + radiusB[j]) {
        continue;
      }
      const overlap = overlapOf(box, other);
      if (metric !== 'centre' && scoreOf(overlap, metric) === 0) continue;
      out.push({ a: i, b: j, ...overlap });
    }
  }
  return out;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/**
 * The optimal one-to-one choice among admissible candidates: the most pairs, and among those the
 * least total cost. The admissible pairs split into connected groups solved apart (the optimum
 * decomposes), each by `hungarian` unless it is a single pair.
 */
export function assignPairs(
  candidates: readonly BoxMatch[],
  countA: number,
  countB: number,
  admissible: (pair: BoxMatch) => boolean,
  cost: (pair: BoxMatch) => number,
): FrameMatch {
  const edges = candidates.filter(admissible);
  const parent = Int32Array.from({ length: countA + countB }, (_, i) => i);
  for (const e of edges) {
    const ra = find(parent, e.a);
    const rb = find(parent, countA + e.b);
    if (ra !== rb) parent[ra] = rb;
  }
  const groups = new Map<number, BoxMatch[]>();
  for (const e of edges) {
    const root = find(parent, e.a);
    const group = groups.get(root);
    if (group) group.push(e);
    else groups.set(root, [e]);
  }
  const chosen: BoxMatch[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      chosen.push(group[0]);
      continue;
    }
    const rows = [...new Set(group.map((e) => e.a))];
    const cols = [...new Set(group.map((e) => e.b))];
    const rowOf = new Map(rows.map((r, i) => [r, i]));
    const colOf = new Map(cols.map((c, i) => [c, i]));
    let maxCost = 0;
    const costs = group.map((e) => Math.max(0, cost(e)));
    for (const c of costs) maxCost = Math.max(maxCost, c);
    // Larger than any sum of admissible costs: one more pair always wins over a lower total.
    const forbidden = (maxCost + 1) * (Math.min(rows.length, cols.length) + 1);
    const matrix = new Float64Array(rows.length * cols.length).fill(forbidden);
    const edgeAt = new Map<number, BoxMatch>();
    group.forEach((e, k) => {
      const cell = (rowOf.get(e.a) as number) * cols.length + (colOf.get(e.b) as number);
      matrix[cell] = costs[k];
      edgeAt.set(cell, e);
    });
    const assignment = hungarian(matrix, rows.length, cols.length);
    assignment.forEach((col, row) => {
      const e = col >= 0 ? edgeAt.get(row * cols.length + col) : undefined;
      if (e) chosen.push(e);
    });
  }
  chosen.sort((x, y) => x.a - y.a);
  const takenA = new Uint8Array(countA);
  const takenB = new Uint8Array(countB);
  for (const m of chosen) {
    takenA[m.a] = 1;
    takenB[m.b] = 1;
  }
  const unmatchedA: number[] = [];
  const unmatchedB: number[] = [];
  takenA.forEach((t, i) => t || unmatchedA.push(i));
  takenB.forEach((t, i) => t || unmatchedB.push(i));
  return { matches: chosen, unmatchedA, unmatchedB };
}

/** The cost the assignment minimises: 1 − IoU, or the centre distance. */
export function matchCost(pair: PairOverlap, metric: MatchMetric): number {
  return metric === 'centre' ? pair.centreDistance : 1 - scoreOf(pair, metric);
}

/**
 * Matches two sets of boxes of one frame one to one (Hungarian): the most pairs that pass the
 * threshold of their classes, and among those the highest total IoU (or least total distance).
 */
export function matchBoxes(a: readonly AgreementBox[], b: readonly AgreementBox[], options: MatchOptions = {}): FrameMatch {
  return matchCandidates(a, b, candidatePairs(a, b, options), options);
}

/** `matchBoxes` over candidates already computed by `candidatePairs` (reused across thresholds). */
export function matchCandidates(
  a: readonly AgreementBox[],
  b: readonly AgreementBox[],
  candidates: readonly BoxMatch[],
  options: MatchOptions = {},
): FrameMatch {
  const metric = options.metric ?? 'iou3d';
  return assignPairs(
    candidates,
    a.length,
    b.length,
    (p) => (!options.classAware || a[p.a].classId === b[p.b].classId) && passes(p, metric, pairThreshold(options, a[p.a].classId, b[p.b].classId)),
    (p) => matchCost(p, metric),
  );
}
