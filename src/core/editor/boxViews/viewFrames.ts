import type { Cuboid } from '../../geometry/cuboid';
import { toCuboidLocal } from '../../geometry/cuboid';
import { rotateVec3 } from '../../geometry/quaternion';
import { add, type Vec3 } from '../../geometry/vec3';

/** The three orthographic views of a box, each in the box's own frame so it turns with the box. */
export type BoxView = 'top' | 'side' | 'front';

export const BOX_VIEWS: readonly BoxView[] = ['top', 'side', 'front'];

/** A box axis: 0 length (x), 1 width (y), 2 height (z). */
export type BoxAxis = 0 | 1 | 2;

/**
 * Which box axes a view shows across (u, to the right) and up (v); the viewer looks along
 * −(u × v), so every view is right-handed. Top: from above, forward to the right. Side: from the
 * box's right (−y), forward to the right. Front: facing the box's front (+x), its left to the right.
 */
export interface ViewAxes {
  readonly u: BoxAxis;
  readonly v: BoxAxis;
  /** The axis the view looks along, towards the viewer. */
  readonly depth: BoxAxis;
  /** +1 when the viewer sits on the +depth side of the box, −1 on the −depth side. */
  readonly depthSign: 1 | -1;
}

const AXES: Readonly<Record<BoxView, ViewAxes>> = {
  top: { u: 0, v: 1, depth: 2, depthSign: 1 },
  side: { u: 0, v: 2, depth: 1, depthSign: -1 },
  front: { u: 1, v: 2, depth: 0, depthSign: 1 },
};

export function viewAxes(view: BoxView): ViewAxes {
  return AXES[view];
}

/** The ids the box views' pointer events carry: `box-top`, `box-side`, `box-front`. */
export function boxViewId(view: BoxView): string {
  return `box-${view}`;
}

export function boxViewOf(viewId: string): BoxView | null {
  const view = viewId.startsWith('box-') ? viewId.slice(4) : '';
  return (BOX_VIEWS as readonly string[]).includes(view) ? (view as BoxView) : null;
}

/** Coordinates in a view: metres across (u) and up (v) from the box centre, and depth towards the viewer. */
export type ViewPoint = readonly [u: number, v: number, depth: number];

/** Half the box's extent across and up a view. */
export function halfExtent(box: Cuboid, view: BoxView): readonly [number, number] {
  const a = AXES[view];
  return [box.size[a.u] / 2, box.size[a.v] / 2];
}

/** A box-local point in a view's coordinates. */
export function localToView(view: BoxView, local: Vec3): ViewPoint {
  const a = AXES[view];
  return [local[a.u], local[a.v], a.depthSign * local[a.depth]];
}

/** A point of the box's frame (where the box and its points live) in a view's coordinates. */
export function toView(box: Cuboid, view: BoxView, p: Vec3): ViewPoint {
  return localToView(view, toCuboidLocal(box, p));
}

/** A displacement of (du, dv) in a view as one in the box's own axes. */
export function viewToLocal(view: BoxView, u: number, v: number, depth = 0): Vec3 {
  const a = AXES[view];
  const local: [number, number, number] = [0, 0, 0];
  local[a.u] = u;
  local[a.v] = v;
  local[a.depth] = a.depthSign * depth;
  return local;
}

/** A point of a view back in the box's frame. */
export function fromView(box: Cuboid, view: BoxView, u: number, v: number, depth = 0): Vec3 {
  return add(box.center, rotateVec3(box.rotation, viewToLocal(view, u, v, depth)));
}

/** The direction a view looks along, in the box's frame (from the viewer into the scene). */
export function lookDirection(box: Cuboid, view: BoxView): Vec3 {
  const a = AXES[view];
  const d: [number, number, number] = [0, 0, 0];
  d[a.depth] = -a.depthSign;
  return rotateVec3(box.rotation, d);
}
