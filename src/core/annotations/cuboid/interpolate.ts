import type { Cuboid } from '../../geometry/cuboid';
import type { Quat } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';
import type { TrackInterpolation } from '../kind';

/** A box of a track at a position on the scene's timeline. */
export interface CuboidKey {
  readonly frameIndex: number;
  readonly cuboid: Cuboid;
}

/**
 * The centre's Catmull-Rom spline is parametrised by frame, so uneven keyframe spacing keeps the
 * object's speed (tangents are central differences over time, one-sided at the ends). A locked
 * size gives every interpolated box `lockedSize`.
 */
export interface CuboidInterpolationOptions extends TrackInterpolation {
  /** The track's size when locked; defaults to the first keyframe's. */
  readonly lockedSize?: Vec3;
}

/** Numbers per box in evaluateTrack's output: centre (3), size (3), rotation quaternion (4). */
export const BOX_STRIDE = 10;

/**
 * The box a track has at `frameIndex`, from its keyframes sorted by frameIndex: the keyframe's own
 * box on a keyframe, an interpolated one between two, null before the first or after the last.
 * Rotation goes along the shortest arc (so yaw +179° to −179° passes through 180°, and q and −q
 * are the same keyframe).
 */
export function interpolateCuboid(keys: readonly CuboidKey[], frameIndex: number, options: CuboidInterpolationOptions = {}): Cuboid | null {
  const i = segmentAt(keys, frameIndex);
  if (i < 0) return null;
  const a = keys[i];
  if (a.frameIndex === frameIndex) return a.cuboid;
  const out = new Float64Array(BOX_STRIDE);
  writeBox(keys, i, frameIndex, options, out, 0);
  return boxAt(out, 0, a.cuboid.frame);
}

/**
 * Every frame from `from` to `to` (inclusive) of one track, as BOX_STRIDE numbers per frame
 * (centre, size, rotation) with NaN where the track has no box: one pass over frames and
 * keyframes together, so a whole sequence costs no search per frame. `out` may be reused across
 * calls; it must hold (to − from + 1) × BOX_STRIDE numbers.
 */
export function evaluateTrack(
  keys: readonly CuboidKey[],
  from: number,
  to: number,
  options: CuboidInterpolationOptions = {},
  out: Float64Array = new Float64Array(Math.max(0, to - from + 1) * BOX_STRIDE),
): Float64Array {
  if (out.length < (to - from + 1) * BOX_STRIDE) throw new RangeError(`evaluateTrack: out holds ${out.length} numbers, frames ${from}–${to} need ${(to - from + 1) * BOX_STRIDE}`);
  let i = Math.max(0, segmentAt(keys, from));
  let segment: Segment | undefined;
  let segmentOf = -1;
  for (let f = from, o = 0; f <= to; f++, o += BOX_STRIDE) {
    while (i + 1 < keys.length && keys[i + 1].frameIndex <= f) i++;
    if (keys.length === 0 || f < keys[0].frameIndex || f > keys[keys.length - 1].frameIndex) {
      out.fill(Number.NaN, o, o + BOX_STRIDE);
      continue;
    }
    if (i + 1 < keys.length && segmentOf !== i) {
      segment = prepareSegment(keys, i, options);
      segmentOf = i;
    }
    writeBox(keys, i, f, options, out, o, segmentOf === i ? segment : undefined);
  }
  return out;
}

/** The box evaluateTrack wrote at `offset`, or null where it wrote NaN. */
export function boxAt(boxes: Float64Array, offset: number, frame: string): Cuboid | null {
  if (Number.isNaN(boxes[offset])) return null;
  const b = boxes;
  const o = offset;
  return {
    frame,
    center: [b[o], b[o + 1], b[o + 2]],
    size: [b[o + 3], b[o + 4], b[o + 5]],
    rotation: [b[o + 6], b[o + 7], b[o + 8], b[o + 9]],
  };
}

