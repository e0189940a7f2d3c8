import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { projectorFor, type CameraModel } from './cameraModel';
import { quatToMat3, type RigidTransform } from './rigidTransform';

/**
 * The 12 edges as index pairs into `cuboidCorners` (bottom face 0–3, top face 4–7): the bottom
 * loop, the top loop, then the four verticals.
 */
export const CUBOID_EDGES: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [1, 2], [2, 3], [3, 0],
  [4, 5], [5, 6], [6, 7], [7, 4],
  [0, 4], [1, 5], [2, 6], [3, 7],
];

export interface CuboidProjectionOptions {
  /** Near plane in metres (optical z); the part of an edge closer than this is cut off. */
  readonly near?: number;
  /** Straight pieces per edge, so edges bend as the lens distortion bends them. */
  readonly segmentsPerEdge?: number;
}

export const DEFAULT_NEAR = 0.1;
export const DEFAULT_SEGMENTS_PER_EDGE = 16;

/** One visible run of an edge, as packed pixel coordinates u0, v0, u1, v1, … (at least two points). */
export interface EdgePolyline {
  /** Index into CUBOID_EDGES. */
  readonly edge: number;
  readonly uv: Float64Array;
}

/**
 * The part of segment ab (optical frame) with z ≥ near, or null if none. Clipping has to happen in
 * 3D before projection: an edge running from in front of the camera to behind it projects, point
 * by point, to a line that wraps through infinity and comes back mirrored across the image, so no
 * 2D clipping can recover it. The cut end is set to z = near exactly, not left to rounding.
 */
export function clipSegmentToNearPlane(a: Vec3, b: Vec3, near: number): [Vec3, Vec3] | null {
  const aIn = a[2] >= near;
  const bIn = b[2] >= near;
  if (aIn && bIn) return [a, b];
  if (!aIn && !bIn) return null;
  const t = (near - a[2]) / (b[2] - a[2]);
  const cut: Vec3 = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), near];
  return aIn ? [a, cut] : [cut, b];
}

/**
 * Projects a cuboid's 12 edges into a camera. `cameraFromFrame` maps the cuboid's frame into the
 * camera's optical frame. Each edge is clipped at the near plane, cut into `segmentsPerEdge`
 * straight pieces and projected point by point; a point the lens model rejects (beyond its valid
 * field of view) breaks the edge into separate polylines rather than joining across the gap.
 * Polylines are not clipped to the image: the renderer's 2D clipping does that exactly.
 */
export function projectCuboid(
  cuboid: Cuboid,
  cameraFromFrame: RigidTransform,
  model: CameraModel,
  options: CuboidProjectionOptions = {},
): EdgePolyline[] {
  const packed = projectCuboidPacked(cuboid, cameraFromFrame, model, options);
  const out: EdgePolyline[] = [];
  for (let r = 0; r < packed.edges.length; r++) out.push({ edge: packed.edges[r], uv: packed.uv.slice(packed.starts[r], packed.starts[r + 1]) });
  return out;
}

/** projectCuboid's polylines in one buffer: run r is uv[starts[r] .. starts[r + 1]), along edge edges[r]. */
export interface PackedEdgePolylines {
  readonly uv: Float64Array;
  /** One more than there are runs. */
  readonly starts: Uint32Array;
  readonly edges: Uint8Array;
}

// Scratch for projectCuboidPacked, reused from call to call: a camera panel projects every box of
// a frame (hundreds, each new on each step of a sequence of tracks), and a few dozen small arrays
// per box were most of what a step left for the garbage collector.
const cornersScratch = new Float64Array(24);
const pixelScratch = new Float64Array(2);
let uvScratch = new Float64Array(0);
const startsScratch = new Uint32Array(CUBOID_EDGES.length * (DEFAULT_SEGMENTS_PER_EDGE + 2));
let startsBuffer = startsScratch;
const edgesScratch = new Uint8Array(startsScratch.length);
let edgesBuffer = edgesScratch;

/**
 * As projectCuboid (the same points, by the same arithmetic), written into three arrays instead of
 * a dozen and a half objects: what a caller that projects many boxes at a time asks for.
 */
