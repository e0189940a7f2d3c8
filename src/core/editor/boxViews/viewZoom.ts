import type { Cuboid } from '../../geometry/cuboid';
import { halfExtent, type BoxView } from './viewFrames';

/** Of a view's width and height, the share the box fills when fitted: room for the margin's points and the knob. */
export const FIT_FILL = 0.6;
/** The wheel zooms within these bounds, in CSS pixels per metre (a 1 km box to a few millimetres). */
export const MIN_PX_PER_M = 0.5;
export const MAX_PX_PER_M = 20_000;

/** The zoom at which the box fills FIT_FILL of a view of widthPx × heightPx CSS pixels. */
export function fitZoom(box: Cuboid, view: BoxView, widthPx: number, heightPx: number, fill = FIT_FILL): number {
  const [hu, hv] = halfExtent(box, view);
  const zoom = Math.min((widthPx * fill) / (2 * hu), (heightPx * fill) / (2 * hv));
  return clampZoom(zoom);
}

export function clampZoom(pxPerMetre: number): number {
  return Number.isFinite(pxPerMetre) ? Math.min(MAX_PX_PER_M, Math.max(MIN_PX_PER_M, pxPerMetre)) : MIN_PX_PER_M;
}

/** One wheel event's zoom: a notch (100 px of deltaY) scales by 1.2, towards the reader when deltaY < 0. */
export function wheelZoom(pxPerMetre: number, deltaY: number): number {
  return clampZoom(pxPerMetre * Math.pow(1.2, -deltaY / 100));
}
