import { fitZoom, wheelZoom, type BoxView } from '../../core/editor/boxViews';
import type { Cuboid } from '../../core/geometry/cuboid';

/** How a box view maps its coordinates (metres from the box centre, v up) to CSS pixels in its canvas. */
export interface ViewCamera {
  /** CSS pixels per metre. */
  readonly zoom: number;
  /** The view point at the canvas centre, in metres. */
  readonly pan: readonly [number, number];
}

export interface CanvasSize {
  readonly width: number;
  readonly height: number;
}

export function toScreen(cam: ViewCamera, size: CanvasSize, u: number, v: number): [number, number] {
  return [size.width / 2 + (u - cam.pan[0]) * cam.zoom, size.height / 2 - (v - cam.pan[1]) * cam.zoom];
}

export function fromScreen(cam: ViewCamera, size: CanvasSize, x: number, y: number): [number, number] {
  return [cam.pan[0] + (x - size.width / 2) / cam.zoom, cam.pan[1] - (y - size.height / 2) / cam.zoom];
}

/** One wheel step, keeping the view point under the cursor where it was. */
export function zoomAt(cam: ViewCamera, size: CanvasSize, x: number, y: number, deltaY: number): ViewCamera {
  const [u, v] = fromScreen(cam, size, x, y);
  const zoom = wheelZoom(cam.zoom, deltaY);
  return { zoom, pan: [u - (x - size.width / 2) / zoom, v + (y - size.height / 2) / zoom] };
}

/** The camera after the pointer dragged the view by (dx, dy) CSS pixels. */
export function panBy(cam: ViewCamera, dx: number, dy: number): ViewCamera {
  return { zoom: cam.zoom, pan: [cam.pan[0] - dx / cam.zoom, cam.pan[1] + dy / cam.zoom] };
}

/** Room a view keeps free around a fitted box, in CSS pixels: its title above, its measures below, the top view's knob to the right. */
export function fitMargins(view: BoxView): { readonly side: number; readonly top: number; readonly bottom: number } {
  return { side: view === 'top' ? 42 : 16, top: 20, bottom: 26 };
}

/** The camera that shows the whole box as large as the margins allow (90 % of the room, so the points just outside show). */
export function fitCamera(box: Cuboid, view: BoxView, size: CanvasSize): ViewCamera {
  const m = fitMargins(view);
  const zoom = fitZoom(box, view, Math.max(1, size.width - 2 * m.side), Math.max(1, size.height - m.top - m.bottom), 0.9);
  // The room's centre sits (top − bottom) / 2 px below the canvas centre: the box goes there.
  return { zoom, pan: [0, (m.top - m.bottom) / (2 * zoom)] };
}

/** Whether the box's outline (CSS px) has left the room a fit keeps for it (see fitMargins): the view fits it again. */
export function overflows(outline: ReadonlyArray<readonly [number, number]>, size: CanvasSize, view: BoxView): boolean {
  const m = fitMargins(view);
  return outline.some(([x, y]) => x < m.side || y < m.top || x > size.width - m.side || y > size.height - m.bottom);
}