/** Index of the last keyframe at or before frameIndex, or −1 outside the track's span. */
function segmentAt(keys: readonly CuboidKey[], frameIndex: number): number {
  if (keys.length === 0 || frameIndex < keys[0].frameIndex || frameIndex > keys[keys.length - 1].frameIndex) return -1;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keys[mid].frameIndex <= frameIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * What every frame between keyframes i and i + 1 shares, worked out once per segment: the ends,
 * the centre's tangents (Catmull-Rom) and the rotation's arc, with b's sign flipped when that
 * is the shorter way round (q and −q are the same rotation).
 */
interface Segment {
  readonly a: Cuboid;
  readonly b: Cuboid;
  readonly t0: number;
  readonly h: number;
  readonly m0: Vec3 | null;
  readonly m1: Vec3 | null;
  readonly bq: Quat;
  /** The arc's angle; 0 when the ends are so close that blending linearly and normalising is exact enough. */
  readonly theta: number;
  readonly sinTheta: number;
}

function prepareSegment(keys: readonly CuboidKey[], i: number, options: CuboidInterpolationOptions): Segment {
  const a = keys[i].cuboid;
  const b = keys[i + 1].cuboid;
  const spline = options.centre === 'catmull-rom';
  const qa = a.rotation;
  let bq = b.rotation;
  let cos = qa[0] * bq[0] + qa[1] * bq[1] + qa[2] * bq[2] + qa[3] * bq[3];
  if (cos < 0) {
    bq = [-bq[0], -bq[1], -bq[2], -bq[3]];
    cos = -cos;
  }
  const theta = cos > 0.9995 ? 0 : Math.acos(Math.min(1, cos));
  return {
    a,
    b,
    t0: keys[i].frameIndex,
    h: keys[i + 1].frameIndex - keys[i].frameIndex,
    m0: spline ? tangent(keys, i) : null,
    m1: spline ? tangent(keys, i + 1) : null,
    bq,
    theta,
    sinTheta: Math.sin(theta),
  };
}

/** Writes the box at frameIndex, which lies in [keys[i], keys[i + 1]] (or on keys[i], the last). */
function writeBox(keys: readonly CuboidKey[], i: number, frameIndex: number, options: CuboidInterpolationOptions, out: Float64Array, o: number, segment?: Segment): void {
  if (i + 1 >= keys.length || keys[i].frameIndex === frameIndex) {
    const a = keys[i].cuboid;
    writeVec(out, o, a.center);
    writeVec(out, o + 3, a.size);
    writeQuat(out, o + 6, a.rotation);
    return;
  }
  const seg = segment ?? prepareSegment(keys, i, options);
  const { a, b, h, m0, m1 } = seg;
  const s = (frameIndex - seg.t0) / h;
  if (m0 && m1) {
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = s3 - 2 * s2 + s;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = s3 - s2;
    for (let k = 0; k < 3; k++) out[o + k] = h00 * a.center[k] + h10 * h * m0[k] + h01 * b.center[k] + h11 * h * m1[k];
  } else {
    for (let k = 0; k < 3; k++) out[o + k] = a.center[k] + (b.center[k] - a.center[k]) * s;
  }
  if (options.size === 'linear') {
    for (let k = 0; k < 3; k++) out[o + 3 + k] = a.size[k] + (b.size[k] - a.size[k]) * s;
  } else {
    writeVec(out, o + 3, options.lockedSize ?? keys[0].cuboid.size);
  }
  const qa = a.rotation;
  const qb = seg.bq;
  let wa = 1 - s;
  let wb = s;
  if (seg.theta > 0) {
    wa = Math.sin((1 - s) * seg.theta) / seg.sinTheta;
    wb = Math.sin(s * seg.theta) / seg.sinTheta;
  }
  const x = qa[0] * wa + qb[0] * wb;
  const y = qa[1] * wa + qb[1] * wb;
  const z = qa[2] * wa + qb[2] * wb;
  const w = qa[3] * wa + qb[3] * wb;
  const n = seg.theta > 0 ? 1 : Math.hypot(x, y, z, w);
  out[o + 6] = x / n;
  out[o + 7] = y / n;
  out[o + 8] = z / n;
  out[o + 9] = w / n;
}

/** Velocity of the centre at keyframe i, in metres per frame. */
function tangent(keys: readonly CuboidKey[], i: number): Vec3 {
  const prev = keys[Math.max(0, i - 1)];
  const next = keys[Math.min(keys.length - 1, i + 1)];
  const dt = next.frameIndex - prev.frameIndex;
  const p = prev.cuboid.center;
  const n = next.cuboid.center;
  return [(n[0] - p[0]) / dt, (n[1] - p[1]) / dt, (n[2] - p[2]) / dt];
}

function writeVec(out: Float64Array, o: number, v: Vec3): void {
  out[o] = v[0];
  out[o + 1] = v[1];
  out[o + 2] = v[2];
}

function writeQuat(out: Float64Array, o: number, q: Quat): void {
  out[o] = q[0];
  out[o + 1] = q[1];
  out[o + 2] = q[2];
  out[o + 3] = q[3];
}
