import { footprintRadius, overlapInto, type PairOverlap } from './boxOverlap';

const scratch = { iou3d: 0, bevIou: 0, centreDistance: 0 };
import { hungarian } from './hungarian';
import type { AgreementBox } from './types';
import { findRoot } from './unionFind';

/** What decides whether two boxes are the same object: upright 3D IoU, BEV IoU, or centre distance. */
export type MatchMetric = 'iou3d' | 'bev' | 'centre';

/** How boxes are matched: metric, thresholds (global and per class), class awareness. */
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
  /**
   * Admissible pairs that shared a box with another admissible pair, so that the assignment had
   * to choose; 0 when every admissible pair was taken as it is.
   */
  readonly contested: number;
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
 * One side's boxes of a frame sorted by x with their footprint radii: built once per annotator and
 * frame, and reused for every pair that annotator is part of.
 */
export class BoxIndex {
  /** Box indices in ascending x of their centres. */
  readonly order: Int32Array;
  /** Centre x, y, z and footprint radius, in that order. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly zs: Float64Array;
  readonly radii: Float64Array;
  /** Footprint radius by box index. */
  readonly radius: Float64Array;
  readonly maxRadius: number;

  constructor(readonly boxes: readonly AgreementBox[]) {
    const n = boxes.length;
    this.radius = new Float64Array(n);
    let maxRadius = 0;
    const keyed: { x: number; i: number }[] = [];
    for (let i = 0; i < n; i++) {
      const r = footprintRadius(boxes[i]);
      this.radius[i] = r;
      if (r > maxRadius) maxRadius = r;
      keyed.push({ x: boxes[i].center[0], i });
    }
    keyed.sort((p, q) => p.x - q.x || p.i - q.i);
    this.order = new Int32Array(n);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.zs = new Float64Array(n);
    this.radii = new Float64Array(n);
    keyed.forEach(({ i }, k) => {
      this.order[k] = i;
      this.xs[k] = boxes[i].center[0];
      this.ys[k] = boxes[i].center[1];
      this.zs[k] = boxes[i].center[2];
      this.radii[k] = this.radius[i];
    });
    this.maxRadius = maxRadius;
  }
}

/**
 * Every pair that could match at some threshold, with its overlap figures: boxes whose footprint
 * circles meet (IoU metrics; pairs with zero IoU dropped) or whose centres are within the largest
 * threshold ('centre'). A sort on x keeps this near-linear: no polygon is clipped for boxes apart.
 * Class-aware matching drops pairs of different classes here. Indexes may be passed in to reuse.
 */
export function candidatePairs(
  a: readonly AgreementBox[],
  b: readonly AgreementBox[],
  options: MatchOptions = {},
  indexA: BoxIndex = new BoxIndex(a),
  indexB: BoxIndex = new BoxIndex(b),
): BoxMatch[] {
  const metric = options.metric ?? 'iou3d';
  const out: BoxMatch[] = [];
  if (a.length === 0 || b.length === 0) return out;
  const { order, xs, ys, zs, radii } = indexB;
  let maxDistance = options.threshold ?? defaultThreshold(metric);
  if (options.classThresholds) for (const t of Object.values(options.classThresholds)) maxDistance = Math.max(maxDistance, t);
  const maxDistanceSq = maxDistance * maxDistance;
  const classAware = options.classAware === true;
  for (let i = 0; i < a.length; i++) {
    const box = a[i];
    const ax = box.center[0];
    const ay = box.center[1];
    const az = box.center[2];
    const ra = indexA.radius[i];
    const reach = metric === 'centre' ? maxDistance : ra + indexB.maxRadius;
    if (!Number.isFinite(reach)) continue;
    const x0 = ax - reach;
    const x1 = ax + reach;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < x0) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < xs.length && xs[k] <= x1; k++) {
      const dx = xs[k] - ax;
      const dy = ys[k] - ay;
      if (metric === 'centre') {
        const dz = zs[k] - az;
        if (dx * dx + dy * dy + dz * dz > maxDistanceSq) continue;
      } else {
        const r = ra + radii[k];
        if (dx * dx + dy * dy > r * r) continue;
      }
      const j = order[k];
      const other = b[j];
      if (classAware && other.classId !== box.classId) continue;
      overlapInto(box, other, scratch);
      if (metric !== 'centre' && scoreOf(scratch, metric) === 0) continue;
      out.push({ a: i, b: j, iou3d: scratch.iou3d, bevIou: scratch.bevIou, centreDistance: scratch.centreDistance });
    }
  }
  return out;
}