export function projectCuboidPacked(cuboid: Cuboid, cameraFromFrame: RigidTransform, model: CameraModel, options: CuboidProjectionOptions = {}): PackedEdgePolylines {
  const near = options.near ?? DEFAULT_NEAR;
  const segments = options.segmentsPerEdge ?? DEFAULT_SEGMENTS_PER_EDGE;
  if (!(near > 0)) throw new Error('projectCuboid: near must be > 0');
  if (!Number.isInteger(segments) || segments < 1) throw new Error('projectCuboid: segmentsPerEdge must be a positive integer');
  const project = projectorFor(model);
  cameraCorners(cuboid, cameraFromFrame, cornersScratch);
  const c = cornersScratch;
  const maxRuns = CUBOID_EDGES.length * (Math.floor(segments / 2) + 1);
  if (startsBuffer.length < maxRuns + 1) {
    startsBuffer = new Uint32Array(maxRuns + 1);
    edgesBuffer = new Uint8Array(maxRuns);
  }
  if (uvScratch.length < CUBOID_EDGES.length * (segments + 1) * 2) uvScratch = new Float64Array(CUBOID_EDGES.length * (segments + 1) * 2);
  const uv = uvScratch;
  const starts = startsBuffer;
  const edges = edgesBuffer;
  let n = 0;
  let runs = 0;
  for (let edge = 0; edge < CUBOID_EDGES.length; edge++) {
    const [i, j] = CUBOID_EDGES[edge];
    // clipSegmentToNearPlane, on the corners in place.
    let ax = c[3 * i];
    let ay = c[3 * i + 1];
    let az = c[3 * i + 2];
    let bx = c[3 * j];
    let by = c[3 * j + 1];
    let bz = c[3 * j + 2];
    const aIn = az >= near;
    const bIn = bz >= near;
    if (!aIn && !bIn) continue;
    if (!aIn || !bIn) {
      const t = (near - az) / (bz - az);
      const cx = ax + t * (bx - ax);
      const cy = ay + t * (by - ay);
      if (aIn) {
        bx = cx;
        by = cy;
        bz = near;
      } else {
        ax = cx;
        ay = cy;
        az = near;
      }
    }
    // A run ends at a point the lens rejects and at the edge's end; one of fewer than two points is
    // dropped. Written out rather than as a closure: a closure per edge kept n, runs and runStart in
    // a heap context, and a step over 200 tracks projects 400 boxes.
    let runStart = n;
    for (let k = 0; k <= segments + 1; k++) {
      if (k <= segments) {
        const t = k / segments;
        if (project(ax + t * (bx - ax), ay + t * (by - ay), az + t * (bz - az), pixelScratch)) {
          uv[n++] = pixelScratch[0];
          uv[n++] = pixelScratch[1];
          continue;
        }
      }
      if (n - runStart >= 4) {
        starts[runs] = runStart;
        edges[runs++] = edge;
      } else n = runStart;
      runStart = n;
    }
  }
  starts[runs] = n;
  return { uv: uv.slice(0, n), starts: starts.slice(0, runs + 1), edges: edges.slice(0, runs) };
}

/** How far past an image border a box must lie to be left out, in pixels: more than rounding can move a projected point. */
const CULL_MARGIN = 1e-3;
const cullScratch = new Float64Array(24);

/**
 * Whether any of a cuboid can show in a `width` × `height` image, told from its 8 corners without
 * projecting an edge: false when every corner is nearer than `near` (each edge is clipped away
 * whole) or, for a pinhole without distortion, when every corner lies past the plane through the
 * camera of one image border (a box is convex and such a lens maps its visible part inside the
 * image of its corners, so no edge can reach the image). True otherwise, even for some boxes that
 * show nothing: a distorting lens bends edges, and a corner's side of a border says nothing of
 * where the edge bends to. A box held false projects, by projectCuboidPacked, to runs whose pixel
 * bounds all lie beyond that border (no run at all when it is behind the near plane).
 */
export function cuboidMayShow(cuboid: Cuboid, cameraFromFrame: RigidTransform, model: CameraModel, width: number, height: number, near: number = DEFAULT_NEAR): boolean {
  cameraCorners(cuboid, cameraFromFrame, cullScratch);
  const c = cullScratch;
  let inFront = false;
  for (let k = 0; k < 8 && !inFront; k++) inFront = c[3 * k + 2] >= near;
  if (!inFront) return false;
  if (!undistortedPinhole(model)) return true;
  // u < -m ⇔ fx·x + (cx + m)·z < 0 for z > 0, linear in the point: below zero at every corner,
  // below zero over the whole box. Likewise past the right (u > width + m), top and bottom borders.
  const { fx, fy, cx, cy } = model;
  let left = true;
  let right = true;
  let top = true;
  let bottom = true;
  for (let k = 0; k < 8; k++) {
    const x = c[3 * k];
    const y = c[3 * k + 1];
    const z = c[3 * k + 2];
    left &&= fx * x + (cx + CULL_MARGIN) * z < 0;
    right &&= fx * x + (cx - width - CULL_MARGIN) * z > 0;
    top &&= fy * y + (cy + CULL_MARGIN) * z < 0;
    bottom &&= fy * y + (cy - height - CULL_MARGIN) * z > 0;
  }
  return !(left || right || top || bottom);
}

/**
 * Whether the lens maps straight lines to straight lines: a pinhole without distortion (a
 * rectified camera, as KITTI's).
 */
export function undistortedPinhole(model: CameraModel): boolean {
  if (model.kind !== 'pinhole') return false;
  const d = model.distortion;
  return !d || (d.k1 === 0 && d.k2 === 0 && d.p1 === 0 && d.p2 === 0 && d.k3 === 0);
}

