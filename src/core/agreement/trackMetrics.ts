import { assignPairs, matchCost, pairThreshold, passes, scoreOf, type BoxMatch, type FrameMatch, type MatchOptions } from './matching';
import type { AgreementBox } from './types';

/**
 * Track agreement of annotator B's tracks against annotator A's over one sequence.
 *
 * CLEAR MOT (Bernardin & Stiefelhagen 2008, as TrackEval counts it): each frame is matched with a
 * preference for the pairs matched in the previous frame (among assignments with the most pairs,
 * continuing pairs first, then the best IoU or distance). An identity switch is a track of A
 * matched to a different track of B than at its last match; a fragmentation is a track of A whose
 * matched frames resume after a gap (segments of consecutive matched frames, minus one).
 *
 * HOTA-style (Luiten et al. 2021): each frame is matched once on IoU (the most pairs with IoU at
 * least the smallest alpha, then the highest total IoU) and that matching is thresholded at each
 * alpha. It leaves out the original's global alignment weighting of the matching, so it can read
 * slightly below TrackEval's figure on ambiguous frames. With the 'centre' metric the
 * similarity is max(0, 1 − distance / threshold).
 */
export interface TrackMetrics {
  readonly a: string;
  readonly b: string;
  readonly frames: number;
  /** A's boxes over all frames (the ground truth of MOTA). */
  readonly boxesA: number;
  readonly boxesB: number;
  readonly tracksA: number;
  readonly tracksB: number;
  readonly matches: number;
  readonly misses: number;
  readonly falsePositives: number;
  readonly idSwitches: number;
  readonly fragmentations: number;
  /** 1 − (misses + false positives + identity switches) / A's boxes; null without boxes in A. */
  readonly mota: number | null;
  /** Mean IoU (or, with 'centre', distance) of the CLEAR matches; null without matches. */
  readonly motp: number | null;
  /** A's tracks matched in more than 80 % of their frames, between 20 % and 80 %, under 20 %. */
  readonly mostlyTracked: number;
  readonly partiallyTracked: number;
  readonly mostlyLost: number;
  readonly hota: HotaMetrics;
}

/** HOTA and its two factors, detection accuracy (DetA) and association accuracy (AssA), per alpha. */
export interface HotaMetrics {
  readonly alphas: readonly number[];
  /** Per alpha, in `alphas` order; null where undefined (no boxes at all, or no match at that alpha). */
  readonly hota: readonly (number | null)[];
  readonly detA: readonly (number | null)[];
  readonly assA: readonly (number | null)[];
  /** Means over the alphas where defined; null when none is. */
  readonly meanHota: number | null;
  readonly meanDetA: number | null;
  readonly meanAssA: number | null;
}

/** Matching options of the CLEAR matching, plus the HOTA alphas. */
export interface TrackMetricsOptions extends MatchOptions {
  /** Default 0.05, 0.10, …, 0.95 as HOTA defines it. */
  readonly hotaAlphas?: readonly number[];
}

/** 0.05, 0.10, …, 0.95: the IoU thresholds HOTA averages over. */
export const HOTA_ALPHAS: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((0.05 + 0.05 * i) * 100) / 100);

function mean(xs: readonly (number | null)[]): number | null {
  const defined = xs.filter((x): x is number => x !== null);
  return defined.length ? defined.reduce((s, x) => s + x, 0) / defined.length : null;
}

/**
 * One annotator's track ids numbered in order of first sight, with each track's box count. A
 * scene-wide run keeps one per annotator and numbers each frame once for all pairs.
 */
export class TrackTable {
  readonly ids = new Map<string, number>();
  readonly boxes: number[] = [];

  /** The number of each box's track, counting the box. */
  intern(boxes: readonly AgreementBox[]): Int32Array {
    const out = new Int32Array(boxes.length);
    for (let i = 0; i < boxes.length; i++) {
      let id = this.ids.get(boxes[i].trackId);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(boxes[i].trackId, id);
        this.boxes.push(0);
      }
      this.boxes[id]++;
      out[i] = id;
    }
    return out;
  }
}

/** Keys of (track of A, track of B) pairs in one number. */
const PAIR_KEY = 2 ** 26;

