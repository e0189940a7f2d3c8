import type { Cuboid } from '../../../geometry/cuboid';
import { scale, sub } from '../../../geometry/vec3';
import { boxViewId, fromView, lookDirection, type BoxView } from '../../boxViews/viewFrames';
import { NO_MODIFIERS, type Modifiers, type ToolPointerEvent } from '../events';

/** The box views' zoom in the tests: 50 CSS pixels a metre, a car 225 px long. */
export const TEST_ZOOM = 50;

/**
 * The event a box view sends for the pointer at (u, v) metres in the view of `frameBox` (the box
 * the view is laid out on, held still during a drag as the app holds it): a ray from in front of
 * the view's plane along the view direction, and the screen position at TEST_ZOOM.
 */
export function boxViewEvent(
  frameBox: Cuboid,
  view: BoxView,
  u: number,
  v: number,
  options: { readonly button?: number; readonly modifiers?: Partial<Modifiers> } = {},
): ToolPointerEvent {
  const direction = lookDirection(frameBox, view);
  const onPlane = fromView(frameBox, view, u, v);
  return {
    viewId: boxViewId(view),
    ray: { origin: sub(onPlane, scale(direction, 50)), direction },
    screen: [u * TEST_ZOOM, -v * TEST_ZOOM],
    hit: { objectId: null, point: null, ground: null },
    button: options.button ?? 0,
    modifiers: { ...NO_MODIFIERS, ...options.modifiers },
  };
}
