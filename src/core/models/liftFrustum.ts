import { projectorFor, quatToMat3, type CameraModel, type RigidTransform } from '../camera';
import type { PointArray } from '../assist';
import type { Detection2D } from './detection';

/** Where each point of a scan lands in one camera: only those in front and inside the image. */
export interface ScanInImage {
  /** Point numbers in the scan. */
  readonly index: Uint32Array;
  /** Image position in edge coordinates (pixel (i, j) covers [i, i + 1)), so boxes compare directly. */
  readonly u: Float32Array;
  readonly v: Float32Array;
}

export function scanInImage(points: PointArray, stride: number, cameraFromLidar: RigidTransform, model: CameraModel, width: number, height: number): ScanInImage {
  const n = Math.floor(points.length / stride);
  const project = projectorFor(model);
  const m = quatToMat3(cameraFromLidar.rotation);
  const t = cameraFromLidar.translation;
  const px = new Float64Array(2);
  const index = new Uint32Array(n);
  const u = new Float32Array(n);
  const v = new Float32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    const x = points[o];
    const y = points[o + 1];
    const z = points[o + 2];
    const cz = m[6] * x + m[7] * y + m[8] * z + t[2];
    if (!(cz > 0)) continue;
    if (!project(m[0] * x + m[1] * y + m[2] * z + t[0], m[3] * x + m[4] * y + m[5] * z + t[1], cz, px)) continue;
    // The camera models put integer values at pixel centres; detections use pixel edges.
    const pu = px[0] + 0.5;
    const pv = px[1] + 0.5;
    if (!(pu >= 0 && pu < width && pv >= 0 && pv < height)) continue;
    index[k] = i;
    u[k] = pu;
    v[k] = pv;
    k++;
  }
  return { index: index.slice(0, k), u: u.slice(0, k), v: v.slice(0, k) };
}

/**
 * The scan's points inside a detection's box, the box first shrunk by `shrink` of its width and
 * height on each side: a detector's box is loose, and its rim holds the road and whatever stands
 * behind the object.
 */
export function pointsInBox(scan: ScanInImage, box: Detection2D, shrink: number): number[] {
  const dx = (box.x2 - box.x1) * shrink;
  const dy = (box.y2 - box.y1) * shrink;
  const x1 = box.x1 + dx;
  const x2 = box.x2 - dx;
  const y1 = box.y1 + dy;
  const y2 = box.y2 - dy;
  const inside: number[] = [];
  for (let k = 0; k < scan.index.length; k++) {
    const u = scan.u[k];
    const v = scan.v[k];
    if (u >= x1 && u <= x2 && v >= y1 && v <= y2) inside.push(scan.index[k]);
  }
  return inside;
}

/**
 * The largest group of points along the line of sight: ranges (horizontal distance from the
 * sensor) sorted, split wherever two neighbours lie more than `gap` apart. In a frustum the object
 * the detector saw is usually the largest such group; what shows past its edges (a wall behind, a
 * car beyond) lies metres farther. Ties go to the nearer group, which is the one in front.
 */
export function dominantDepthGroup(points: PointArray, stride: number, indices: readonly number[], sensor: readonly [number, number], gap: number): number[] {
  if (indices.length === 0) return [];
  const range = (i: number) => Math.hypot(points[i * stride] - sensor[0], points[i * stride + 1] - sensor[1]);
  const sorted = indices.map((i) => ({ i, r: range(i) })).sort((a, b) => a.r - b.r);
  let best = [0, 1];
  let start = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (k < sorted.length && sorted[k].r - sorted[k - 1].r <= gap) continue;
    if (k - start > best[1] - best[0]) best = [start, k];
    start = k;
  }
  return sorted.slice(best[0], best[1]).map((s) => s.i);
}
