import type { AgreementBox } from '../agreement/types';
import { yawOf } from '../geometry/quaternion';
import type { EvaluationFrame, ScoredBox } from './evaluate';
import type { CameraIgnoreRegions } from './ignoreRegions';
import type { Prediction } from './predictions';

/** A prediction as the matcher reads it: upright, named by where it came from. */
export function scoredBoxOf(p: Prediction): ScoredBox {
  const { center, size, rotation } = p.cuboid;
  return {
    objectId: p.where,
    trackId: p.where,
    classId: p.classId,
    attributes: {},
    center: [center[0], center[1], center[2]],
    size: [size[0], size[1], size[2]],
    yaw: yawOf(rotation),
    score: p.score,
  };
}

/** One ground-truth frame: its dataset key, the scene's frame id where known, its boxes. */
export interface GroundTruthFrame {
  readonly frameKey: string;
  readonly frameId?: string;
  /** Other keys predictions may use for this frame (an OpenLABEL frame number beside a KITTI stem). */
  readonly aliases?: readonly string[];
  readonly boxes: readonly AgreementBox[];
  /** Boxes the dataset does not score (see EvaluationFrame.ignored). */
  readonly ignored?: readonly AgreementBox[];
  /** Image regions the dataset does not score, per camera (see EvaluationFrame.ignoreRegions). */
  readonly ignoreRegions?: readonly CameraIgnoreRegions[];
}

/**
 * Predictions joined to the ground-truth frames by key (or alias). A frame with ground truth and no
 * predictions is kept (its objects are all missed); predictions whose key names no frame are
 * returned apart, for the caller to report: they cannot be judged.
 */
export function evaluationFramesOf(groundTruth: readonly GroundTruthFrame[], predictions: readonly Prediction[]): { frames: EvaluationFrame[]; unknown: Prediction[] } {
  const byKey = new Map<string, ScoredBox[]>();
  const slotOf = new Map<string, ScoredBox[]>();
  for (const f of groundTruth) {
    const slot: ScoredBox[] = [];
    byKey.set(f.frameKey, slot);
    slotOf.set(f.frameKey, slot);
    for (const alias of f.aliases ?? []) if (!slotOf.has(alias)) slotOf.set(alias, slot);
  }
  const unknown: Prediction[] = [];
  for (const p of predictions) {
    const slot = slotOf.get(p.frameKey);
    if (slot) slot.push(scoredBoxOf(p));
    else unknown.push(p);
  }
  const frames = groundTruth.map((f) => ({
    frameKey: f.frameKey,
    ...(f.frameId ? { frameId: f.frameId } : {}),
    groundTruth: f.boxes,
    predictions: byKey.get(f.frameKey)!,
    ...(f.ignored?.length ? { ignored: f.ignored } : {}),
    ...(f.ignoreRegions?.length ? { ignoreRegions: f.ignoreRegions } : {}),
  }));
  return { frames, unknown };
}
