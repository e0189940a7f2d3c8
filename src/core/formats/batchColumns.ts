import type { PointBatch, StandardAttribute } from '../pointcloud/pointBatch';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The typed arrays of one batch, allocated for exactly the attributes a file declares, so a
 * reader fills columns by index and hands the finished batch over without copying.
 */
export class BatchColumns {
  readonly positions: Float64Array;
  readonly intensity?: Uint16Array;
  readonly rgb?: Uint16Array;
  readonly classification?: Uint8Array;
  readonly returnNumber?: Uint8Array;
  readonly numberOfReturns?: Uint8Array;
  readonly gpsTime?: Float64Array;
  readonly pointSourceId?: Uint16Array;
  readonly ring?: Uint16Array;
  readonly extra: Record<string, Float64Array> = {};

  constructor(
    readonly capacity: number,
    attributes: readonly StandardAttribute[],
    extraNames: readonly string[],
  ) {
    this.positions = new Float64Array(capacity * 3);
    const has = new Set(attributes);
    if (has.has('intensity')) this.intensity = new Uint16Array(capacity);
    if (has.has('rgb')) this.rgb = new Uint16Array(capacity * 3);
    if (has.has('classification')) this.classification = new Uint8Array(capacity);
    if (has.has('returnNumber')) this.returnNumber = new Uint8Array(capacity);
    if (has.has('numberOfReturns')) this.numberOfReturns = new Uint8Array(capacity);
    if (has.has('gpsTime')) this.gpsTime = new Float64Array(capacity);
    if (has.has('pointSourceId')) this.pointSourceId = new Uint16Array(capacity);
    if (has.has('ring')) this.ring = new Uint16Array(capacity);
    for (const name of extraNames) this.extra[name] = new Float64Array(capacity);
  }

  /** The first `count` points as a batch; views, not copies, when the batch is short. */
  finish(count: number): PointBatch {
    const cut = <T extends Float64Array | Uint16Array | Uint8Array>(a: T | undefined, per = 1): T | undefined =>
      a === undefined ? undefined : count === this.capacity ? a : (a.subarray(0, count * per) as T);
    const batch: Mutable<PointBatch> = { count, positions: cut(this.positions, 3)! };
    if (this.intensity) batch.intensity = cut(this.intensity);
    if (this.rgb) batch.rgb = cut(this.rgb, 3);
    if (this.classification) batch.classification = cut(this.classification);
    if (this.returnNumber) batch.returnNumber = cut(this.returnNumber);
    if (this.numberOfReturns) batch.numberOfReturns = cut(this.numberOfReturns);
    if (this.gpsTime) batch.gpsTime = cut(this.gpsTime);
    if (this.pointSourceId) batch.pointSourceId = cut(this.pointSourceId);
    if (this.ring) batch.ring = cut(this.ring);
    const names = Object.keys(this.extra);
    if (names.length > 0) {
      const extra: Record<string, Float64Array> = {};
      for (const name of names) extra[name] = cut(this.extra[name])!;
      batch.extra = extra;
    }
    return batch;
  }
}

/** Gives an attribute name that does not collide with the ones already taken. */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name === '' ? 'unnamed' : name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}_${i}`;
  taken.add(candidate);
  return candidate;
}
