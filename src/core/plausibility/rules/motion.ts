import { applyTransform, type RigidTransform } from '../../camera/rigidTransform';
import type { ResolvedLimits } from '../classLimits';
import type { RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

/**
 * Velocities for the acceleration rule span at least this long: a few centimetres of labelling
 * jitter over 0.1 s is already 10 m/s² of apparent acceleration, over half a second it is not.
 */
export const ACCELERATION_WINDOW_SECONDS = 0.5;

type WorldFrom = (frame: string, t: number) => RigidTransform;

function groundPosition(box: PlacedBox, worldFrom: WorldFrom): readonly [number, number] {
  const p = applyTransform(worldFrom(box.record.cuboid.frame, box.frame.timestamp), box.record.cuboid.center);
  return [p[0], p[1]];
}

function velocity(a: PlacedBox, b: PlacedBox, worldFrom: WorldFrom): readonly [number, number] {
  const pa = groundPosition(a, worldFrom);
  const pb = groundPosition(b, worldFrom);
  const dt = b.frame.timestamp - a.frame.timestamp;
  return [(pb[0] - pa[0]) / dt, (pb[1] - pa[1]) / dt];
}

/** Speed over the ground between consecutive keyframes, in the world, against the class's limit. */
export function speedFindings(track: readonly PlacedBox[], limits: ResolvedLimits, worldFrom: WorldFrom): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (let k = 1; k < track.length; k++) {
    const a = track[k - 1];
    const b = track[k];
    const dt = b.frame.timestamp - a.frame.timestamp;
    if (!(dt > 0)) continue;
    const speed = Math.hypot(...velocity(a, b, worldFrom));
    if (speed > limits.maxSpeed) {
      out.push({
        rule: 'speed',
        ...where(b),
        value: speed,
        limit: limits.maxSpeed,
        message: `moves ${speed.toFixed(1)} m/s since frame ${a.frame.index + 1} (a ${b.record.classId} reaches ${limits.maxSpeed} m/s)`,
      });
    }
  }
  return out;
}

/** The first keyframe at least a window after `from`, or -1. */
function windowEnd(track: readonly PlacedBox[], from: number): number {
  for (let k = from + 1; k < track.length; k++) {
    if (track[k].frame.timestamp - track[from].frame.timestamp >= ACCELERATION_WINDOW_SECONDS) return k;
  }
  return -1;
}

/**
 * Change of velocity between two successive windows of at least half a second each, divided by
 * the time between the windows' middles. Windows slide keyframe by keyframe, so one jump makes
 * several overlapping window pairs too fast: they are one event, reported once, on the keyframe
 * shared by its worst pair.
 */
export function accelerationFindings(track: readonly PlacedBox[], limits: ResolvedLimits, worldFrom: WorldFrom): RuleFinding[] {
  const events: Array<{ readonly i: number; readonly j: number; readonly k: number; readonly a: number }> = [];
  for (let i = 0; i < track.length; i++) {
    const j = windowEnd(track, i);
    if (j < 0) break;
    const k = windowEnd(track, j);
    if (k < 0) break;
    const v1 = velocity(track[i], track[j], worldFrom);
    const v2 = velocity(track[j], track[k], worldFrom);
    const t = (track[k].frame.timestamp + track[j].frame.timestamp) / 2 - (track[j].frame.timestamp + track[i].frame.timestamp) / 2;
    const a = Math.hypot(v2[0] - v1[0], v2[1] - v1[1]) / t;
    if (a > limits.maxAcceleration) events.push({ i, j, k, a });
  }
  const out: RuleFinding[] = [];
  let worst: (typeof events)[number] | null = null;
  let reach = -1;
  const flush = () => {
    if (!worst) return;
    const box = track[worst.j];
    out.push({
      rule: 'acceleration',
      ...where(box),
      value: worst.a,
      limit: limits.maxAcceleration,
      message: `velocity changes by ${worst.a.toFixed(1)} m/s² around this frame (a ${box.record.classId} manages ${limits.maxAcceleration} m/s²)`,
    });
    worst = null;
  };
  for (const e of events) {
    if (e.i >= reach) flush();
    if (!worst || e.a > worst.a) worst = e;
    reach = Math.max(reach, e.k);
  }
  flush();
  return out;
}
