import { candidatePairs, matchCandidates, type BoxMatch, type MatchMetric, type MatchOptions } from '../agreement/matching';
import type { AgreementBox } from '../agreement/types';
import { averagePrecision, NOT_SCORED, scoreOrder, type PrecisionRecall } from './averagePrecision';
import { ignoreRegionCover, type CameraIgnoreRegions } from './ignoreRegions';
import { localisationErrors, type LocalisationErrors } from './localisationErrors';

/** A predicted box as the matcher reads it, with its score; objectId names it (its file and line). */
export interface ScoredBox extends AgreementBox {
  readonly score: number;
}

/** One frame's ground truth and predictions, both in the same (LiDAR) frame. */
export interface EvaluationFrame {
  /** The dataset's name of the frame (KITTI stem, nuScenes sample token, OpenLABEL frame number). */
  readonly frameKey: string;
  /** The scene's frame, where the ground truth came with one. */
  readonly frameId?: string;
  readonly groundTruth: readonly AgreementBox[];
  readonly predictions: readonly ScoredBox[];
  /**
   * Boxes the dataset does not score (nuScenes objects at most 40 % visible): no ground truth, and
   * a prediction on one (and on no scored box) is neither a hit nor a false alarm.
   */
  readonly ignored?: readonly AgreementBox[];
  /**
   * Image regions the dataset leaves unlabelled (KITTI DontCare), per camera: a prediction that
   * matches no ground truth and whose 2D box lies mostly inside one is neither a hit nor a false
   * alarm (see inIgnoreRegion).
   */
  readonly ignoreRegions?: readonly CameraIgnoreRegions[];
}

/**
 * Whether a prediction that matched nothing is one KITTI's devkit would not count: its 2D box in
 * the camera (the tight box of its projected cuboid, clipped to the image) lies inside a DontCare
 * region by more than `threshold` of its own area. The devkit's rule (evaluate_object.cpp,
 * computeStatistics) is boxoverlap(det, dontcare, 0) > MIN_OVERLAP of the class and metric:
 * intersection over the detection's area against the class's IoU threshold (car 0.7, pedestrian
 * and cyclist 0.5). Its 2D box is the one the results file gives; here it is the projection, as
 * predictions from a 3D detector or another format carry none.
 */
export function inIgnoreRegion(prediction: AgreementBox, regions: readonly CameraIgnoreRegions[], threshold: number): boolean {
  return regions.length > 0 && ignoreRegionCover(prediction, regions) > threshold;
}

/**
 * The frame as scored: predictions whose footprint overlaps an ignored box, of any class, and no
 * scored box of their own class are dropped (a detector is not to be blamed for finding what the
 * dataset chose not to label). Ignored boxes never count as ground truth, found or missed.
 */
export function withoutIgnored(frame: EvaluationFrame): EvaluationFrame {
  const ignored = frame.ignored ?? [];
  if (ignored.length === 0 || frame.predictions.length === 0) return frame;
  const onIgnored = new Set(candidatePairs(frame.predictions, ignored, { metric: 'bev' }).map((m) => m.a));
  if (onIgnored.size === 0) return frame;
  const onScored = new Set(candidatePairs(frame.predictions, frame.groundTruth, { metric: 'bev', classAware: true }).map((m) => m.a));
  return { ...frame, predictions: frame.predictions.filter((_, i) => !onIgnored.has(i) || onScored.has(i)) };
}

/** KITTI's IoU thresholds for its three benchmark classes; any other class gets `defaultIouThreshold`. */
export const KITTI_IOU_THRESHOLDS: Readonly<Record<string, number>> = { car: 0.7, pedestrian: 0.5, cyclist: 0.5 };
/** nuScenes' centre-distance thresholds (metres) and the one its true-positive errors are taken at. */
export const NUSCENES_DISTANCES: readonly number[] = [0.5, 1, 2, 4];
export const NUSCENES_TP_DISTANCE = 2;

