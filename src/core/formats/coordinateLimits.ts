/**
 * How far from the origin a point may lie, in metres. Earth-centred coordinates stay within
 * 6.4e6 m and projected ones (UTM, state planes) within a few 1e6 m; beyond 1e7 m a coordinate
 * is corrupt or in the wrong units, and float32 views of it would be centimetres off anyway.
 */
export const MAX_COORDINATE = 1e7;

const AXES = ['x', 'y', 'z'] as const;

/** The first point of a run whose coordinate is not finite or lies beyond MAX_COORDINATE. */
export interface BadCoordinate {
  /** Index of the point within the run. */
  readonly index: number;
  readonly axis: (typeof AXES)[number];
  readonly finite: boolean;
}

/** What is wrong with a bad coordinate, for a message that already names the file and the point. */
export function coordinateProblem(bad: BadCoordinate): string {
  return bad.finite ? `${bad.axis} lies more than ${MAX_COORDINATE} m from the origin` : `${bad.axis} is not a finite number`;
}

/** Checks `count` interleaved x, y, z positions (world units). */
export function findBadCoordinate(positions: ArrayLike<number>, count: number): BadCoordinate | null {
  for (let i = 0; i < 3 * count; i++) {
    const v = positions[i];
    // Written so that NaN fails the test too.
    if (!(v >= -MAX_COORDINATE && v <= MAX_COORDINATE)) {
      return { index: Math.floor(i / 3), axis: AXES[i % 3], finite: Number.isFinite(v) };
    }
  }
  return null;
}

/** The LAS integer fields of a record format: world = integer × scale + offset. */
export interface LasQuantisation {
  readonly recordLength: number;
  readonly scale: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
}

/** Whether every int32 a LAS record can hold maps within MAX_COORDINATE (then no record needs a look). */
export function lasRangeFits(q: LasQuantisation): boolean {
  return [0, 1, 2].every((a) => Math.abs(q.offset[a]) + 2 ** 31 * Math.abs(q.scale[a]) <= MAX_COORDINATE);
}

/** Checks `count` raw LAS point records (X, Y, Z int32 at bytes 0, 4, 8 of each). */
export function findBadLasCoordinate(records: Uint8Array, count: number, q: LasQuantisation): BadCoordinate | null {
  if (lasRangeFits(q)) return null;
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  for (let i = 0, at = 0; i < count; i++, at += q.recordLength) {
    for (let a = 0; a < 3; a++) {
      const v = view.getInt32(at + 4 * a, true) * q.scale[a] + q.offset[a];
      if (!(v >= -MAX_COORDINATE && v <= MAX_COORDINATE)) return { index: i, axis: AXES[a], finite: true };
    }
  }
  return null;
}
