import { yawDifference, type YawPeriod } from './angles';
import type { FrameMatch } from './matching';
import type { AgreementBox } from './types';

/**
 * Detection agreement of annotator B against annotator A (A is the reference: B's extra boxes are
 * false positives, A's boxes B has no match for are false negatives). Figures that need at least
 * one match or one box are null when there is none, so the result stays JSON.
 */
export interface DetectionMetrics {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly meanIou3d: number | null;
  readonly meanBevIou: number | null;
  /** Mean 3D distance between matched centres (metres). */
  readonly meanCentreError: number | null;
  /** Mean absolute difference of length, width and height (metres). */
  readonly meanSizeError: readonly [number, number, number] | null;
  /** Mean smallest heading difference (radians), modulo 2π or π as the options say. */
  readonly meanYawError: number | null;
}

/** Figures for one class: a true positive is a match where both boxes have this class. */
export interface ClassMetrics extends DetectionMetrics {
  readonly classId: string;
}

/**
 * Classes of matched boxes (rows: A's class, columns: B's class, in `classes` order), plus the
 * boxes each side had alone, by class.
 */
export interface ConfusionMatrix {
  readonly classes: readonly string[];
  readonly counts: readonly (readonly number[])[];
  readonly onlyA: readonly number[];
  readonly onlyB: readonly number[];
}

/** Everything measured between two annotators over a scene (B against A). */
export interface PairMetrics {
  readonly a: string;
  readonly b: string;
  /** Class-agnostic: every match is a true positive, whatever the two classes. */
  readonly overall: DetectionMetrics;
  /** Matches whose two classes agree, over all matches; null without matches. */
  readonly classAgreement: number | null;
  /** Per class, sorted by class id: a match of two different classes is a miss of A's class and an extra of B's. */
  readonly perClass: readonly ClassMetrics[];
  readonly confusion: ConfusionMatrix;
  /** Matches by 3D IoU in 20 bins of 0.05 from 0 to 1 (IoU 1 in the last). */
  readonly iouHistogram: readonly number[];
  /** Matches by centre distance in 20 bins of `CENTRE_ERROR_BIN` metres; the last also holds everything beyond. */
  readonly centreErrorHistogram: readonly number[];
  /** Matches by heading difference in 20 bins of `YAW_ERROR_BIN` radians (1°); the last also holds everything beyond. */
  readonly yawErrorHistogram: readonly number[];
}

/** How a pair's errors are measured. */
export interface PairMetricsOptions {
  /** Default 'full' (heading matters); 'half' for boxes whose front and back are not told apart. */
  readonly yawPeriod?: YawPeriod;
}

/** Bins of `PairMetrics.iouHistogram`. */
export const IOU_BINS = 20;
/** Bins of the centre and heading error histograms. */
export const ERROR_BINS = 20;
/** 10 cm. */
export const CENTRE_ERROR_BIN = 0.1;
/** One degree. */
export const YAW_ERROR_BIN = Math.PI / 180;

function binOf(value: number, width: number): number {
  return Math.min(ERROR_BINS - 1, Math.floor(value / width));
}

class Tally {
  tp = 0;
  fp = 0;
  fn = 0;
  iou3d = 0;
  bev = 0;
  centre = 0;
  size = [0, 0, 0];
  yaw = 0;

  match(a: AgreementBox, b: AgreementBox, iou3d: number, bev: number, centre: number, period: YawPeriod): void {
    this.tp++;
    this.iou3d += iou3d;
    this.bev += bev;
    this.centre += centre;
    for (let k = 0; k < 3; k++) this.size[k] += Math.abs(a.size[k] - b.size[k]);
    this.yaw += yawDifference(a.yaw, b.yaw, period);
  }

