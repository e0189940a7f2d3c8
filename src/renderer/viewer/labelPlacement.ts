/**
 * Keeps screen labels from covering each other: labels are placed one by one at their anchor,
 * and one that would overlap a label already placed in the same frame slides down below it. The
 * order is the drawing order, which is stable, so labels do not swap places from frame to frame.
 */
interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

const GAP_PX = 2;

export class LabelPlacer {
  private frame = -1;
  private placed: Rect[] = [];

  /** The centre to draw a width × height label at whose wanted centre is (x, y), in `frame`. */
  place(frame: number, x: number, y: number, width: number, height: number): [number, number] {
    if (frame !== this.frame) {
      this.frame = frame;
      this.placed = [];
    }
    const left = x - width / 2;
    let top = y - height / 2;
    for (let tries = 0; tries <= this.placed.length; tries++) {
      const hit = this.placed.find((r) => left < r.left + r.width && r.left < left + width && top < r.top + r.height && r.top < top + height);
      if (!hit) break;
      top = hit.top + hit.height + GAP_PX;
    }
    this.placed.push({ left, top, width, height });
    return [x, top + height / 2];
  }
}

/** A label kept inside the view stays this far from its edges. */
const EDGE_PX = 2;

/**
 * Where to centre a width × height label wanted at (x, y) so that it lies whole inside a view of
 * viewWidth × viewHeight. A label whose anchor is in the view, or no farther out than the label's
 * own size, is moved in from an edge it would cross, instead of being cut there (half an
 * "approaches" at the view's side). A label whose anchor lies farther out stays where it is: its
 * arrow's middle is out of the view, and a label at the edge would point at nothing.
 */
export function intoView(x: number, y: number, width: number, height: number, viewWidth: number, viewHeight: number): [number, number] {
  if (x < -width || x > viewWidth + width || y < -height || y > viewHeight + height) return [x, y];
  const within = (v: number, half: number, extent: number) => (extent < 2 * (half + EDGE_PX) ? v : Math.min(Math.max(v, half + EDGE_PX), extent - half - EDGE_PX));
  return [within(x, width / 2, viewWidth), within(y, height / 2, viewHeight)];
}

/** A label's box from its text, without measuring the DOM (11 px system font, 5 px padding). */
export function estimateLabelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * 6.4 + 12), height: 18 };
}
