/** Whether (x, y) is inside the polygon (even-odd rule); `xy` holds the vertices as x0, y0, x1, y1, … */
export function insidePolygon(xy: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  const n = xy.length / 2;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const ya = xy[2 * a + 1];
    const yb = xy[2 * b + 1];
    if (ya > y !== yb > y && x < ((xy[2 * b] - xy[2 * a]) * (y - ya)) / (yb - ya) + xy[2 * a]) inside = !inside;
  }
  return inside;
}

/** Cells across the polygon's bounding box, each way, at most. */
const MAX_CELLS = 256;
const OUTSIDE = 0;
const INSIDE = 1;
/** An edge passes through the cell or one beside it: its points take the exact test. */
const EDGE = 2;

/**
 * The even-odd inside test of a lasso, answered for millions of points at a cost that does not grow
 * with the lasso's vertex count. A grid over the polygon's bounding box holds, per cell, whether it
 * is wholly inside, wholly outside, or near an edge; only points in cells near an edge run the
 * exact test (`insidePolygon`), so every answer is the exact test's. A freehand lasso has hundreds
 * of vertices: testing each of 10M points against all of them was most of a lasso's cost.
 */
export class PolygonMask {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellsPerX: number;
  private readonly cellsPerY: number;
  private readonly cells: Uint8Array;

  /** `xy`: the vertices as x0, y0, x1, y1, … (at least three). */
  constructor(private readonly xy: ArrayLike<number>) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let k = 0; k < xy.length; k += 2) {
      x0 = Math.min(x0, xy[k]);
      x1 = Math.max(x1, xy[k]);
      y0 = Math.min(y0, xy[k + 1]);
      y1 = Math.max(y1, xy[k + 1]);
    }
    this.x0 = x0;
    this.y0 = y0;
    this.x1 = x1;
    this.y1 = y1;
    const vertices = xy.length >> 1;
    // A grid finer than the edges can use only costs its set-up: about four cells per edge each way.
    // A polygon with no area (all vertices on a line) gets one cell that always takes the exact test.
    const flat = !(x1 > x0 && y1 > y0);
    const size = flat ? 1 : Math.max(2, Math.min(MAX_CELLS, vertices * 4));
    this.cols = size;
    this.rows = size;
    this.cellsPerX = flat ? 0 : size / (x1 - x0);
    this.cellsPerY = flat ? 0 : size / (y1 - y0);
    this.cells = flat ? Uint8Array.of(EDGE) : this.classify();
  }

  /** Whether (x, y) is inside the polygon: exactly `insidePolygon(xy, x, y)`. */
  contains(x: number, y: number): boolean {
    if (!(x >= this.x0 && x <= this.x1 && y >= this.y0 && y <= this.y1)) return false;
    const c = Math.min(this.cols - 1, Math.floor((x - this.x0) * this.cellsPerX));
    const r = Math.min(this.rows - 1, Math.floor((y - this.y0) * this.cellsPerY));
    const cell = this.cells[r * this.cols + c];
    return cell === EDGE ? insidePolygon(this.xy, x, y) : cell === INSIDE;
  }

  private classify(): Uint8Array {
    const { cols, rows, xy } = this;
    const cellHeight = 1 / this.cellsPerY;
    const cellWidth = 1 / this.cellsPerX;
    const near = new Uint8Array(cols * rows);
    const n = xy.length >> 1;
    // Each edge marks, in every row it crosses, the cells its part within that row's band spans.
    for (let a = 0, b = n - 1; a < n; b = a++) {
      const xa = xy[2 * a];
      const ya = xy[2 * a + 1];
      const xb = xy[2 * b];
      const yb = xy[2 * b + 1];
      const lo = Math.min(ya, yb);
      const hi = Math.max(ya, yb);
      const xAt = (y: number) => (hi === lo ? xa : xa + ((xb - xa) * (y - ya)) / (yb - ya));
      for (let r = this.row(lo), last = this.row(hi); r <= last; r++) {
        const bandLo = Math.max(lo, this.y0 + r * cellHeight);
        const bandHi = Math.min(hi, this.y0 + (r + 1) * cellHeight);
        const p = hi === lo ? xa : xAt(bandLo);
        const q = hi === lo ? xb : xAt(bandHi);
        for (let c = this.col(Math.min(p, q)), end = this.col(Math.max(p, q)); c <= end; c++) near[r * cols + c] = 1;
      }
    }
    // Widened by a cell each way, so a point that rounding puts in the next cell is still tested exactly.
    const cells = new Uint8Array(cols * rows);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (!near[r * cols + c]) continue;
        for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) {
          for (let cc = Math.max(0, c - 1); cc <= Math.min(cols - 1, c + 1); cc++) cells[rr * cols + cc] = EDGE;
        }
      }
    }
    // A cell no edge comes near is wholly inside or wholly outside, as its centre is: the even-odd
    // count of the edges crossing the row's centre line to the right of the cell's centre (the
    // crossings insidePolygon counts), walked once per row.
    const crossings: number[] = [];
    for (let r = 0; r < rows; r++) {
      const y = this.y0 + (r + 0.5) * cellHeight;
      crossings.length = 0;
      for (let a = 0, b = n - 1; a < n; b = a++) {
        const ya = xy[2 * a + 1];
        const yb = xy[2 * b + 1];
        if (ya > y !== yb > y) crossings.push(((xy[2 * b] - xy[2 * a]) * (y - ya)) / (yb - ya) + xy[2 * a]);
      }
      crossings.sort((p, q) => p - q);
      let k = 0;
      for (let c = 0; c < cols; c++) {
        const x = this.x0 + (c + 0.5) * cellWidth;
        while (k < crossings.length && crossings[k] <= x) k++;
        if (cells[r * cols + c] !== EDGE) cells[r * cols + c] = (crossings.length - k) % 2 === 1 ? INSIDE : OUTSIDE;
      }
    }
    return cells;
  }

  private row(y: number): number {
    return Math.max(0, Math.min(this.rows - 1, Math.floor((y - this.y0) * this.cellsPerY)));
  }

  private col(x: number): number {
    return Math.max(0, Math.min(this.cols - 1, Math.floor((x - this.x0) * this.cellsPerX)));
  }
}