export interface EvaluationOptions {
  /** IoU threshold by class (BEV and 3D), over KITTI_IOU_THRESHOLDS. */
  readonly iouThresholds?: Readonly<Record<string, number>>;
  /** For classes without a threshold of their own; default 0.5. */
  readonly defaultIouThreshold?: number;
  /** Predictions below this score are left out of the per-frame TP / FP / FN (not out of AP); default 0.5. */
  readonly minScore?: number;
  /** How the per-frame TP / FP / FN are matched: 'iou3d' (default), 'bev' (both at the class thresholds) or 'centre' (at `tpDistance`). */
  readonly frameMetric?: MatchMetric;
  /** Ground-plane centre distances for the nuScenes-style AP; default NUSCENES_DISTANCES. */
  readonly distances?: readonly number[];
  /** The distance at which true-positive errors are taken; default 2 m. */
  readonly tpDistance?: number;
}

/** A matched pair of one frame (at the per-frame operating point). */
export interface FrameMatchRecord extends LocalisationErrors {
  readonly predictionId: string;
  readonly groundTruthId: string;
  readonly classId: string;
  readonly score: number;
  readonly iou3d: number;
  readonly bevIou: number;
  readonly centreDistance: number;
}

/** Per frame, per class counts at the per-frame operating point. */
export interface Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** One frame's figures: the shape evaluation.json holds per frame (see docs/evaluation.md). */
export interface FrameEvaluation extends Counts {
  readonly frameKey: string;
  readonly frameId?: string;
  readonly groundTruth: number;
  /** Predictions at or above minScore. */
  readonly predictions: number;
  /** FN + Σ score of FPs + Σ (1 − 3D IoU) of TPs: 0 for a perfect frame, higher for worse ones. */
  readonly errorScore: number;
  readonly byClass: Readonly<Record<string, Counts>>;
  readonly matches: readonly FrameMatchRecord[];
  readonly falsePositives: readonly { readonly predictionId: string; readonly classId: string; readonly score: number }[];
  readonly falseNegatives: readonly { readonly groundTruthId: string; readonly classId: string }[];
  /** Predictions (≥ minScore) that matched nothing but lie in an ignore region (KITTI DontCare): not false positives. */
  readonly inIgnoreRegions: readonly { readonly predictionId: string; readonly classId: string; readonly score: number }[];
}

/** A class's figures over every frame. */
export interface ClassEvaluation extends Counts {
  readonly classId: string;
  readonly groundTruth: number;
  readonly predictions: number;
  readonly iouThreshold: number;
  /** KITTI-style AP|R40 with 3D IoU ≥ iouThreshold, and with BEV IoU ≥ iouThreshold. */
  readonly ap3d: PrecisionRecall;
  readonly apBev: PrecisionRecall;
  /** nuScenes-style: AP|R40 per ground-plane centre distance, and their mean. */
  readonly centre: { readonly distances: readonly number[]; readonly ap: readonly (number | null)[]; readonly meanAp: number | null };
  /** Mean true-positive errors at tpDistance (null without a TP). */
  readonly tpErrors: { readonly distance: number; readonly count: number; readonly translation: number | null; readonly scale: number | null; readonly orientation: number | null };
  /** Precision and recall at the per-frame operating point (minScore). */
  readonly precision: number | null;
  readonly recall: number | null;
  /** Predictions (≥ minScore) not counted as false positives because they lie in an ignore region. */
  readonly inIgnoreRegions: number;
}

export interface EvaluationSummary {
  readonly frames: number;
  /** Over every class: predictions (≥ minScore) not counted as false positives because they lie in an ignore region. */
  readonly inIgnoreRegions: number;
  /** Means over the classes that have ground truth. */
  readonly meanAp3d: number | null;
  readonly meanApBev: number | null;
  readonly meanCentreAp: number | null;
  readonly classes: readonly ClassEvaluation[];
}

