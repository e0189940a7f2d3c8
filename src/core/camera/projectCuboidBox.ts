import { cuboidCorners, type Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { projectorFor, type CameraModel } from './cameraModel';
import { CUBOID_EDGES, DEFAULT_NEAR, DEFAULT_SEGMENTS_PER_EDGE, projectCuboid, type CuboidProjectionOptions } from './projectCuboid';
import { applyTransform, type RigidTransform } from './rigidTransform';

/** An axis-aligned box in image pixels (the pixel convention of cameraModel: integers at pixel centres). */
export interface ImageBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * The tight 2D box of a cuboid seen by a camera, clipped to the image (u in [−0.5, width − 0.5],
 * v likewise), or null where nothing of it shows. The outline of the projection is the image of
 * the cuboid's edges and, where the cuboid crosses the near plane, of the cut face there; both are
 * sampled densely so that lens distortion, which bends them, is followed (the extreme of a bent
 * edge often lies between its corners, not at one).
 */
export function projectCuboidBox(
  cuboid: Cuboid,
  cameraFromFrame: RigidTransform,
  model: CameraModel,
  width: number,
  height: number,
  options: CuboidProjectionOptions = {},
): ImageBox | null {
  const near = options.near ?? DEFAULT_NEAR;
  const segments = options.segmentsPerEdge ?? DEFAULT_SEGMENTS_PER_EDGE;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const take = (u: number, v: number): void => {
    if (u < x0) x0 = u;
    if (u > x1) x1 = u;
    if (v < y0) y0 = v;
    if (v > y1) y1 = v;
  };
  for (const line of projectCuboid(cuboid, cameraFromFrame, model, { near, segmentsPerEdge: segments })) {
    for (let k = 0; k < line.uv.length; k += 2) take(line.uv[k], line.uv[k + 1]);
  }
  const cut = nearPlaneSection(cuboidCorners(cuboid).map((c) => applyTransform(cameraFromFrame, c)), near);
  if (cut.length >= 3) {
    const project = projectorFor(model);
    const pixel = new Float64Array(2);
    for (let i = 0; i < cut.length; i++) {
      const a = cut[i];
      const b = cut[(i + 1) % cut.length];
      for (let k = 0; k < segments; k++) {
        const t = k / segments;
        if (project(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), near, pixel)) take(pixel[0], pixel[1]);
      }
    }
  }
  if (!(x0 <= x1)) return null;
  const box = { x0: Math.max(x0, -0.5), y0: Math.max(y0, -0.5), x1: Math.min(x1, width - 0.5), y1: Math.min(y1, height - 0.5) };
  return box.x0 < box.x1 && box.y0 < box.y1 ? box : null;
}

/**
 * Where the plane z = near cuts the cuboid (corners in the optical frame): the points where its
 * edges cross the plane, in order around their centre (the section of a convex solid is a convex
 * polygon). Fewer than three points: the plane does not cut it.
 */
export function nearPlaneSection(corners: readonly Vec3[], near: number): Vec3[] {
  const points: Vec3[] = [];
  for (const [i, j] of CUBOID_EDGES) {
    const a = corners[i];
    const b = corners[j];
    if ((a[2] < near) === (b[2] < near)) continue;
    const t = (near - a[2]) / (b[2] - a[2]);
    points.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), near]);
  }
  if (points.length < 3) return points;
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  return points.sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
}
