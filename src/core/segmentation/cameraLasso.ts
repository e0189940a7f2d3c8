import { pointCountOf, type PointArray } from '../assist/points';
import { makeProjector, type CameraModel } from '../camera/cameraModel';
import { quatToMat3, type RigidTransform } from '../camera/rigidTransform';
import { insidePolygon } from './selectPoints';

/** Only the nearest surface: the image is cut into cells this many pixels wide, each keeping its nearest points. */
export const NEAREST_CELL_PX = 6;
/** Points this far behind their cell's nearest one (metres, plus a share of its depth) still count as its surface. */
export const NEAREST_DEPTH_TOLERANCE = 0.5;
export const NEAREST_DEPTH_SHARE = 0.03;

export interface CameraLasso {
  /** Maps the frame's points (its LiDAR frame) into the camera's optical frame. */
  readonly cameraFromPoints: RigidTransform;
  readonly model: CameraModel;
  /** The lasso's vertices in image pixels (column, row), u0, v0, u1, v1, … */
  readonly polygon: ArrayLike<number>;
  /**
   * Keep only the surface nearest the camera under the lasso: a point more than the tolerance
   * behind the nearest point of its image cell is left out (the wall behind a car, say).
   */
  readonly nearestSurface?: boolean;
}

/**
 * A lasso drawn on a camera image: the points in front of the camera whose projection through the
 * camera's model (its distortion included, only where the model is valid) falls inside the
 * polygon, in increasing index order.
 */
export function selectThroughCamera(points: PointArray, stride: number, lasso: CameraLasso): Uint32Array {
  const polygon = lasso.polygon;
  if (polygon.length < 6) return new Uint32Array(0);
  let u0 = Infinity, v0 = Infinity, u1 = -Infinity, v1 = -Infinity;
  for (let k = 0; k < polygon.length; k += 2) {
    u0 = Math.min(u0, polygon[k]); u1 = Math.max(u1, polygon[k]);
    v0 = Math.min(v0, polygon[k + 1]); v1 = Math.max(v1, polygon[k + 1]);
  }
  const project = makeProjector(lasso.model);
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = quatToMat3(lasso.cameraFromPoints.rotation);
  const [tx, ty, tz] = lasso.cameraFromPoints.translation;
  const n = pointCountOf(points, stride);
  const pixel = new Float64Array(2);
  const nearestOnly = lasso.nearestSurface === true;
  // Indices of the points inside; with nearestOnly, their u, v and depth too (for the depth buffer).
  let inside = new Uint32Array(1024);
  let found = new Float64Array(nearestOnly ? 3 * 1024 : 0);
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const px = points[o], py = points[o + 1], pz = points[o + 2];
    const z = r20 * px + r21 * py + r22 * pz + tz;
    if (!(z > 0)) continue;
    if (!project(r00 * px + r01 * py + r02 * pz + tx, r10 * px + r11 * py + r12 * pz + ty, z, pixel)) continue;
    const u = pixel[0], v = pixel[1];
    if (u < u0 || u > u1 || v < v0 || v > v1 || !insidePolygon(polygon, u, v)) continue;
    if (m === inside.length) {
      const next = new Uint32Array(m * 2);
      next.set(inside);
      inside = next;
      if (nearestOnly) {
        const more = new Float64Array(found.length * 2);
        more.set(found);
        found = more;
      }
    }
    inside[m] = i;
    if (nearestOnly) {
      found[3 * m] = u;
      found[3 * m + 1] = v;
      found[3 * m + 2] = z;
    }
    m++;
  }
  if (!nearestOnly) return inside.slice(0, m);
  // A depth buffer over the lasso's bounds, one cell per NEAREST_CELL_PX pixels.
  const columns = Math.max(1, Math.ceil((u1 - u0) / NEAREST_CELL_PX) + 1);
  const rows = Math.max(1, Math.ceil((v1 - v0) / NEAREST_CELL_PX) + 1);
  const nearest = new Float64Array(columns * rows).fill(Infinity);
  const cellOf = (k: number) => Math.floor((found[3 * k + 1] - v0) / NEAREST_CELL_PX) * columns + Math.floor((found[3 * k] - u0) / NEAREST_CELL_PX);
  for (let k = 0; k < m; k++) {
    const c = cellOf(k);
    if (found[3 * k + 2] < nearest[c]) nearest[c] = found[3 * k + 2];
  }
  const out = new Uint32Array(m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const near = nearest[cellOf(k)];
    if (found[3 * k + 2] <= near + NEAREST_DEPTH_TOLERANCE + NEAREST_DEPTH_SHARE * near) out[kept++] = inside[k];
  }
  return out.slice(0, kept);
}
