import type { BoxView } from '../../core/editor/boxViews';
import type { Cuboid } from '../../core/geometry/cuboid';
import { boxOutline } from './drawBoxView';
import { fitCamera, overflows, type CanvasSize, type ViewCamera } from './viewTransform';

/** A box view's camera and what it was last fitted for. */
export interface ViewFit {
  /** The inputs last looked at: the same ones again keep this fit as it is (the very object). */
  readonly fitKey: string | null;
  readonly size: CanvasSize | null;
  readonly frameBox: Cuboid | null;
  /** What the last fit was made for (`fitKey@WxH`); null with no box, so the next one fits afresh. */
  readonly fittedFor: string | null;
  /** The camera shown: the fitted one, or the reader's after a zoom or pan. */
  readonly cam: ViewCamera | null;
  /** The camera the last fit made: the reader has steered the view while `cam` is another. */
  readonly fitted: ViewCamera | null;
}

export const NO_FIT: ViewFit = { fitKey: null, size: null, frameBox: null, fittedFor: null, cam: null, fitted: null };

/**
 * The view's camera for what it now shows. It fits when another box is selected or asked to (a
 * new `fitKey`), when the canvas is resized, and when an edit took the box out of its room in a
 * view the reader has not steered; otherwise the camera stays. Worked out while rendering, so a
 * select draws each view once, fitted, instead of once unfitted and again after an effect's fit.
 * Returns `prev` itself when nothing it depends on changed.
 */
export function refit(prev: ViewFit, view: BoxView, fitKey: string, size: CanvasSize | null, frameBox: Cuboid | null): ViewFit {
  if (!size || (prev.fitKey === fitKey && prev.size === size && prev.frameBox === frameBox)) return prev;
  const seen = { fitKey, size, frameBox };
  // Nothing to show: the next selection fits afresh, and no stale view is drawn first.
  if (!frameBox) return { ...seen, fittedFor: null, cam: null, fitted: null };
  const key = `${fitKey}@${size.width}x${size.height}`;
  const { cam } = prev;
  const steered = cam !== prev.fitted;
  const outgrown = cam !== null && !steered && overflows(boxOutline({ view, size, cam, frameBox, box: frameBox }), size, view);
  if (prev.fittedFor === key && !outgrown) return { ...prev, ...seen };
  const fitted = fitCamera(frameBox, view, size);
  return { ...seen, fittedFor: key, cam: fitted, fitted };
}
