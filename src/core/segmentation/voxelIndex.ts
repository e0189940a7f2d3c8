/**
 * Points grouped by the cubic voxel they fall in, with each voxel found by its integer
 * coordinates (an open-addressing table keyed exactly, so unlike a hashed grid two voxels never
 * share an entry: a voxel's points are all and only those inside it).
 */
export class VoxelIndex {
  readonly size: number;
  readonly voxelCount: number;
  /** Voxel v holds slots members[start[v] .. start[v + 1]). */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** Each voxel's integer coordinates, x, y, z. */
  readonly coords: Int32Array;
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  private readonly inv: number;

  /** `xyz` holds x, y, z for `count` points, near the origin (an offset subtracted): voxel coordinates must stay within ±2^16. */
  constructor(xyz: Float64Array, count: number, size: number) {
    if (!(size > 0) || !Number.isFinite(size)) throw new Error(`voxel size must be positive, got ${size}`);
    this.size = size;
    this.inv = 1 / size;
    let slots = 16;
    while (slots < 2 * count) slots *= 2;
    this.mask = slots - 1;
    this.keys = new Float64Array(slots).fill(NaN);
    this.ids = new Int32Array(slots);
    const voxelOf = new Int32Array(count);
    const coords: number[] = [];
    let voxels = 0;
    for (let s = 0; s < count; s++) {
      const ix = Math.floor(xyz[3 * s] * this.inv);
      const iy = Math.floor(xyz[3 * s + 1] * this.inv);
      const iz = Math.floor(xyz[3 * s + 2] * this.inv);
      if (!(Math.max(Math.abs(ix), Math.abs(iy), Math.abs(iz)) < OFFSET)) throw new Error(`point ${s} lies ${VOXEL_COORDINATE_LIMIT} or more voxels of ${size} m from the origin (or is not finite)`);
      let v = this.find(ix, iy, iz);
      if (v < 0) {
        v = voxels++;
        this.insert(ix, iy, iz, v);
        coords.push(ix, iy, iz);
      }
      voxelOf[s] = v;
    }
    this.voxelCount = voxels;
    this.coords = Int32Array.from(coords);
    const start = new Int32Array(voxels + 1);
    for (let s = 0; s < count; s++) start[voxelOf[s] + 1]++;
    for (let v = 0; v < voxels; v++) start[v + 1] += start[v];
    const fill = start.slice(0, voxels);
    const members = new Int32Array(count);
    for (let s = 0; s < count; s++) members[fill[voxelOf[s]]++] = s;
    this.start = start;
    this.members = members;
  }

  /** The voxel at integer coordinates, or -1 when no point falls in it. */
  find(ix: number, iy: number, iz: number): number {
    const key = packKey(ix, iy, iz);
    for (let h = hash(ix, iy, iz) & this.mask; ; h = (h + 1) & this.mask) {
      const k = this.keys[h];
      if (k === key) return this.ids[h];
      if (k !== k) return -1; // NaN: an empty slot ends the probe
    }
  }

  voxelOfPoint(x: number, y: number, z: number): number {
    return this.find(Math.floor(x * this.inv), Math.floor(y * this.inv), Math.floor(z * this.inv));
  }

  private insert(ix: number, iy: number, iz: number, id: number): void {
    let h = hash(ix, iy, iz) & this.mask;
    while (this.keys[h] === this.keys[h]) h = (h + 1) & this.mask;
    this.keys[h] = packKey(ix, iy, iz);
    this.ids[h] = id;
  }
}

/** Voxel coordinates must lie within ±OFFSET: three 17-bit fields fit a double's 53-bit mantissa exactly. */
export const VOXEL_COORDINATE_LIMIT = 2 ** 16;
const OFFSET = VOXEL_COORDINATE_LIMIT;
const packKey = (ix: number, iy: number, iz: number): number => ((ix + OFFSET) * 2 ** 17 + (iy + OFFSET)) * 2 ** 17 + (iz + OFFSET);
const hash = (ix: number, iy: number, iz: number): number => Math.imul(ix, 73856093) ^ Math.imul(iy, 19349663) ^ Math.imul(iz, 83492791);
