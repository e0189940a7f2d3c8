import { shortestArc } from '../../annotations/cuboid/propagate';
import type { RigidTransform } from '../../camera/rigidTransform';
import { quatMultiply, yawOf } from '../../geometry/quaternion';
import type { RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

/** Consecutive keyframes further apart than this are a slow turn, not a flip. */
export const FLIP_WINDOW_SECONDS = 1;

/** The box's heading about the vertical, in the world when poses are known (the ego turns too). */
export function headingOf(box: PlacedBox, worldFrom?: (frame: string, t: number) => RigidTransform): number {
  const { rotation, frame } = box.record.cuboid;
  if (!worldFrom) return yawOf(rotation);
  return yawOf(quatMultiply(worldFrom(frame, box.frame.timestamp).rotation, rotation));
}

/**
 * A heading that turns by more than `degrees` between consecutive keyframes less than a second
 * apart (or on adjacent frames when the frames carry no time) is a box put on backwards.
 */
export function yawFlipFindings(track: readonly PlacedBox[], degrees: number, worldFrom?: (frame: string, t: number) => RigidTransform): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (let k = 1; k < track.length; k++) {
    const a = track[k - 1];
    const b = track[k];
    const dt = b.frame.timestamp - a.frame.timestamp;
    const close = dt > 0 ? dt <= FLIP_WINDOW_SECONDS : b.frame.index - a.frame.index === 1;
    if (!close) continue;
    const turn = Math.abs(shortestArc(headingOf(b, worldFrom) - headingOf(a, worldFrom))) * (180 / Math.PI);
    if (turn > degrees) {
      out.push({
        rule: 'yaw-flip',
        ...where(b),
        value: turn,
        limit: degrees,
        message: `heading turns ${turn.toFixed(0)}° since frame ${a.frame.index + 1} (${dt > 0 ? `${dt.toFixed(2)} s` : 'the frame before'}; more than ${degrees}° reads as a flip)`,
      });
    }
  }
  return out;
}