interface ClassAccumulator {
  groundTruth: number;
  scores: number[];
  tp3d: number[];
  tpBev: number[];
  tpCentre: number[][];
  counts: { tp: number; fp: number; fn: number };
  inIgnoreRegions: number;
  errors: { count: number; translation: number; scale: number; orientation: number };
}

const NO_ATTRIBUTES = {};
/** A box on the ground plane; one object shape for both sides keeps the matcher's loops monomorphic. */
const flat = (b: AgreementBox): AgreementBox => ({ objectId: b.objectId, trackId: b.trackId, classId: b.classId, attributes: NO_ATTRIBUTES, center: [b.center[0], b.center[1], 0], size: b.size, yaw: b.yaw });

const mean = (xs: readonly (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

/**
 * Matching and metrics, a frame at a time (so a caller can report progress and keep only the
 * per-frame figures it wants). Every matching goes through the agreement matcher: one optimal
 * one-to-one assignment per frame and threshold, class-aware, that takes the most pairs and then
 * the highest IoU (or least distance), whatever the scores. KITTI's and nuScenes' devkits instead
 * match greedily in score order; the two differ only where predictions compete for one object.
 */
export class EvaluationAccumulator {
  private readonly classes = new Map<string, ClassAccumulator>();
  private frameCount = 0;
  private readonly thresholds: Readonly<Record<string, number>>;
  private readonly defaultThreshold: number;
  private readonly minScore: number;
  private readonly frameMetric: MatchMetric;
  private readonly distances: readonly number[];
  private readonly tpDistance: number;

  constructor(options: EvaluationOptions = {}) {
    this.thresholds = { ...KITTI_IOU_THRESHOLDS, ...options.iouThresholds };
    this.defaultThreshold = options.defaultIouThreshold ?? 0.5;
    this.minScore = options.minScore ?? 0.5;
    this.frameMetric = options.frameMetric ?? 'iou3d';
    this.distances = [...(options.distances ?? NUSCENES_DISTANCES)].sort((a, b) => a - b);
    this.tpDistance = options.tpDistance ?? NUSCENES_TP_DISTANCE;
  }

  iouThreshold(classId: string): number {
    return this.thresholds[classId] ?? this.defaultThreshold;
  }

  private classOf(classId: string): ClassAccumulator {
    let c = this.classes.get(classId);
    if (!c) {
      c = { groundTruth: 0, scores: [], tp3d: [], tpBev: [], tpCentre: this.distances.map(() => []), counts: { tp: 0, fp: 0, fn: 0 }, inIgnoreRegions: 0, errors: { count: 0, translation: 0, scale: 0, orientation: 0 } };
      this.classes.set(classId, c);
    }
    return c;
  }

  addFrame(given: EvaluationFrame): FrameEvaluation {
    const frame = withoutIgnored(given);
    this.frameCount++;
    const { predictions: preds, groundTruth: gt } = frame;
    const iouOptions = (metric: MatchMetric): MatchOptions => ({ metric, classAware: true, threshold: this.defaultThreshold, classThresholds: this.thresholds });
    const overlapping = candidatePairs(preds, gt, { metric: 'bev', classAware: true });
    const inRegion = this.regionTest(frame);
    // A prediction left unmatched at a threshold but lying in an ignore region is left out of that curve.
    const matched = (m: ReturnType<typeof matchCandidates>) => {
      const flags = new Uint8Array(preds.length);
      for (const x of m.matches) flags[x.a] = 1;
      for (let i = 0; i < flags.length; i++) if (!flags[i] && inRegion(i)) flags[i] = NOT_SCORED;
      return flags;
    };
    const tp3d = matched(matchCandidates(preds, gt, overlapping, iouOptions('iou3d')));
    const tpBev = matched(matchCandidates(preds, gt, overlapping, iouOptions('bev')));

    // nuScenes measures centre distance on the ground plane: the matcher sees the boxes at z = 0.
    const flatPreds = preds.map(flat);
    const flatGt = gt.map(flat);
    const maxDistance = Math.max(this.tpDistance, ...this.distances);
    const near = candidatePairs(flatPreds, flatGt, { metric: 'centre', classAware: true, threshold: maxDistance });
    const centreOptions = (d: number): MatchOptions => ({ metric: 'centre', classAware: true, threshold: d });
    const centreMatches = this.distances.map((d) => matchCandidates(flatPreds, flatGt, near, centreOptions(d)));
    const tpCentre = centreMatches.map(matched);
    const atTpDistance = this.distances.indexOf(this.tpDistance);
    const tpMatches = atTpDistance >= 0 ? centreMatches[atTpDistance] : matchCandidates(flatPreds, flatGt, near, centreOptions(this.tpDistance));
    for (const m of tpMatches.matches) {
      const e = localisationErrors(preds[m.a], gt[m.b]);
      const acc = this.classOf(preds[m.a].classId).errors;
      acc.count++;
      acc.translation += e.translation;
      acc.scale += e.scale;
      acc.orientation += e.orientation;
    }

    for (const g of gt) this.classOf(g.classId).groundTruth++;
    preds.forEach((p, i) => {
      const c = this.classOf(p.classId);
      c.scores.push(p.score);
      c.tp3d.push(tp3d[i]);
      c.tpBev.push(tpBev[i]);
      tpCentre.forEach((flags, k) => c.tpCentre[k].push(flags[i]));
    });
    return this.frameFigures(frame, overlapping, near, flatPreds, flatGt, inRegion);
  }

  /** Whether prediction i lies in one of the frame's ignore regions (worked out once, when first asked). */
  private regionTest(frame: EvaluationFrame): (i: number) => boolean {
    const regions = frame.ignoreRegions ?? [];
    if (!regions.some((r) => r.regions.length > 0)) return () => false;
    const known = new Int8Array(frame.predictions.length).fill(-1);
    return (i) => {
      if (known[i] < 0) {
        const p = frame.predictions[i];
        known[i] = inIgnoreRegion(p, regions, this.iouThreshold(p.classId)) ? 1 : 0;
      }
      return known[i] === 1;
    };
  }

  /** TP / FP / FN of the frame at the operating point: predictions ≥ minScore, matched by frameMetric. */
  private frameFigures(
    frame: EvaluationFrame,
    overlapping: readonly BoxMatch[],
    near: readonly BoxMatch[],
    flatPreds: readonly AgreementBox[],
    flatGt: readonly AgreementBox[],
    inRegion: (i: number) => boolean,
  ): FrameEvaluation {
    const { predictions: preds, groundTruth: gt } = frame;
    const kept = (m: BoxMatch) => preds[m.a].score >= this.minScore;
    const centre = this.frameMetric === 'centre';
    const result = centre
      ? matchCandidates(flatPreds, flatGt, near.filter(kept), { metric: 'centre', classAware: true, threshold: this.tpDistance })
      : matchCandidates(preds, gt, overlapping.filter(kept), { metric: this.frameMetric, classAware: true, threshold: this.defaultThreshold, classThresholds: this.thresholds });
    const byClass: Record<string, { tp: number; fp: number; fn: number }> = {};
    const countsOf = (classId: string) => (byClass[classId] ??= { tp: 0, fp: 0, fn: 0 });
    const matches: FrameMatchRecord[] = result.matches.map((m) => {
      const p = preds[m.a];
      const g = gt[m.b];
      // Centre matching saw flattened boxes: take the overlap figures of the real ones.
      const overlap = centre ? (overlapping.find((o) => o.a === m.a && o.b === m.b) ?? { iou3d: 0, bevIou: 0 }) : m;
      countsOf(p.classId).tp++;
      return {
        predictionId: p.objectId,
        groundTruthId: g.objectId,
        classId: p.classId,
        score: p.score,
        iou3d: overlap.iou3d,
        bevIou: overlap.bevIou,
        centreDistance: centre ? m.centreDistance : Math.hypot(p.center[0] - g.center[0], p.center[1] - g.center[1], p.center[2] - g.center[2]),
        ...localisationErrors(p, g),
      };
    });
    const unmatched = result.unmatchedA.filter((i) => preds[i].score >= this.minScore);
    const inIgnoreRegions = unmatched
      .filter((i) => inRegion(i))
      .map((i) => {
        this.classOf(preds[i].classId).inIgnoreRegions++;
        return { predictionId: preds[i].objectId, classId: preds[i].classId, score: preds[i].score };
      });
    const falsePositives = unmatched
      .filter((i) => !inRegion(i))
      .map((i) => {
        countsOf(preds[i].classId).fp++;
        return { predictionId: preds[i].objectId, classId: preds[i].classId, score: preds[i].score };
      });
    const falseNegatives = result.unmatchedB.map((j) => {
      countsOf(gt[j].classId).fn++;
      return { groundTruthId: gt[j].objectId, classId: gt[j].classId };
    });
    for (const [classId, c] of Object.entries(byClass)) {
      const acc = this.classOf(classId).counts;
      acc.tp += c.tp;
      acc.fp += c.fp;
      acc.fn += c.fn;
    }
    let errorScore = falseNegatives.length;
    for (const f of falsePositives) errorScore += f.score;
    for (const m of matches) errorScore += 1 - m.iou3d;
    return {
      frameKey: frame.frameKey,
      ...(frame.frameId ? { frameId: frame.frameId } : {}),
      tp: matches.length,
      fp: falsePositives.length,
      fn: falseNegatives.length,
      groundTruth: gt.length,
      predictions: preds.reduce((n, p) => n + (p.score >= this.minScore ? 1 : 0), 0),
      errorScore,
      byClass,
      matches,
      falsePositives,
      falseNegatives,
      inIgnoreRegions,
    };
  }

  finish(): EvaluationSummary {
    const classes = [...this.classes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([classId, c]): ClassEvaluation => {
        const order = scoreOrder(c.scores);
        const centreAp = c.tpCentre.map((flags) => averagePrecision(c.scores, flags, c.groundTruth, order).ap);
        const { tp, fp, fn } = c.counts;
        const e = c.errors;
        return {
          classId,
          groundTruth: c.groundTruth,
          predictions: c.scores.length,
          iouThreshold: this.iouThreshold(classId),
          ap3d: averagePrecision(c.scores, c.tp3d, c.groundTruth, order),
          apBev: averagePrecision(c.scores, c.tpBev, c.groundTruth, order),
          centre: { distances: this.distances, ap: centreAp, meanAp: c.groundTruth > 0 ? mean(centreAp) : null },
          tpErrors: {
            distance: this.tpDistance,
            count: e.count,
            translation: e.count ? e.translation / e.count : null,
            scale: e.count ? e.scale / e.count : null,
            orientation: e.count ? e.orientation / e.count : null,
          },
          tp,
          fp,
          fn,
          precision: tp + fp > 0 ? tp / (tp + fp) : null,
          recall: tp + fn > 0 ? tp / (tp + fn) : null,
          inIgnoreRegions: c.inIgnoreRegions,
        };
      });
    const withTruth = classes.filter((c) => c.groundTruth > 0);
    return {
      frames: this.frameCount,
      inIgnoreRegions: classes.reduce((n, c) => n + c.inIgnoreRegions, 0),
      meanAp3d: mean(withTruth.map((c) => c.ap3d.ap)),
      meanApBev: mean(withTruth.map((c) => c.apBev.ap)),
      meanCentreAp: mean(withTruth.map((c) => c.centre.meanAp)),
      classes,
    };
  }
}

/** Every frame through one accumulator: the per-frame figures and the per-class summary. */
export function evaluateFrames(frames: Iterable<EvaluationFrame>, options: EvaluationOptions = {}): { frames: FrameEvaluation[]; summary: EvaluationSummary } {
  const acc = new EvaluationAccumulator(options);
  const out: FrameEvaluation[] = [];
  for (const f of frames) out.push(acc.addFrame(f));
  return { frames: out, summary: acc.finish() };
}
