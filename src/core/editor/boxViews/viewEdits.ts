import { MIN_CUBOID_EDGE, type Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, quatMultiply, quatNormalize, rotateVec3 } from '../../geometry/quaternion';
import { add } from '../../geometry/vec3';
import type { BoxHandle } from './handles';
import { viewAxes, viewToLocal, type BoxView } from './viewFrames';

/**
 * The box a drag of `handle` by (du, dv) metres in a view makes of `start`. Every result is worked
 * out from the box the drag started from, never step by step, so the faces left alone stay exactly
 * where they were however long the drag.
 */
export function dragHandle(start: Cuboid, view: BoxView, handle: BoxHandle, du: number, dv: number): Cuboid {
  if (handle.kind === 'move') return moveInView(start, view, du, dv);
  if (handle.kind === 'rotate') throw new Error('a rotation drag is worked out from angles: rotateAbout');
  return resizeInView(start, view, handle.su, handle.sv, du, dv);
}

/**
 * Moves the faces on the named sides by (du, dv) with the opposite faces fixed, as annotators
 * expect: the size grows by the drag and the centre by half of it. A face dragged past its
 * opposite stops at the smallest edge a box may have instead of turning the box inside out.
 */
export function resizeInView(start: Cuboid, view: BoxView, su: -1 | 0 | 1, sv: -1 | 0 | 1, du: number, dv: number): Cuboid {
  const a = viewAxes(view);
  const size: [number, number, number] = [start.size[0], start.size[1], start.size[2]];
  let shiftU = 0;
  let shiftV = 0;
  if (su !== 0) {
    size[a.u] = Math.max(MIN_CUBOID_EDGE, start.size[a.u] + su * du);
    shiftU = (su * (size[a.u] - start.size[a.u])) / 2;
  }
  if (sv !== 0) {
    size[a.v] = Math.max(MIN_CUBOID_EDGE, start.size[a.v] + sv * dv);
    shiftV = (sv * (size[a.v] - start.size[a.v])) / 2;
  }
  const center = add(start.center, rotateVec3(start.rotation, viewToLocal(view, shiftU, shiftV)));
  return { ...start, center, size };
}

/** Moves the box by (du, dv) metres across and up a view. */
export function moveInView(start: Cuboid, view: BoxView, du: number, dv: number): Cuboid {
  return { ...start, center: add(start.center, rotateVec3(start.rotation, viewToLocal(view, du, dv))) };
}

/** Turns the box about its own vertical axis by `radians` (counter-clockwise seen from above), centre kept. */
export function rotateAbout(start: Cuboid, radians: number): Cuboid {
  return { ...start, rotation: quatNormalize(quatMultiply(start.rotation, quatFromYaw(radians))) };
}

/** The angle swept from `from` to `to` about the view's origin (the box centre), in (−π, π]. */
export function sweptAngle(from: readonly [number, number], to: readonly [number, number]): number {
  const d = Math.atan2(to[1], to[0]) - Math.atan2(from[1], from[0]);
  return Math.atan2(Math.sin(d), Math.cos(d));
}
