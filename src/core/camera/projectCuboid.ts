import { cuboidCorners, type Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { projectorFor, type CameraModel } from './cameraModel';
import { applyTransform, quatToMat3, type RigidTransform } from './rigidTransform';

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
  const near = options.near ?? DEFAULT_NEAR;
  const segments = options.segmentsPerEdge ?? DEFAULT_SEGMENTS_PER_EDGE;
  if (!(near > 0)) throw new Error('projectCuboid: near must be > 0');
  if (!Number.isInteger(segments) || segments < 1) throw new Error('projectCuboid: segmentsPerEdge must be a positive integer');
  const project = projectorFor(model);
  const corners = cuboidCorners(cuboid).map((c) => applyTransform(cameraFromFrame, c));
  const out: EdgePolyline[] = [];
  const pixel = new Float64Array(2);
  CUBOID_EDGES.forEach(([i, j], edge) => {
    const clipped = clipSegmentToNearPlane(corners[i], corners[j], near);
    if (!clipped) return;
    const [a, b] = clipped;
    let run: number[] = [];
    const flush = (): void => {
      if (run.length >= 4) out.push({ edge, uv: Float64Array.from(run) });
      run = [];
    };
    for (let k = 0; k <= segments; k++) {
      const t = k / segments;
      const ok = project(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2]), pixel);
      if (ok) run.push(pixel[0], pixel[1]);
      else flush();
    }
    flush();
  });
  return out;
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
