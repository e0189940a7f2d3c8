/**
 * Point buffers as the assists take them: interleaved x, y, z (then any extra channels, such as
 * intensity) with a fixed stride, in the sensor frame, metres.
 */
export type PointArray = Float32Array | Float64Array;

/** Number of whole points in the buffer; throws on a stride that cannot hold x, y, z. */
export function pointCountOf(points: PointArray, stride: number): number {
  if (!Number.isInteger(stride) || stride < 3) {
    throw new Error(`point stride must be an integer of at least 3 (x, y, z), got ${stride}`);
  }
  return Math.floor(points.length / stride);
}

export interface CroppedPoints {
  /** The kept points, x, y, z only (stride 3), coordinates unchanged (same array type as the source). */
  readonly points: PointArray;
  /** For each kept point, its index in the source buffer. */
  readonly sourceIndices: Uint32Array;
}

/**
 * The points whose x and y lie within `halfSize` of `center` (a vertical square prism), copied
 * compactly. One pass over the frame; later steps then only touch the neighbourhood.
 */
export function cropSquare(
  points: PointArray,
  stride: number,
  center: readonly [number, number, ...number[]],
  halfSize: number,
): CroppedPoints {
  const n = pointCountOf(points, stride);
  const cx = center[0];
  const cy = center[1];
  const double = points instanceof Float64Array;
  const make = (size: number): PointArray => (double ? new Float64Array(size) : new Float32Array(size));
  let cap = 4096;
  let out = make(3 * cap);
  let src = new Uint32Array(cap);
  let m = 0;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    if (!(Math.abs(points[o] - cx) <= halfSize)) continue;
    if (!(Math.abs(points[o + 1] - cy) <= halfSize)) continue;
    if (m === cap) {
      cap *= 2;
      const grownOut = make(3 * cap);
      grownOut.set(out);
      out = grownOut;
      const grownSrc = new Uint32Array(cap);
      grownSrc.set(src);
      src = grownSrc;
    }
    out[3 * m] = points[o];
    out[3 * m + 1] = points[o + 1];
    out[3 * m + 2] = points[o + 2];
    src[m] = i;
    m++;
  }
  return { points: out.slice(0, 3 * m), sourceIndices: src.slice(0, m) };
}

/**
 * The x, y of the points named by `indices` (point numbers), packed as x0, y0, x1, y1, …: what the
 * footprint searches (minimum-area rectangle, L-shape heading, class fits) take.
 */
export function xyOf(points: PointArray, indices: ArrayLike<number>, stride = 3): Float64Array {
  const xy = new Float64Array(2 * indices.length);
  for (let k = 0; k < indices.length; k++) {
    const o = indices[k] * stride;
    xy[2 * k] = points[o];
    xy[2 * k + 1] = points[o + 1];
  }
  return xy;
}
