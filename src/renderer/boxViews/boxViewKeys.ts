import { NUDGE_COARSE_DEG, NUDGE_COARSE_M, NUDGE_FINE_DEG, NUDGE_FINE_M } from '../../core/editor/boxViews';

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'q', 'Q', 'e', 'E']);

/** Whether a key is one the box views take while they have the keyboard (chords with Ctrl, Alt or Meta are commands'). */
export function isBoxViewKey(key: string, chord: boolean): boolean {
  return !chord && KEYS.has(key);
}

const cm = (m: number) => `${Math.round(m * 100)} cm`;

/** The views' footer: what the keys do, with the steps the core uses (the mouse is in the views' tooltip). */
export const BOX_VIEWS_FOOTER =
  `Drag a face or an edge: the opposite one stays. ←↑→↓ ${cm(NUDGE_COARSE_M)}, Shift ${cm(NUDGE_FINE_M)}; ` +
  `Q / E ${NUDGE_COARSE_DEG}°, Shift ${NUDGE_FINE_DEG}° (top).`;

/** The views' tooltip: the mouse. */
export const BOX_VIEW_MOUSE_HINT = 'Drag a face, an edge, the inside (move) or the top view’s knob (turn). Wheel zooms, a drag outside the box pans, Fit refits.';
