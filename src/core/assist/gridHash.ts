/**
 * A uniform 3D grid over a compact list of points, stored as a hashed bucket table built by a
 * counting sort (no per-point allocation, no Map). Distinct cells may share a bucket; callers
 * check real distances, so a collision only costs a few extra comparisons.
 */
export class GridHash {
  readonly cellSize: number;
  /** Bucket b holds entries[start[b] .. start[b + 1]). */
  readonly start: Int32Array;
  /** Point slots (indices into the xyz list given to the constructor), grouped by bucket. */
  readonly entries: Int32Array;
  private readonly mask: number;
  private readonly inv: number;

  /** `xyz` is interleaved x, y, z for `count` points (keep coordinates small: subtract an origin). */
  constructor(xyz: Float64Array, count: number, cellSize: number) {
    if (!(cellSize > 0) || !Number.isFinite(cellSize)) throw new Error(`grid cell size must be positive, got ${cellSize}`);
    this.cellSize = cellSize;
    this.inv = 1 / cellSize;
    let buckets = 16;
    while (buckets < 2 * count) buckets *= 2;
    this.mask = buckets - 1;
    const start = new Int32Array(buckets + 1);
    const bucketOf = new Int32Array(count);
    for (let s = 0; s < count; s++) {
      const b = this.bucketAt(xyz[3 * s], xyz[3 * s + 1], xyz[3 * s + 2]);
      bucketOf[s] = b;
      start[b + 1]++;
    }
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const fill = start.slice(0, buckets);
    const entries = new Int32Array(count);
    for (let s = 0; s < count; s++) entries[fill[bucketOf[s]]++] = s;
    this.start = start;
    this.entries = entries;
  }

  cellIndex(v: number): number {
    return Math.floor(v * this.inv);
  }

  bucketAt(x: number, y: number, z: number): number {
    return this.bucket(this.cellIndex(x), this.cellIndex(y), this.cellIndex(z));
  }

  bucket(ix: number, iy: number, iz: number): number {
    return (Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791)) & this.mask;
  }
}
