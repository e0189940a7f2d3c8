import { NUDGE_COARSE_DEG, NUDGE_COARSE_M, NUDGE_FINE_DEG, NUDGE_FINE_M } from '../../core/editor/boxViews';

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'q', 'Q', 'e', 'E']);

/** Whether a key is one the box views take while they have the keyboard (chords with Ctrl, Alt or Meta are commands'). */
export function isBoxViewKey(key: string, chord: boolean): boolean {
  return !chord && KEYS.has(key);
}

const cm = (m: number) => `${Math.round(m * 100)} cm`;

/** The views' footer: what the keys and the mouse do, with the steps the core uses. */
export const BOX_VIEWS_FOOTER =
  `Drag a face or an edge: the opposite one stays. ←↑→↓ ${cm(NUDGE_COARSE_M)}, Shift ${cm(NUDGE_FINE_M)}. ` +
  `Q / E turn ${NUDGE_COARSE_DEG}° (Shift ${NUDGE_FINE_DEG}°) in Top. Wheel zooms, drag outside pans, Fit refits.`;