/** Adds up one pair of annotators' tracks frame by frame, in timeline order. */
export class TrackAccumulator {
  private readonly metric;
  private readonly alphas: readonly number[];
  private frames = 0;
  private boxesA = 0;
  private boxesB = 0;
  private matches = 0;
  private similarity = 0;
  private idSwitches = 0;
  private readonly tracksA: TrackTable;
  private readonly tracksB: TrackTable;
  private readonly ownTables: boolean;
  /** Per track of A: the track of B at its last match (−1: none yet), and that match's frame. */
  private readonly lastMatch: number[] = [];
  private readonly lastMatchedFrame: number[] = [];
  private readonly matched: number[] = [];
  private readonly segments: number[] = [];
  /** Matches by the highest alpha their similarity reaches (index into `alphas`). */
  private readonly hotaTp: Int32Array;
  /** The same per (track of A, track of B). */
  private readonly hotaPairs = new Map<number, Int32Array>();

  constructor(
    readonly a: string,
    readonly b: string,
    private readonly options: TrackMetricsOptions = {},
    /** Tables shared with other accumulators; then `addFrame` must be given each frame's numbers from them. */
    tables?: { readonly a: TrackTable; readonly b: TrackTable },
  ) {
    this.ownTables = !tables;
    this.tracksA = tables?.a ?? new TrackTable();
    this.tracksB = tables?.b ?? new TrackTable();
    this.metric = options.metric ?? 'iou3d';
    this.alphas = [...(options.hotaAlphas ?? HOTA_ALPHAS)].sort((x, y) => x - y);
    this.hotaTp = new Int32Array(this.alphas.length);
  }

  private hotaSimilarity(p: BoxMatch): number {
    if (this.metric !== 'centre') return scoreOf(p, this.metric);
    const t = this.options.threshold ?? 2;
    return Math.max(0, 1 - p.centreDistance / t);
  }

  /**
   * One frame: both annotators' boxes and the candidates `candidatePairs` found between them.
   * `detection`, the frame's `matchCandidates` under the same options, saves the CLEAR matching
   * when no pair was contested (continuity can only change a contested choice). `numbers` are
   * the boxes' track numbers from shared tables (see the constructor).
   */
  addFrame(
    boxesA: readonly AgreementBox[],
    boxesB: readonly AgreementBox[],
    candidates: readonly BoxMatch[],
    detection?: FrameMatch,
    numbers?: { readonly a: Int32Array; readonly b: Int32Array },
  ): void {
    const frame = this.frames++;
    this.boxesA += boxesA.length;
    this.boxesB += boxesB.length;
    if (!this.ownTables && !numbers) throw new Error('a TrackAccumulator on shared tables needs the frame numbered by them');
    const ta = this.ownTables ? this.tracksA.intern(boxesA) : (numbers as { a: Int32Array }).a;
    const tb = this.ownTables ? this.tracksB.intern(boxesB) : (numbers as { b: Int32Array }).b;
    while (this.lastMatch.length < this.tracksA.boxes.length) {
      this.lastMatch.push(-1);
      this.lastMatchedFrame.push(-2);
      this.matched.push(0);
      this.segments.push(0);
    }

    const metric = this.metric;
    const classAware = this.options.classAware;
    const sameClass = (p: BoxMatch) => !classAware || boxesA[p.a].classId === boxesB[p.b].classId;
    const continuityBonus = 1 + (metric === 'centre' ? Math.max(this.options.threshold ?? 2, ...Object.values(this.options.classThresholds ?? {})) : 1);
    const continuing = (p: BoxMatch) => this.lastMatchedFrame[ta[p.a]] === frame - 1 && this.lastMatch[ta[p.a]] === tb[p.b];
    const clear =
      detection && detection.contested === 0
        ? detection
        : assignPairs(
            candidates,
            boxesA.length,
            boxesB.length,
            (p) => sameClass(p) && passes(p, metric, pairThreshold(this.options, boxesA[p.a].classId, boxesB[p.b].classId)),
            (p) => matchCost(p, metric) + (continuing(p) ? 0 : continuityBonus),
          );
    for (const m of clear.matches) {
      const ia = ta[m.a];
      const ib = tb[m.b];
      this.matches++;
      this.similarity += scoreOf(m, metric);
      if (this.lastMatch[ia] >= 0 && this.lastMatch[ia] !== ib) this.idSwitches++;
      this.lastMatch[ia] = ib;
      this.matched[ia]++;
      if (this.lastMatchedFrame[ia] !== frame - 1) this.segments[ia]++;
      this.lastMatchedFrame[ia] = frame;
    }

    const minAlpha = this.alphas[0] ?? 0;
    const hota = assignPairs(
      candidates,
      boxesA.length,
      boxesB.length,
      (p) => {
        if (!sameClass(p)) return false;
        const s = this.hotaSimilarity(p);
        return s > 0 && s >= minAlpha;
      },
      (p) => 1 - this.hotaSimilarity(p),
    );
    for (const m of hota.matches) {
      const s = this.hotaSimilarity(m);
      let k = -1;
      while (k + 1 < this.alphas.length && s >= this.alphas[k + 1]) k++;
      if (k < 0) continue;
      this.hotaTp[k]++;
      const key = ta[m.a] * PAIR_KEY + tb[m.b];
      let counts = this.hotaPairs.get(key);
      if (!counts) this.hotaPairs.set(key, (counts = new Int32Array(this.alphas.length)));
      counts[k]++;
    }
  }

