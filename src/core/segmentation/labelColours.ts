import { instanceColour } from './instances';
import { instanceOf, semanticOf } from './labelWord';

export interface LabelColourOptions {
  /** Colours by semantic id, as #rrggbb; a class without one is drawn in FALLBACK_COLOUR. */
  readonly colours: ReadonlyMap<number, string>;
  readonly hidden: ReadonlySet<number>;
  /** When false, labelled points keep the view's colour mode (hidden ones are still hidden). */
  readonly colourByLabel: boolean;
  /**
   * 'instance': each instance in a colour of its own and points of no instance in the view's colour
   * mode, so instances stand apart from one another and from the rest. Default 'class'.
   */
  readonly colourBy?: 'class' | 'instance';
}

export const FALLBACK_COLOUR = '#e5e7eb';
/** Alpha values the point layer reads: hide, keep the colour mode's colour, draw the label's. */
export const HIDE = 0;
export const KEEP = 128;
export const LABEL = 255;

/**
 * RGBA per point for the point layer, or null when nothing needs it (no point labelled, nothing
 * hidden): a frame never labelled draws as before, with no extra buffer.
 */
export function labelColours(labels: Uint32Array, options: LabelColourOptions): Uint8Array | null {
  let any = false;
  for (let i = 0; i < labels.length && !any; i++) if (labels[i] !== 0) any = true;
  if (!any && !options.hidden.has(0)) return null;
  const byInstance = options.colourBy === 'instance';
  const table = new Map<number, number>();
  const rgba = (word: number): number => {
    let v = table.get(word);
    if (v === undefined) {
      const semantic = semanticOf(word);
      const instance = byInstance ? instanceOf(word) : 0;
      const hex = instance ? instanceColour(instance) : (options.colours.get(semantic) ?? FALLBACK_COLOUR);
      const shown = semantic !== 0 && options.colourByLabel && (!byInstance || instance !== 0);
      const alpha = options.hidden.has(semantic) ? HIDE : shown ? LABEL : KEEP;
      v = ((parseInt(hex.slice(1), 16) << 8) | alpha) >>> 0;
      table.set(word, v);
    }
    return v;
  };
  const out = new Uint8Array(labels.length * 4);
  let lastWord = -1;
  let last = 0;
  for (let i = 0, o = 0; i < labels.length; i++, o += 4) {
    // Scans label long stretches alike: the last word's colour is reused without a lookup.
    if (labels[i] !== lastWord) {
      lastWord = labels[i];
      last = rgba(lastWord);
    }
    out[o] = last >>> 24;
    out[o + 1] = (last >>> 16) & 255;
    out[o + 2] = (last >>> 8) & 255;
    out[o + 3] = last & 255;
  }
  return out;
}