const CORNER_SIGNS = [
  [1, 1, -1], [-1, 1, -1], [-1, -1, -1], [1, -1, -1],
  [1, 1, 1], [-1, 1, 1], [-1, -1, 1], [1, -1, 1],
] as const;

/**
 * cuboidCorners mapped by applyTransform, by the same arithmetic (rotateVec3 by the box's
 * rotation, add its centre, rotateVec3 by the transform's, add its translation), into `out`.
 */
function cameraCorners(cuboid: Cuboid, aFromB: RigidTransform, out: Float64Array): void {
  const [l, w, h] = cuboid.size;
  const [qx, qy, qz, qw] = cuboid.rotation;
  const [px, py, pz, pw] = aFromB.rotation;
  const [cx, cy, cz] = cuboid.center;
  const [tx0, ty0, tz0] = aFromB.translation;
  for (let k = 0; k < 8; k++) {
    const [sx, sy, sz] = CORNER_SIGNS[k];
    const v0 = (sx * l) / 2;
    const v1 = (sy * w) / 2;
    const v2 = (sz * h) / 2;
    let tx = 2 * (qy * v2 - qz * v1);
    let ty = 2 * (qz * v0 - qx * v2);
    let tz = 2 * (qx * v1 - qy * v0);
    const x = cx + (v0 + qw * tx + (qy * tz - qz * ty));
    const y = cy + (v1 + qw * ty + (qz * tx - qx * tz));
    const z = cz + (v2 + qw * tz + (qx * ty - qy * tx));
    tx = 2 * (py * z - pz * y);
    ty = 2 * (pz * x - px * z);
    tz = 2 * (px * y - py * x);
    out[3 * k] = x + pw * tx + (py * tz - pz * ty) + tx0;
    out[3 * k + 1] = y + pw * ty + (pz * tx - px * tz) + ty0;
    out[3 * k + 2] = z + pw * tz + (px * ty - py * tx) + tz0;
  }
}

/**
 * Projects a packed point cloud (x, y, z first in each `stride`-float record, e.g. KITTI's
 * x y z intensity with stride 4) into an image of `width` × `height` pixels. Returns packed
 * (u, v, depth) for each point in front of the camera, valid for the lens model and inside the
 * image (u in [−0.5, width − 0.5), v likewise, so round(u), round(v) is a pixel). Depth is the
 * optical z in metres, what a z-buffer or a depth colour map wants. One output allocation for the
 * whole cloud; the loop allocates nothing per point.
 */
export function projectPoints(
  points: Float32Array,
  stride: number,
  cameraFromPoints: RigidTransform,
  model: CameraModel,
  width: number,
  height: number,
): Float32Array {
  return projectInto(points, stride, cameraFromPoints, model, width, height, false).uvd;
}

/** As projectPoints, with the index (in `points`) of each projected point, for colours kept per point (labels, say). */
export function projectPointsIndexed(
  points: Float32Array,
  stride: number,
  cameraFromPoints: RigidTransform,
  model: CameraModel,
  width: number,
  height: number,
): { readonly uvd: Float32Array; readonly index: Uint32Array } {
  const { uvd, index } = projectInto(points, stride, cameraFromPoints, model, width, height, true);
  return { uvd, index: index! };
}

function projectInto(
  points: Float32Array,
  stride: number,
  cameraFromPoints: RigidTransform,
  model: CameraModel,
  width: number,
  height: number,
  withIndex: boolean,
): { uvd: Float32Array; index: Uint32Array | null } {
  if (!Number.isInteger(stride) || stride < 3) throw new Error('projectPoints: stride must be an integer ≥ 3');
  const n = Math.floor(points.length / stride);
  const project = projectorFor(model);
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = quatToMat3(cameraFromPoints.rotation);
  const [tx, ty, tz] = cameraFromPoints.translation;
  const uMax = width - 0.5;
  const vMax = height - 0.5;
  const pixel = new Float64Array(2);
  const out = new Float32Array(n * 3);
  const index = withIndex ? new Uint32Array(n) : null;
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const px = points[o];
    const py = points[o + 1];
    const pz = points[o + 2];
    const z = r20 * px + r21 * py + r22 * pz + tz;
    if (!(z > 0)) continue;
    const x = r00 * px + r01 * py + r02 * pz + tx;
    const y = r10 * px + r11 * py + r12 * pz + ty;
    if (!project(x, y, z, pixel)) continue;
    const u = pixel[0];
    const v = pixel[1];
    if (!(u >= -0.5 && u < uMax && v >= -0.5 && v < vMax)) continue;
    if (index) index[m / 3] = i;
    out[m++] = u;
    out[m++] = v;
    out[m++] = z;
  }
  // An exact-size copy, so the result can be transferred to a worker or uploaded without the slack.
  return { uvd: out.slice(0, m), index: index ? index.slice(0, m / 3) : null };
}
