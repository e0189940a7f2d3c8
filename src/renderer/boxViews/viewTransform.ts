import { wheelZoom } from '../../core/editor/boxViews';

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
