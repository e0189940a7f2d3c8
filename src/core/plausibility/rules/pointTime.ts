import { visitPointsInCuboid, visitPointsInCuboidByColumns, type PointColumns } from '../../assist/countPoints';
import { applyTransform, type RigidTransform } from '../../camera/rigidTransform';
import type { Cuboid } from '../../geometry/cuboid';
import type { ResolvedLimits } from '../classLimits';
import type { CheckCloud, PlacedBox, RuleFinding } from '../types';
import { where } from './tracks';

/** Fewer timed points than this inside a box say too little about when the object was seen. */
export const MIN_TIMED_POINTS = 5;

/**
 * Neighbouring keyframes further apart than this do not give a speed at a frame: the object may
 * have stopped and started again in between.
 */
export const MAX_VELOCITY_SPAN_SECONDS = 2;

/** A sweep's per-point time above this many seconds from zero is a timestamp, not an offset into the sweep. */
const OFFSET_LIMIT_SECONDS = 10;

/**
 * Per-point times on the clock of the scene's frame timestamps. Drivers write either the time since
 * the sweep's stamp (Ouster `t`, Velodyne `time`) or an absolute time (Hesai `timestamp`): times
 * near the frame's own timestamp are taken as they are, small ones as offsets from it. Null when
 * they are neither (another clock, such as GPS time against frames on Unix time).
 */
export function sweepTimesOnSceneClock(time: Float64Array, frameTimestamp: number): Float64Array | null {
  if (time.length === 0) return null;
  const mid = medianOf(Float64Array.from(time));
  if (Math.abs(mid - frameTimestamp) <= OFFSET_LIMIT_SECONDS) return time;
  if (Math.abs(mid) <= OFFSET_LIMIT_SECONDS) return time.map((t) => t + frameTimestamp);
  return null;
}

/** The median of the values (sorts them in place); NaN for none. */
function medianOf(values: Float64Array): number {
  if (values.length === 0) return NaN;
  values.sort();
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

type WorldFrom = (frame: string, t: number) => RigidTransform;

/**
 * The object's velocity at keyframe k of a track, metres per second on the ground, from its
 * neighbouring keyframes (one-sided at the ends), in the world when poses are known, else in the
 * box's own frame (then relative to the sensor, which is what moves the object in its sweep).
 * Null for a keyframe without a neighbour close enough in time.
 */
export function velocityAt(track: readonly PlacedBox[], k: number, worldFrom?: WorldFrom): readonly [number, number] | null {
  const at = (b: PlacedBox) => {
    const c = b.record.cuboid.center;
    return worldFrom ? applyTransform(worldFrom(b.record.cuboid.frame, b.frame.timestamp), c) : c;
  };
  const near = (a: PlacedBox, b: PlacedBox) => Math.abs(b.frame.timestamp - a.frame.timestamp) <= MAX_VELOCITY_SPAN_SECONDS;
  const frameOf = (b: PlacedBox) => b.record.cuboid.frame;
  let a = k > 0 && near(track[k - 1], track[k]) ? track[k - 1] : track[k];
  let b = k + 1 < track.length && near(track[k], track[k + 1]) ? track[k + 1] : track[k];
  // Without poses positions in different frames cannot be subtracted.
  if (!worldFrom && frameOf(a) !== frameOf(track[k])) a = track[k];
  if (!worldFrom && frameOf(b) !== frameOf(track[k])) b = track[k];
  const dt = b.frame.timestamp - a.frame.timestamp;
  if (!(dt > 0)) return null;
  const pa = at(a);
  const pb = at(b);
  return [(pb[0] - pa[0]) / dt, (pb[1] - pa[1]) / dt];
}

/** velocityAt every keyframe of a track, by object id (keyframes without one left out). */
export function trackVelocities(track: readonly PlacedBox[], worldFrom?: WorldFrom): Map<string, readonly [number, number]> {
  const out = new Map<string, readonly [number, number]>();
  for (let k = 0; k < track.length; k++) {
    const v = velocityAt(track, k, worldFrom);
    if (v) out.set(track[k].record.objectId, v);
  }
  return out;
}

export type PointTimeResult = RuleFinding | 'few-points' | null;

/**
 * A box stands for its object at its frame's time; the LiDAR saw the object over the sweep, at the
 * capture times of the points inside the box. An object moving at speed v was v·|Δt| away from
 * where those points put it, Δt between the box's time and the median of its points' times: a box
 * fitted to the points of a fast object seen late in the sweep is that far from where the object
 * was at the frame's time (published datasets misplace such boxes by up to 2.5 m). Flagged when
 * that displacement exceeds the class's tolerance.
 */
export function pointTimeFinding(
  box: PlacedBox,
  cuboid: Cuboid,
  cloud: CheckCloud & { readonly time: Float64Array },
  velocity: readonly [number, number],
  limits: ResolvedLimits,
  columns?: PointColumns,
): PointTimeResult {
  const times: number[] = [];
  const take = (i: number) => {
    const t = cloud.time[i];
    if (Number.isFinite(t)) times.push(t);
  };
  // By columns the points come in another order: the median below does not depend on it.
  if (columns) visitPointsInCuboidByColumns(columns, cuboid, 0, take);
  else visitPointsInCuboid(cloud.points, cloud.stride, cuboid, 0, take);
  if (times.length < MIN_TIMED_POINTS) return 'few-points';
  const seen = medianOf(Float64Array.from(times));
  const dt = seen - box.frame.timestamp;
  const speed = Math.hypot(velocity[0], velocity[1]);
  const displacement = speed * Math.abs(dt);
  if (!(displacement > limits.pointTimeTolerance)) return null;
  return {
    rule: 'point-time',
    ...where(box),
    value: displacement,
    limit: limits.pointTimeTolerance,
    message: `its points were captured ${Math.abs(dt * 1000).toFixed(0)} ms ${dt > 0 ? 'after' : 'before'} the frame's time: at ${speed.toFixed(1)} m/s the object was ${displacement.toFixed(2)} m from where they show it (${limits.pointTimeTolerance} m allowed)`,
  };
}
