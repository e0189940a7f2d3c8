import type { PointArray } from '../../assist';
import type { Cuboid } from '../../geometry/cuboid';
import { quatConjugate, rotateVec3 } from '../../geometry/quaternion';
import { viewAxes, type BoxView } from './viewFrames';

/** How far around the box the views show points, in metres: enough to see the ground and a neighbour's edge. */
export const VIEW_MARGIN_M = 1;

/** The points a view shows, in its coordinates. */
export interface ViewPoints {
  /** u, v pairs in metres from the box centre. */
  readonly uv: Float32Array;
  /** Depth towards the viewer, for shading near points over far ones. */
  readonly depth: Float32Array;
  /** 1 where the point lies inside the box. */
  readonly inside: Uint8Array;
  readonly count: number;
}

/**
 * The points within `margin` of the box on every side, as a view sees them. Points outside the
 * margin along the view's depth are left out too: a wall behind a car would hide its outline.
 */
export function pointsInView(box: Cuboid, view: BoxView, points: PointArray, stride: number, margin = VIEW_MARGIN_M): ViewPoints {
  const a = viewAxes(view);
  const inverse = quatConjugate(box.rotation);
  const [hx, hy, hz] = [box.size[0] / 2, box.size[1] / 2, box.size[2] / 2];
  // A bounding radius first: most of a frame is far from the box and needs no rotation.
  const reach = Math.hypot(hx + margin, hy + margin, hz + margin);
  const [cx, cy, cz] = box.center;
  const n = Math.floor(points.length / stride);
  const uv: number[] = [];
  const depth: number[] = [];
  const inside: number[] = [];
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - cx;
    const dy = points[o + 1] - cy;
    const dz = points[o + 2] - cz;
    if (!(Math.abs(dx) <= reach && Math.abs(dy) <= reach && Math.abs(dz) <= reach)) continue;
    const local = rotateVec3(inverse, [dx, dy, dz]);
    const ax = Math.abs(local[0]);
    const ay = Math.abs(local[1]);
    const az = Math.abs(local[2]);
    if (ax > hx + margin || ay > hy + margin || az > hz + margin) continue;
    uv.push(local[a.u], local[a.v]);
    depth.push(a.depthSign * local[a.depth]);
    inside.push(ax <= hx && ay <= hy && az <= hz ? 1 : 0);
  }
  return { uv: Float32Array.from(uv), depth: Float32Array.from(depth), inside: Uint8Array.from(inside), count: inside.length };
}
