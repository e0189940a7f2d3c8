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

/** A label's box from its text, without measuring the DOM (11 px system font, 5 px padding). */
export function estimateLabelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * 6.4 + 12), height: 18 };
}
