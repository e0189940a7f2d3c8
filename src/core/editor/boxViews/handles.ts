import type { Cuboid } from '../../geometry/cuboid';
import { halfExtent, type BoxView } from './viewFrames';

/** How near the pointer must be to a face, an edge or a knob to take it, in CSS pixels. */
export const HANDLE_TOLERANCE_PX = 7;
/** The top view's rotation knob sits this far beyond the front face, in CSS pixels (a fixed distance on screen whatever the zoom). */
export const ROTATE_KNOB_OFFSET_PX = 28;

/**
 * What a press in a view takes hold of. `resize` names the sides moved: su = +1 the face on the
 * view's right, −1 on its left, 0 neither; sv likewise up and down. One side is a face of the box
 * seen edge-on; two are an edge of the box seen end-on (a corner of the view's rectangle).
 */
export type BoxHandle =
  | { readonly kind: 'resize'; readonly su: -1 | 0 | 1; readonly sv: -1 | 0 | 1 }
  | { readonly kind: 'rotate' }
  | { readonly kind: 'move' };

/** Where the rotation knob is drawn, in view coordinates (only the top view turns the box). */
export function rotateKnob(box: Cuboid, pxPerMetre: number): readonly [number, number] {
  const [hu] = halfExtent(box, 'top');
  return [hu + ROTATE_KNOB_OFFSET_PX / pxPerMetre, 0];
}

function side(d: number, half: number, tol: number): -1 | 0 | 1 {
  const toPlus = Math.abs(d - half);
  const toMinus = Math.abs(d + half);
  if (Math.min(toPlus, toMinus) > tol) return 0;
  // A box thinner on screen than two tolerances: the nearer face wins.
  return toPlus <= toMinus ? 1 : -1;
}

/**
 * The handle under (u, v) in a view, at `pxPerMetre`: the rotation knob (top view), then an edge,
 * a face, the inside (move); null outside them all.
 */
export function hitHandle(box: Cuboid, view: BoxView, u: number, v: number, pxPerMetre: number, tolerancePx = HANDLE_TOLERANCE_PX): BoxHandle | null {
  const tol = tolerancePx / pxPerMetre;
  if (view === 'top') {
    const [ku, kv] = rotateKnob(box, pxPerMetre);
    if (Math.hypot(u - ku, v - kv) <= tol * 1.5) return { kind: 'rotate' };
  }
  const [hu, hv] = halfExtent(box, view);
  const withinU = Math.abs(u) <= hu + tol;
  const withinV = Math.abs(v) <= hv + tol;
  if (!withinU || !withinV) return null;
  const su = side(u, hu, tol);
  const sv = side(v, hv, tol);
  if (su !== 0 || sv !== 0) return { kind: 'resize', su, sv };
  return { kind: 'move' };
}

/** A handle's name for an undo step and the footer. */
export function handleLabel(handle: BoxHandle): string {
  if (handle.kind === 'rotate') return 'rotate cuboid';
  if (handle.kind === 'move') return 'move cuboid';
  return handle.su !== 0 && handle.sv !== 0 ? 'resize cuboid (edge)' : 'resize cuboid (face)';
}
