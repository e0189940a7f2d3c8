import type { AgreementBox } from '../../core/agreement';
import { EvaluationAccumulator, type CameraIgnoreRegions, type ScoredBox } from '../../core/evaluation';
import type { Cuboid } from '../../core/geometry/cuboid';
import { yawOf } from '../../core/geometry/quaternion';
import type { FramePrediction, InspectionMatching } from '../../shared/inspectionContract';
import type { Outcome } from './inspectionColours';

/** A ground-truth box of the frame as the view places it (in the frame's LiDAR frame). */
export interface OutcomeGroundTruth {
  readonly objectId: string;
  readonly classId: string;
  readonly cuboid: Cuboid;
  /** Flagged by the dataset as not to score (a nuScenes object 0–40 % visible). */
  readonly ignore?: boolean;
}

/** One box drawn by the inspection overlay: a prediction (tp / fp) or a ground-truth box (matchedGt / fn). */
export interface OutcomeBox {
  /** The prediction's id, or the ground-truth object's id. */
  readonly id: string;
  readonly outcome: Outcome;
  readonly classId: string;
  readonly score: number | null;
  readonly cuboid: Cuboid;
  /** The box on the other side of the match (ground truth for a prediction and back); null when unmatched. */
  readonly partnerId: string | null;
  /** The matched pair's 3D IoU and centre distance (metres). */
  readonly iou3d: number | null;
  readonly centreDistance: number | null;
  /** Where a prediction came from (file and line or field). */
  readonly where?: string;
}

export interface FrameOutcome {
  readonly boxes: readonly OutcomeBox[];
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  /** Predictions under the run's minimum score: counted in AP, not judged on a frame, not drawn. */
  readonly belowScore: number;
  /** Predictions that matched nothing inside the frame's ignore regions (KITTI DontCare): not false positives, not drawn. */
  readonly inIgnoreRegions: number;
}

const upright = (id: string, classId: string, cuboid: Cuboid): AgreementBox => ({ objectId: id, trackId: id, classId, attributes: {}, center: cuboid.center, size: cuboid.size, yaw: yawOf(cuboid.rotation) });

/**
 * One frame's predictions judged against its ground truth by the core evaluation, as the host
 * judged the whole run (same matcher, thresholds and minimum score, the same boxes flagged ignore
 * and image ignore regions), and what each box is. Boxes flagged ignore are no outcome: the
 * ground-truth layer draws them as ignored.
 */
export function frameOutcome(
  allGroundTruth: readonly OutcomeGroundTruth[],
  predictions: readonly FramePrediction[],
  matching: InspectionMatching,
  ignoreRegions: readonly CameraIgnoreRegions[] = [],
): FrameOutcome {
  const scored: ScoredBox[] = predictions.map((p) => ({ ...upright(p.predictionId, p.classId, p.cuboid), score: p.score }));
  const groundTruth = allGroundTruth.filter((g) => !g.ignore);
  const ignored = allGroundTruth.filter((g) => g.ignore);
  const judged = new EvaluationAccumulator({ frameMetric: matching.metric, minScore: matching.minScore }).addFrame({
    frameKey: 'shown',
    groundTruth: groundTruth.map((g) => upright(g.objectId, g.classId, g.cuboid)),
    predictions: scored,
    ...(ignored.length ? { ignored: ignored.map((g) => upright(g.objectId, g.classId, g.cuboid)) } : {}),
    ...(ignoreRegions.length ? { ignoreRegions } : {}),
  });
  const pairOfPrediction = new Map(judged.matches.map((m) => [m.predictionId, m]));
  const pairOfGt = new Map(judged.matches.map((m) => [m.groundTruthId, m]));
  const falsePositive = new Set(judged.falsePositives.map((f) => f.predictionId));
  const boxes: OutcomeBox[] = [];
  for (const g of groundTruth) {
    const m = pairOfGt.get(g.objectId);
    boxes.push({ id: g.objectId, outcome: m ? 'matchedGt' : 'fn', classId: g.classId, score: null, cuboid: g.cuboid, partnerId: m?.predictionId ?? null, iou3d: m?.iou3d ?? null, centreDistance: m?.centreDistance ?? null });
  }
  for (const p of predictions) {
    const m = pairOfPrediction.get(p.predictionId);
    if (!m && !falsePositive.has(p.predictionId)) continue;
    boxes.push({ id: p.predictionId, outcome: m ? 'tp' : 'fp', classId: p.classId, score: p.score, cuboid: p.cuboid, partnerId: m?.groundTruthId ?? null, iou3d: m?.iou3d ?? null, centreDistance: m?.centreDistance ?? null, ...(p.where ? { where: p.where } : {}) });
  }
  return { boxes, tp: judged.tp, fp: judged.fp, fn: judged.fn, belowScore: predictions.length - judged.predictions, inIgnoreRegions: judged.inIgnoreRegions.length };
}
