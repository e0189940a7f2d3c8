import { pointCountOf, type PointArray } from '../assist/points';
import { makeProjector, type CameraModel } from '../camera/cameraModel';
import { quatToMat3, type RigidTransform } from '../camera/rigidTransform';
import { PolygonMask } from './polygonMask';

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
  const mask = new PolygonMask(polygon);
  const { x0: u0, y0: v0, x1: u1, y1: v1 } = mask;
  const project = makeProjector(lasso.model);
  const [r00, r01, r02, r10, r11, r12, r20, r21, r22] = quatToMat3(lasso.cameraFromPoints.rotation);
  const [tx, ty, tz] = lasso.cameraFromPoints.translation;
  const n = pointCountOf(points, stride);
  const pixel = new Float64Array(2);
  const nearestOnly = lasso.nearestSurface === true;
  // With nearestOnly, a depth buffer over the lasso's bounds, one cell per NEAREST_CELL_PX pixels.
  const columns = Math.max(1, Math.ceil((u1 - u0) / NEAREST_CELL_PX) + 1);
  const rows = Math.max(1, Math.ceil((v1 - v0) / NEAREST_CELL_PX) + 1);
  const nearest = new Float64Array(nearestOnly ? columns * rows : 0).fill(Infinity);
  // Indices of the points inside; with nearestOnly, their cells and depths too.
  let inside = new Uint32Array(1024);
  let cells = new Int32Array(nearestOnly ? 1024 : 0);
  let depths = new Float64Array(nearestOnly ? 1024 : 0);
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const px = points[o], py = points[o + 1], pz = points[o + 2];
    const z = r20 * px + r21 * py + r22 * pz + tz;
    if (!(z > 0)) continue;
    if (!project(r00 * px + r01 * py + r02 * pz + tx, r10 * px + r11 * py + r12 * pz + ty, z, pixel)) continue;
    const u = pixel[0], v = pixel[1];
    if (u < u0 || u > u1 || v < v0 || v > v1 || !mask.contains(u, v)) continue;
    if (m === inside.length) {
      inside = grown(inside);
      if (nearestOnly) {
        cells = grown(cells);
        depths = grown(depths);
      }
    }
    inside[m] = i;
    if (nearestOnly) {
      const c = Math.floor((v - v0) / NEAREST_CELL_PX) * columns + Math.floor((u - u0) / NEAREST_CELL_PX);
      cells[m] = c;
      depths[m] = z;
      if (z < nearest[c]) nearest[c] = z;
    }
    m++;
  }
  if (!nearestOnly) return inside.slice(0, m);
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const near = nearest[cells[k]];
    if (depths[k] <= near + NEAREST_DEPTH_TOLERANCE + NEAREST_DEPTH_SHARE * near) inside[kept++] = inside[k];
  }
  return inside.slice(0, kept);
}

function grown<T extends Uint32Array | Int32Array | Float64Array>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}
