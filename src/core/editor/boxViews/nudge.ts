import type { Cuboid } from '../../geometry/cuboid';
import type { Modifiers } from '../tools/events';
import { moveInView, rotateAbout } from './viewEdits';
import type { BoxView } from './viewFrames';

/**
 * Arrow keys step the box by the coarse step, Shift+arrow by the fine one (Shift for precision, as
 * in Blender and CAD tools): 10 cm is visible at a box view's zoom, 1 cm settles a face on its
 * points. Rotation in the top view likewise: 1° and 0.1°.
 */
export const NUDGE_COARSE_M = 0.1;
export const NUDGE_FINE_M = 0.01;
export const NUDGE_COARSE_DEG = 1;
export const NUDGE_FINE_DEG = 0.1;

/** One step of the keyboard: a move across / up a view in metres, or a turn in radians (counter-clockwise from above). */
export type Nudge =
  | { readonly kind: 'move'; readonly du: number; readonly dv: number }
  | { readonly kind: 'rotate'; readonly radians: number };

/** The keys that turn the box in the top view: Q counter-clockwise, E clockwise (seen from above). */
export const ROTATE_KEYS: Readonly<Record<string, 1 | -1>> = { q: 1, e: -1 };

const MOVES: Readonly<Record<string, readonly [number, number]>> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

/** The nudge a key makes in a view, or null for a key that nudges nothing there. Ctrl, Alt and Meta chords are left to commands. */
export function nudgeForKey(view: BoxView, key: string, modifiers: Modifiers): Nudge | null {
  if (modifiers.ctrl || modifiers.alt || modifiers.meta) return null;
  const fine = modifiers.shift;
  const move = MOVES[key];
  if (move) {
    const step = fine ? NUDGE_FINE_M : NUDGE_COARSE_M;
    return { kind: 'move', du: move[0] * step, dv: move[1] * step };
  }
  const turn = ROTATE_KEYS[key.toLowerCase()];
  if (turn && view === 'top') return { kind: 'rotate', radians: (turn * (fine ? NUDGE_FINE_DEG : NUDGE_COARSE_DEG) * Math.PI) / 180 };
  return null;
}

export function applyNudge(box: Cuboid, view: BoxView, nudge: Nudge): Cuboid {
  return nudge.kind === 'move' ? moveInView(box, view, nudge.du, nudge.dv) : rotateAbout(box, nudge.radians);
}

export function nudgeLabel(nudge: Nudge): string {
  return nudge.kind === 'move' ? 'nudge cuboid' : 'turn cuboid';
}
