/**
 * Overlap of upright boxes, allocation-free because matching calls it millions of times per scene.
 *
 * The footprint of `a` is expressed in the frame of `b`, where `b` is the axis-aligned rectangle
 * [−l/2, l/2] × [−w/2, w/2]; Sutherland–Hodgman against those four axis half-planes leaves the
 * exact intersection polygon. Identical footprints are answered by their area directly, so a box
 * against itself has IoU exactly 1 whatever rounding the transform brings.
 */

/** A box's footprint and vertical extent: what the overlap functions read. */
export interface UprightBox {
  readonly center: readonly [number, number, number];
  readonly size: readonly [number, number, number];
  readonly yaw: number;
}

const MAX_VERTICES = 16;
const bufA = new Float64Array(2 * MAX_VERTICES);
const bufB = new Float64Array(2 * MAX_VERTICES);

/** Intersections below this fraction of the smaller footprint are rounding of a shared edge or corner. */
const TOUCH_FRACTION = 1e-12;

function positiveArea(box: UprightBox): number {
  const area = box.size[0] * box.size[1];
  return area > 0 && Number.isFinite(area) ? area : 0;
}

/** Whether the footprints are the same rectangle (a half turn gives the same rectangle). */
function sameFootprint(a: UprightBox, b: UprightBox): boolean {
  if (a.center[0] !== b.center[0] || a.center[1] !== b.center[1]) return false;
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) return false;
  if (a.yaw === b.yaw) return true;
  const d = Math.abs(a.yaw - b.yaw) % Math.PI;
  return d < 1e-15 || Math.PI - d < 1e-15;
}

/** Whether the boxes span the same heights (z − h/2 to z + h/2 can round differently from h). */
function sameVertical(a: UprightBox, b: UprightBox): boolean {
  return a.center[2] === b.center[2] && a.size[2] === b.size[2];
}

/**
 * Clips the polygon in `src` (n vertices) to one half-plane `sign * coord(axis) <= limit`,
 * writing into `dst`; returns the new vertex count.
 */
function clipAxis(src: Float64Array, n: number, dst: Float64Array, axis: 0 | 1, sign: 1 | -1, limit: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const px = src[2 * i];
    const py = src[2 * i + 1];
    const qx = src[2 * j];
    const qy = src[2 * j + 1];
    const dp = sign * (axis === 0 ? px : py) - limit;
    const dq = sign * (axis === 0 ? qx : qy) - limit;
    if (dp <= 0) {
      dst[2 * m] = px;
      dst[2 * m + 1] = py;
      m++;
    }
    if ((dp < 0 && dq > 0) || (dp > 0 && dq < 0)) {
      const t = dp / (dp - dq);
      dst[2 * m] = px + t * (qx - px);
      dst[2 * m + 1] = py + t * (qy - py);
      m++;
    }
  }
  return m;
}

/** Area of the intersection of two footprints seen from above (square metres); 0 for degenerate boxes. */
export function bevIntersection(a: UprightBox, b: UprightBox): number {
  const areaA = positiveArea(a);
  const areaB = positiveArea(b);
  if (areaA === 0 || areaB === 0) return 0;
  if (sameFootprint(a, b)) return areaA;
  // a's corners in b's frame: rotate by −yaw_b about b's centre.
  const cb = Math.cos(b.yaw);
  const sb = Math.sin(b.yaw);
  const rel = a.yaw - b.yaw;
  const cr = Math.cos(rel);
  const sr = Math.sin(rel);
  const dx = a.center[0] - b.center[0];
  const dy = a.center[1] - b.center[1];
  const ox = cb * dx + sb * dy;
  const oy = -sb * dx + cb * dy;
  const hl = a.size[0] / 2;
  const hw = a.size[1] / 2;
  // Counter-clockwise: (+,+), (−,+), (−,−), (+,−) in a's own axes.
  bufA[0] = ox + cr * hl - sr * hw;
  bufA[1] = oy + sr * hl + cr * hw;
  bufA[2] = ox - cr * hl - sr * hw;
  bufA[3] = oy - sr * hl + cr * hw;
  bufA[4] = ox - cr * hl + sr * hw;
  bufA[5] = oy - sr * hl - cr * hw;
  bufA[6] = ox + cr * hl + sr * hw;
  bufA[7] = oy + sr * hl - cr * hw;
  const bl = b.size[0] / 2;
  const bw = b.size[1] / 2;
  let n = clipAxis(bufA, 4, bufB, 0, 1, bl);
  if (n) n = clipAxis(bufB, n, bufA, 0, -1, bl);
  if (n) n = clipAxis(bufA, n, bufB, 1, 1, bw);
  if (n) n = clipAxis(bufB, n, bufA, 1, -1, bw);
  if (n < 3) return 0;
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    twice += bufA[2 * i] * bufA[2 * j + 1] - bufA[2 * j] * bufA[2 * i + 1];
  }
  const area = Math.min(twice / 2, areaA, areaB);
  return area > TOUCH_FRACTION * Math.min(areaA, areaB) ? area : 0;
}

