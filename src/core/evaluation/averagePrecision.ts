/**
 * KITTI's 40-point interpolated average precision (the devkit's AP|R40, since 2019): the mean,
 * over recall r = 1/40, 2/40, …, 1, of the highest precision reached at any recall ≥ r (0 where
 * recall never gets there). Recall 0 is left out, so one lucky top detection cannot buy 1/11 of
 * the score as it did under the older 11-point AP.
 */
export const RECALL_POINTS = 40;

/** A precision / recall curve sampled at the 40 recall points, with the interpolated precision. */
export interface PrecisionRecall {
  /** AP|R40 in [0, 1]; null where the class has no ground truth (recall is undefined). */
  readonly ap: number | null;
  /** r = k / 40, k = 1 … 40. */
  readonly recall: readonly number[];
  /** The interpolated precision at each recall point. */
  readonly precision: readonly number[];
  /** The score at which each recall point is first reached; null where it never is. */
  readonly scoreAt: readonly (number | null)[];
}

/** A prediction's flag in a truePositive list that the curve leaves out: neither a hit nor a false alarm (it lies in an image region the dataset ignores). */
export const NOT_SCORED = 2;

/**
 * The curve and AP of one class: each prediction's score and whether it was a true positive,
 * against the number of ground-truth objects. Predictions of equal score enter together (no
 * threshold can part them), so the curve has a point per distinct score only. `order` (from
 * scoreOrder) saves the sort where one class's predictions are judged at several thresholds.
 * A prediction flagged NOT_SCORED is left out, as KITTI's devkit leaves out a detection in a
 * DontCare region.
 */
export function averagePrecision(
  scores: ArrayLike<number>,
  truePositive: ArrayLike<number | boolean>,
  groundTruthCount: number,
  given: ArrayLike<number> = scoreOrder(scores),
): PrecisionRecall {
  let order = given;
  for (let k = 0; k < given.length; k++) {
    if (truePositive[given[k]] === NOT_SCORED) {
      order = Array.prototype.filter.call(given, (i: number) => truePositive[i] !== NOT_SCORED) as number[];
      break;
    }
  }
  const n = order.length;
  const recallOf: number[] = [];
  const precisionOf: number[] = [];
  const scoreOf: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    if (truePositive[order[k]]) tp++;
    if (k + 1 < n && scores[order[k + 1]] === scores[order[k]]) continue;
    recallOf.push(groundTruthCount > 0 ? tp / groundTruthCount : 0);
    precisionOf.push(tp / (k + 1));
    scoreOf.push(scores[order[k]]);
  }
  // The envelope from the right: the best precision at this recall or beyond.
  for (let k = precisionOf.length - 2; k >= 0; k--) precisionOf[k] = Math.max(precisionOf[k], precisionOf[k + 1]);
  const recall: number[] = [];
  const precision: number[] = [];
  const scoreAt: (number | null)[] = [];
  let j = 0;
  let sum = 0;
  for (let k = 1; k <= RECALL_POINTS; k++) {
    const r = k / RECALL_POINTS;
    // Recall points are reached in order, so one pointer walks the curve once.
    while (j < recallOf.length && recallOf[j] < r - 1e-12) j++;
    const p = j < recallOf.length ? precisionOf[j] : 0;
    recall.push(r);
    precision.push(p);
    scoreAt.push(j < recallOf.length ? scoreOf[j] : null);
    sum += p;
  }
  return { ap: groundTruthCount > 0 ? sum / RECALL_POINTS : null, recall, precision, scoreAt };
}

/** Prediction indices by descending score. */
export function scoreOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}