/** The optimum of one connected group of two or more admissible pairs, by `hungarian`. */
function solveGroup(group: readonly BoxMatch[], costs: readonly number[], chosen: BoxMatch[]): void {
  const rowOf = new Map<number, number>();
  const colOf = new Map<number, number>();
  for (const e of group) {
    if (!rowOf.has(e.a)) rowOf.set(e.a, rowOf.size);
    if (!colOf.has(e.b)) colOf.set(e.b, colOf.size);
  }
  const rows = rowOf.size;
  const cols = colOf.size;
  let maxCost = 0;
  for (const c of costs) maxCost = Math.max(maxCost, c);
  // Larger than any sum of admissible costs: one more pair always wins over a lower total.
  const forbidden = (maxCost + 1) * (Math.min(rows, cols) + 1);
  const matrix = new Float64Array(rows * cols).fill(forbidden);
  const edgeAt = new Map<number, BoxMatch>();
  group.forEach((e, k) => {
    const cell = (rowOf.get(e.a) as number) * cols + (colOf.get(e.b) as number);
    matrix[cell] = costs[k];
    edgeAt.set(cell, e);
  });
  hungarian(matrix, rows, cols).forEach((col, row) => {
    const e = col >= 0 ? edgeAt.get(row * cols + col) : undefined;
    if (e) chosen.push(e);
  });
}

/**
 * The optimal one-to-one choice among admissible candidates: the most pairs, and among those the
 * least total cost. The admissible pairs split into connected groups solved apart (the optimum
 * decomposes): a pair whose two boxes have no other admissible pair is taken as it is, the other
 * groups go to `hungarian`.
 */
export function assignPairs(
  candidates: readonly BoxMatch[],
  countA: number,
  countB: number,
  admissible: (pair: BoxMatch) => boolean,
  cost: (pair: BoxMatch) => number,
): FrameMatch {
  const edges: BoxMatch[] = [];
  const degree = new Int32Array(countA + countB);
  for (const c of candidates) {
    if (!admissible(c)) continue;
    edges.push(c);
    degree[c.a]++;
    degree[countA + c.b]++;
  }
  const chosen: BoxMatch[] = [];
  let parent: Int32Array | undefined;
  let contested = 0;
  for (const e of edges) {
    if (degree[e.a] === 1 && degree[countA + e.b] === 1) {
      chosen.push(e);
      continue;
    }
    contested++;
    if (!parent) {
      parent = new Int32Array(countA + countB);
      for (let k = 0; k < parent.length; k++) parent[k] = k;
    }
    const ra = findRoot(parent, e.a);
    const rb = findRoot(parent, countA + e.b);
    if (ra !== rb) parent[ra] = rb;
  }
  if (parent) {
    const groups = new Map<number, { edges: BoxMatch[]; costs: number[] }>();
    for (const e of edges) {
      if (degree[e.a] === 1 && degree[countA + e.b] === 1) continue;
      const root = findRoot(parent, e.a);
      let group = groups.get(root);
      if (!group) groups.set(root, (group = { edges: [], costs: [] }));
      group.edges.push(e);
      group.costs.push(Math.max(0, cost(e)));
    }
    for (const g of groups.values()) solveGroup(g.edges, g.costs, chosen);
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
  for (let i = 0; i < countA; i++) if (!takenA[i]) unmatchedA.push(i);
  for (let j = 0; j < countB; j++) if (!takenB[j]) unmatchedB.push(j);
  return { matches: chosen, unmatchedA, unmatchedB, contested };
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