  private hotaResult(): HotaMetrics {
    const K = this.alphas.length;
    // A match counts at every alpha up to the highest it reaches: sums from the top down.
    const tpAt = new Float64Array(K);
    for (let k = K - 1, run = 0; k >= 0; k--) tpAt[k] = run += this.hotaTp[k];
    const assSum = new Float64Array(K);
    for (const [key, counts] of this.hotaPairs) {
      const boxesA = this.tracksA.boxes[Math.floor(key / PAIR_KEY)];
      const boxesB = this.tracksB.boxes[key % PAIR_KEY];
      for (let k = K - 1, count = 0; k >= 0; k--) {
        count += counts[k];
        if (count) assSum[k] += (count * count) / (boxesA + boxesB - count);
      }
    }
    const detA: (number | null)[] = [];
    const assA: (number | null)[] = [];
    const hota: (number | null)[] = [];
    for (let k = 0; k < K; k++) {
      const tp = tpAt[k];
      const denominator = this.boxesA + this.boxesB - tp;
      const det = denominator > 0 ? tp / denominator : null;
      const ass = tp > 0 ? assSum[k] / tp : null;
      detA.push(det);
      assA.push(ass);
      hota.push(det !== null && ass !== null ? Math.sqrt(det * ass) : det === 0 ? 0 : null);
    }
    return { alphas: [...this.alphas], hota, detA, assA, meanHota: mean(hota), meanDetA: mean(detA), meanAssA: mean(assA) };
  }

  result(): TrackMetrics {
    const misses = this.boxesA - this.matches;
    const falsePositives = this.boxesB - this.matches;
    let fragmentations = 0;
    let mostlyTracked = 0;
    let partiallyTracked = 0;
    let mostlyLost = 0;
    this.tracksA.boxes.forEach((boxes, t) => {
      if (this.segments[t] > 1) fragmentations += this.segments[t] - 1;
      const ratio = this.matched[t] / boxes;
      if (ratio > 0.8) mostlyTracked++;
      else if (ratio >= 0.2) partiallyTracked++;
      else mostlyLost++;
    });
    return {
      a: this.a,
      b: this.b,
      frames: this.frames,
      boxesA: this.boxesA,
      boxesB: this.boxesB,
      tracksA: this.tracksA.ids.size,
      tracksB: this.tracksB.ids.size,
      matches: this.matches,
      misses,
      falsePositives,
      idSwitches: this.idSwitches,
      fragmentations,
      mota: this.boxesA ? 1 - (misses + falsePositives + this.idSwitches) / this.boxesA : null,
      motp: this.matches ? this.similarity / this.matches : null,
      mostlyTracked,
      partiallyTracked,
      mostlyLost,
      hota: this.hotaResult(),
    };
  }
}
