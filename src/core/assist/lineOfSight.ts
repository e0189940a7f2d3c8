import type { Vec3 } from '../geometry/vec3';
import { pointCountOf, type CroppedPoints, type PointArray } from './points';

/** Angular room kept either side of the object's sector: wider than the window an end is judged in (amodalFit). */
const SECTOR_MARGIN = (1 * Math.PI) / 180;
/** …or this much across the line of sight at the object's nearest point, whichever is wider. */
const SECTOR_MARGIN_ACROSS = 0.6;

/**
 * The neighbourhood `near` (cropped around the click by cropSquare from `points`) with, appended,
 * every point of the frame outside it that stands between the sensor and the object (`members`,
 * indices into near.points): in the object's sector as seen from the sensor, nearer than its
 * farthest point. What hides an object's end can stand far in front of it: a truck 20 m nearer
 * the sensor cuts a bus at 38 m short, and lies well outside a crop the size of the bus. With
 * `reachBeyond`, the sector is widened by what that length subtends at the object's nearest
 * point: where an object cut short might go on, hidden.
 */
export function withWhatStandsInFront(
  points: PointArray,
  stride: number,
  near: CroppedPoints,
  members: ArrayLike<number>,
  center: readonly [number, number, ...number[]],
  halfSize: number,
  sensor: Vec3,
  reachBeyond = 0,
): CroppedPoints {
  if (members.length === 0) return near;
  const [sx, sy] = sensor;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < members.length; k++) {
    mx += near.points[3 * members[k]] - sx;
    my += near.points[3 * members[k] + 1] - sy;
  }
  const mid = Math.atan2(my, mx);
  let lo = Infinity;
  let hi = -Infinity;
  let nearest = Infinity;
  let far = 0;
  for (let k = 0; k < members.length; k++) {
    const x = near.points[3 * members[k]] - sx;
    const y = near.points[3 * members[k] + 1] - sy;
    const d = wrap(Math.atan2(y, x) - mid);
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
    const r = Math.hypot(x, y);
    nearest = Math.min(nearest, r);
    far = Math.max(far, r);
  }
  const margin = Math.max(SECTOR_MARGIN, Math.atan2(Math.max(SECTOR_MARGIN_ACROSS, reachBeyond), Math.max(nearest, 1e-6)));
  const n = pointCountOf(points, stride);
  const extra: number[] = [];
  const source: number[] = [];
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = points[o];
    const y = points[o + 1];
    // Inside the crop: already there.
    if (Math.abs(x - center[0]) <= halfSize && Math.abs(y - center[1]) <= halfSize) continue;
    const r = Math.hypot(x - sx, y - sy);
    if (!(r < far)) continue; // NaN too
    const d = wrap(Math.atan2(y - sy, x - sx) - mid);
    if (d < lo - margin || d > hi + margin) continue;
    extra.push(x, y, points[o + 2]);
    source.push(i);
  }
  if (source.length === 0) return near;
  const out = near.points instanceof Float64Array ? new Float64Array(near.points.length + extra.length) : new Float32Array(near.points.length + extra.length);
  out.set(near.points);
  out.set(extra, near.points.length);
  const sourceIndices = new Uint32Array(near.sourceIndices.length + source.length);
  sourceIndices.set(near.sourceIndices);
  sourceIndices.set(source, near.sourceIndices.length);
  return { points: out, sourceIndices };
}

/** An angle difference into (-π, π]. */
function wrap(a: number): number {
  return a > Math.PI ? a - 2 * Math.PI : a <= -Math.PI ? a + 2 * Math.PI : a;
}
