import { yawDifference } from '../agreement/angles';
import type { UprightBox } from '../agreement/boxOverlap';

/** nuScenes' true-positive errors of one matched pair. */
export interface LocalisationErrors {
  /** Centre distance on the ground plane, metres (nuScenes' ATE ignores height). */
  readonly translation: number;
  /** 1 − IoU of the two boxes moved onto one centre and heading (nuScenes' ASE): size alone. */
  readonly scale: number;
  /** Smallest heading difference, radians in [0, π] (nuScenes' AOE). */
  readonly orientation: number;
}

export function localisationErrors(prediction: UprightBox, truth: UprightBox): LocalisationErrors {
  const dx = prediction.center[0] - truth.center[0];
  const dy = prediction.center[1] - truth.center[1];
  return { translation: Math.sqrt(dx * dx + dy * dy), scale: 1 - alignedIou(prediction.size, truth.size), orientation: yawDifference(prediction.yaw, truth.yaw) };
}

/** IoU of two boxes sharing centre and axes: the intersection is the smaller extent on each axis. */
export function alignedIou(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const inter = Math.min(a[0], b[0]) * Math.min(a[1], b[1]) * Math.min(a[2], b[2]);
  const union = a[0] * a[1] * a[2] + b[0] * b[1] * b[2] - inter;
  return union > 0 ? inter / union : 0;
}