  metrics(): DetectionMetrics {
    const { tp, fp, fn } = this;
    const ratio = (x: number, y: number) => (y > 0 ? x / y : null);
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    return {
      tp,
      fp,
      fn,
      precision,
      recall,
      f1: ratio(2 * tp, 2 * tp + fp + fn),
      meanIou3d: ratio(this.iou3d, tp),
      meanBevIou: ratio(this.bev, tp),
      meanCentreError: ratio(this.centre, tp),
      meanSizeError: tp ? [this.size[0] / tp, this.size[1] / tp, this.size[2] / tp] : null,
      meanYawError: ratio(this.yaw, tp),
    };
  }
}

/** Adds up the matchings of one pair of annotators frame by frame. */
export class PairAccumulator {
  private readonly overall = new Tally();
  private readonly byClass = new Map<string, Tally>();
  private readonly confusion = new Map<string, number>();
  private readonly onlyA = new Map<string, number>();
  private readonly onlyB = new Map<string, number>();
  private readonly histogram = new Array<number>(IOU_BINS).fill(0);
  private readonly centreHistogram = new Array<number>(ERROR_BINS).fill(0);
  private readonly yawHistogram = new Array<number>(ERROR_BINS).fill(0);
  private sameClass = 0;
  private readonly period: YawPeriod;

  constructor(
    readonly a: string,
    readonly b: string,
    options: PairMetricsOptions = {},
  ) {
    this.period = options.yawPeriod ?? 'full';
  }

  private tally(classId: string): Tally {
    let t = this.byClass.get(classId);
    if (!t) this.byClass.set(classId, (t = new Tally()));
    return t;
  }

  /** One frame: A's boxes, B's boxes and their matching. */
  add(boxesA: readonly AgreementBox[], boxesB: readonly AgreementBox[], match: FrameMatch): void {
    for (const m of match.matches) {
      const a = boxesA[m.a];
      const b = boxesB[m.b];
      this.overall.match(a, b, m.iou3d, m.bevIou, m.centreDistance, this.period);
      this.histogram[Math.min(IOU_BINS - 1, Math.floor(m.iou3d * IOU_BINS))]++;
      this.centreHistogram[binOf(m.centreDistance, CENTRE_ERROR_BIN)]++;
      this.yawHistogram[binOf(yawDifference(a.yaw, b.yaw, this.period), YAW_ERROR_BIN)]++;
      const key = `${a.classId}\u0000${b.classId}`;
      this.confusion.set(key, (this.confusion.get(key) ?? 0) + 1);
      if (a.classId === b.classId) {
        this.sameClass++;
        this.tally(a.classId).match(a, b, m.iou3d, m.bevIou, m.centreDistance, this.period);
      } else {
        this.tally(a.classId).fn++;
        this.tally(b.classId).fp++;
      }
    }
    for (const i of match.unmatchedA) {
      this.overall.fn++;
      this.tally(boxesA[i].classId).fn++;
      this.onlyA.set(boxesA[i].classId, (this.onlyA.get(boxesA[i].classId) ?? 0) + 1);
    }
    for (const j of match.unmatchedB) {
      this.overall.fp++;
      this.tally(boxesB[j].classId).fp++;
      this.onlyB.set(boxesB[j].classId, (this.onlyB.get(boxesB[j].classId) ?? 0) + 1);
    }
  }

  result(): PairMetrics {
    const classes = [...this.byClass.keys()].sort();
    const overall = this.overall.metrics();
    return {
      a: this.a,
      b: this.b,
      overall,
      classAgreement: overall.tp ? this.sameClass / overall.tp : null,
      perClass: classes.map((classId) => ({ classId, ...(this.byClass.get(classId) as Tally).metrics() })),
      confusion: {
        classes,
        counts: classes.map((ca) => classes.map((cb) => this.confusion.get(`${ca}\u0000${cb}`) ?? 0)),
        onlyA: classes.map((c) => this.onlyA.get(c) ?? 0),
        onlyB: classes.map((c) => this.onlyB.get(c) ?? 0),
      },
      iouHistogram: [...this.histogram],
      centreErrorHistogram: [...this.centreHistogram],
      yawErrorHistogram: [...this.yawHistogram],
    };
  }
}
