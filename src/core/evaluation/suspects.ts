import { matchBoxes } from '../agreement/matching';
import type { AgreementBox } from '../agreement/types';
import { inIgnoreRegion, KITTI_IOU_THRESHOLDS, withoutIgnored, type EvaluationFrame } from './evaluate';

/**
 * Why a label looks wrong:
 * - missing: a confident prediction overlaps no ground truth at all (an object nobody boxed);
 * - class: a confident prediction sits on the box but names another class;
 * - shifted: a confident prediction of the same class overlaps the box, but under its IoU threshold;
 * - empty: the box holds no LiDAR point (a box in the wrong place, or an object that is not there);
 * - unconfirmed: no prediction overlaps the box (the model may have missed it: ranked low).
 */
export type SuspectKind = 'missing' | 'class' | 'shifted' | 'empty' | 'unconfirmed';

export interface Suspect {
  readonly frameKey: string;
  readonly frameId?: string;
  readonly kind: SuspectKind;
  /** Rank in [0, 1]: higher first. */
  readonly score: number;
  readonly groundTruthId?: string;
  readonly predictionId?: string;
  /** The label's class (or, for `missing`, the prediction's). */
  readonly classId: string;
  /** The prediction's class where it differs. */
  readonly predictedClass?: string;
  readonly predictionScore?: number;
  readonly iou3d?: number;
  readonly bevIou?: number;
  /** LiDAR points inside the label, where they were counted. */
  readonly points?: number;
}

export interface SuspectOptions {
  /** Predictions at or above this score vouch for (or against) a label; default 0.6. */
  readonly confidentScore?: number;
  /** BEV IoU at which a prediction is taken to be about a label at all; default 0.1. */
  readonly touchIou?: number;
  /** Per-class IoU under which an overlapping same-class prediction marks a label shifted; KITTI's by default, else 0.5. */
  readonly iouThresholds?: Readonly<Record<string, number>>;
  /** Ranks of each kind relative to a confident prediction's score (their product ranks). */
  readonly weights?: Partial<Readonly<Record<SuspectKind, number>>>;
}

const WEIGHTS: Readonly<Record<SuspectKind, number>> = { missing: 1, class: 1, shifted: 1, empty: 0.5, unconfirmed: 0.3 };

/**
 * The suspect labels of one frame. Confident predictions are matched to the labels class-blind
 * by BEV IoU through the agreement matcher (so a box of the wrong class still pairs with its
 * label); what is left over or disagrees becomes a suspect. `pointsOf` gives a label's LiDAR
 * point count where the frame's scan was read.
 */
export function frameSuspects(frame: EvaluationFrame, options: SuspectOptions = {}, pointsOf?: (box: AgreementBox) => number): Suspect[] {
  const confident = options.confidentScore ?? 0.6;
  const weights = { ...WEIGHTS, ...options.weights };
  const thresholds = { ...KITTI_IOU_THRESHOLDS, ...options.iouThresholds };
  // A confident box on an object the dataset does not score is no sign of a missing label.
  const preds = withoutIgnored(frame).predictions.filter((p) => p.score >= confident);
  const gt = frame.groundTruth;
  const at = { frameKey: frame.frameKey, ...(frame.frameId ? { frameId: frame.frameId } : {}) };
  const out: Suspect[] = [];
  const m = matchBoxes(preds, gt, { metric: 'bev', threshold: options.touchIou ?? 0.1 });
  for (const i of m.unmatchedA) {
    const p = preds[i];
    // Nor is one inside an image region the dataset left unlabelled on purpose (KITTI DontCare).
    if (frame.ignoreRegions && inIgnoreRegion(p, frame.ignoreRegions, thresholds[p.classId] ?? 0.5)) continue;
    out.push({ ...at, kind: 'missing', score: weights.missing * p.score, predictionId: p.objectId, classId: p.classId, predictionScore: p.score });
  }
  // A count that could not be taken (no scan for the frame) is no count.
  const points = gt.map((g) => {
    const n = pointsOf?.(g);
    return n !== undefined && Number.isFinite(n) ? n : undefined;
  });
  const flagged = new Uint8Array(gt.length);
  for (const x of m.matches) {
    const p = preds[x.a];
    const g = gt[x.b];
    const pair = { groundTruthId: g.objectId, predictionId: p.objectId, classId: g.classId, predictionScore: p.score, iou3d: x.iou3d, bevIou: x.bevIou, ...(points[x.b] === undefined ? {} : { points: points[x.b] }) };
    if (p.classId !== g.classId) {
      out.push({ ...at, kind: 'class', score: weights.class * p.score, predictedClass: p.classId, ...pair });
      flagged[x.b] = 1;
    } else if (x.iou3d < (thresholds[g.classId] ?? 0.5)) {
      out.push({ ...at, kind: 'shifted', score: weights.shifted * p.score * (1 - x.iou3d), ...pair });
      flagged[x.b] = 1;
    }
  }
  const unmatched = new Set(m.unmatchedB);
  gt.forEach((g, j) => {
    if (flagged[j]) return;
    const base = { groundTruthId: g.objectId, classId: g.classId, ...(points[j] === undefined ? {} : { points: points[j] }) };
    if (points[j] === 0) out.push({ ...at, kind: 'empty', score: weights.empty, ...base });
    else if (unmatched.has(j)) out.push({ ...at, kind: 'unconfirmed', score: weights.unconfirmed, ...base });
  });
  return out;
}

/** Every frame's suspects in one queue, most suspect first (ties by frame and label, for a stable order). */
export function suspectQueue(frames: Iterable<EvaluationFrame>, options: SuspectOptions = {}, pointsOf?: (frame: EvaluationFrame, box: AgreementBox) => number): Suspect[] {
  const all: Suspect[] = [];
  for (const f of frames) all.push(...frameSuspects(f, options, pointsOf && ((b) => pointsOf(f, b))));
  const key = (s: Suspect) => `${s.frameKey}\u0000${s.groundTruthId ?? ''}\u0000${s.predictionId ?? ''}`;
  return all.sort((a, b) => b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
