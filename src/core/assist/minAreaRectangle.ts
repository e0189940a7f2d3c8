/** Points in the plane: an array of [x, y] pairs, or interleaved x, y in a typed array. */
export type Points2 = ReadonlyArray<readonly [number, number]> | Float64Array | Float32Array;

export interface Rectangle2 {
  readonly center: [number, number];
  /** Extent along the rectangle's long axis; length >= width. */
  readonly length: number;
  readonly width: number;
  /** Heading of the long axis, in (-π/2, π/2]. */
  readonly yaw: number;
}

/**
 * Convex hull by Andrew's monotone chain: counter-clockwise, no repeated or collinear vertices,
 * interleaved x, y. One distinct input point gives one vertex; collinear inputs give the two ends.
 * Throws on non-finite coordinates.
 */
export function convexHull(input: Points2): Float64Array {
  const { xs, ys } = unpack(input);
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const uniq: number[] = [];
  for (const i of order) {
    const last = uniq[uniq.length - 1];
    if (last === undefined || xs[last] !== xs[i] || ys[last] !== ys[i]) uniq.push(i);
  }
  if (uniq.length <= 2) return pack(uniq, xs, ys);
  const cross = (o: number, a: number, b: number) =>
    (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
  const lower: number[] = [];
  for (const i of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = uniq.length - 1; k >= 0; k--) {
    const i = uniq[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  lower.pop();
  upper.pop();
  return pack(lower.concat(upper), xs, ys);
}

/**
 * The minimum-area enclosing rectangle (convex hull, then rotating calipers: one of its sides
 * lies on a hull edge). Degenerate inputs give a zero width (collinear points) or a zero length and
 * width (a single distinct point, yaw 0). Throws on an empty input or non-finite coordinates.
 * For a square the long axis is either side.
 */
export function minAreaRectangle(input: Points2): Rectangle2 {
  const hull = convexHull(input);
  const m = hull.length / 2;
  if (m === 0) throw new Error('minAreaRectangle needs at least one point');
  if (m === 1) return { center: [hull[0], hull[1]], length: 0, width: 0, yaw: 0 };
  if (m === 2) {
    const dx = hull[2] - hull[0];
    const dy = hull[3] - hull[1];
    return {
      center: [(hull[0] + hull[2]) / 2, (hull[1] + hull[3]) / 2],
      length: Math.hypot(dx, dy),
      width: 0,
      yaw: halfTurn(Math.atan2(dy, dx)),
    };
  }

  // Work relative to the first vertex: georeferenced coordinates lose digits in the products.
  const ox = hull[0];
  const oy = hull[1];
  const X = (i: number) => hull[2 * (i % m)] - ox;
  const Y = (i: number) => hull[2 * (i % m) + 1] - oy;

  let best = Infinity;
  let result: Rectangle2 = { center: [ox, oy], length: 0, width: 0, yaw: 0 };
  // Caliper pointers: farthest from the edge (j), furthest forward (k) and backward (l) along it.
  let j = 1;
  let k = 1;
  let l = 1;
  for (let i = 0; i < m; i++) {
    const ex = X(i + 1) - X(i);
    const ey = Y(i + 1) - Y(i);
    const len = Math.hypot(ex, ey);
    const ux = ex / len;
    const uy = ey / len;
    // Left normal: the hull of a counter-clockwise polygon lies on this side of every edge.
    const vx = -uy;
    const vy = ux;
    const ax = X(i);
    const ay = Y(i);
    const along = (p: number) => (X(p) - ax) * ux + (Y(p) - ay) * uy;
    const across = (p: number) => (X(p) - ax) * vx + (Y(p) - ay) * vy;
    if (i === 0) {
      // First edge: place the pointers by scanning; later edges only move them forward.
      for (let p = 0; p < m; p++) {
        if (across(p) > across(j)) j = p;
        if (along(p) > along(k)) k = p;
        if (along(p) < along(l)) l = p;
      }
    } else {
      for (let s = 0; s < m && across(j + 1) >= across(j); s++) j = (j + 1) % m;
      for (let s = 0; s < m && along(k + 1) >= along(k); s++) k = (k + 1) % m;
      for (let s = 0; s < m && along(l + 1) <= along(l); s++) l = (l + 1) % m;
    }
    const height = across(j);
    const hi = along(k);
    const lo = along(l);
    const area = (hi - lo) * height;
    if (area < best) {
      best = area;
      const mid = (hi + lo) / 2;
      const cx = ox + ax + ux * mid + vx * (height / 2);
      const cy = oy + ay + uy * mid + vy * (height / 2);
      const lenU = hi - lo;
      result =
        lenU >= height
          ? { center: [cx, cy], length: lenU, width: height, yaw: halfTurn(Math.atan2(uy, ux)) }
          : { center: [cx, cy], length: height, width: lenU, yaw: halfTurn(Math.atan2(vy, vx)) };
    }
  }
  return result;
}

/** An axis direction modulo π, in (-π/2, π/2]. */
export function halfTurn(angle: number): number {
  let a = angle % Math.PI;
  if (a > Math.PI / 2) a -= Math.PI;
  else if (a <= -Math.PI / 2) a += Math.PI;
  return a;
}

function unpack(input: Points2): { xs: Float64Array; ys: Float64Array } {
  let xs: Float64Array;
  let ys: Float64Array;
  if (ArrayBuffer.isView(input)) {
    const t = input as Float64Array | Float32Array;
    if (t.length % 2 !== 0) throw new Error('interleaved x, y points need an even length');
    xs = new Float64Array(t.length / 2);
    ys = new Float64Array(t.length / 2);
    for (let i = 0; i < xs.length; i++) {
      xs[i] = t[2 * i];
      ys[i] = t[2 * i + 1];
    }
  } else {
    const pairs = input as ReadonlyArray<readonly [number, number]>;
    xs = new Float64Array(pairs.length);
    ys = new Float64Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) {
      xs[i] = pairs[i][0];
      ys[i] = pairs[i][1];
    }
  }
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) throw new Error(`point ${i} is not finite`);
  }
  return { xs, ys };
}

function pack(ids: readonly number[], xs: Float64Array, ys: Float64Array): Float64Array {
  const out = new Float64Array(2 * ids.length);
  ids.forEach((id, k) => {
    out[2 * k] = xs[id];
    out[2 * k + 1] = ys[id];
  });
  return out;
}