/** Rotated bird's-eye-view IoU by exact polygon clipping: 1 for identical footprints, 0 when disjoint or touching. */
export function bevIouOf(a: UprightBox, b: UprightBox): number {
  const inter = bevIntersection(a, b);
  if (inter === 0) return 0;
  return Math.min(1, inter / (positiveArea(a) + positiveArea(b) - inter));
}

/** Length of the overlap of the boxes' vertical extents (metres). */
export function zOverlap(a: UprightBox, b: UprightBox): number {
  const top = Math.min(a.center[2] + a.size[2] / 2, b.center[2] + b.size[2] / 2);
  const bottom = Math.max(a.center[2] - a.size[2] / 2, b.center[2] - b.size[2] / 2);
  return top > bottom ? top - bottom : 0;
}

/**
 * Upright 3D IoU: footprint intersection times vertical overlap over the union of volumes; 1 for
 * identical boxes, 0 for degenerate ones (any edge zero, negative or not finite).
 */
export function iou3dOf(a: UprightBox, b: UprightBox): number {
  const volA = positiveArea(a) * a.size[2];
  const volB = positiveArea(b) * b.size[2];
  if (!(volA > 0 && Number.isFinite(volA)) || !(volB > 0 && Number.isFinite(volB))) return 0;
  if (sameVertical(a, b) && sameFootprint(a, b)) return 1;
  const h = zOverlap(a, b);
  if (h === 0) return 0;
  const inter = bevIntersection(a, b) * h;
  if (inter === 0) return 0;
  return Math.min(1, inter / (volA + volB - inter));
}

/** Euclidean distance between the boxes' centres (metres). */
export function centreDistance(a: UprightBox, b: UprightBox): number {
  const dx = a.center[0] - b.center[0];
  const dy = a.center[1] - b.center[1];
  const dz = a.center[2] - b.center[2];
  // Not Math.hypot: this runs millions of times and hypot's overflow care costs several times more.
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

/** Radius of the circle around a footprint: boxes whose circles do not meet cannot overlap. */
export function footprintRadius(box: UprightBox): number {
  return Math.sqrt(box.size[0] * box.size[0] + box.size[1] * box.size[1]) / 2;
}

/** The overlap figures matching records for a pair. */
export interface PairOverlap {
  readonly iou3d: number;
  readonly bevIou: number;
  readonly centreDistance: number;
}

/** All three figures for one pair, sharing the one polygon clip, written into `out` (no allocation). */
export function overlapInto(a: UprightBox, b: UprightBox, out: { iou3d: number; bevIou: number; centreDistance: number }): void {
  const areaA = positiveArea(a);
  const areaB = positiveArea(b);
  const inter = bevIntersection(a, b);
  out.bevIou = inter === 0 ? 0 : Math.min(1, inter / (areaA + areaB - inter));
  const volA = areaA * a.size[2];
  const volB = areaB * b.size[2];
  let iou3d = 0;
  if (inter > 0 && volA > 0 && volB > 0 && Number.isFinite(volA) && Number.isFinite(volB)) {
    const i3 = inter * zOverlap(a, b);
    if (sameVertical(a, b) && sameFootprint(a, b)) iou3d = 1;
    else if (i3 > 0) iou3d = Math.min(1, i3 / (volA + volB - i3));
  }
  out.iou3d = iou3d;
  out.centreDistance = centreDistance(a, b);
}

/** All three figures for one pair, sharing the one polygon clip. */
export function overlapOf(a: UprightBox, b: UprightBox): PairOverlap {
  const out = { iou3d: 0, bevIou: 0, centreDistance: 0 };
  overlapInto(a, b, out);
  return out;
}
