export interface EuclideanClusterOptions {
  /** Two points closer than this are of one object. */
  readonly neighbourDistance: number;
  /** How much a vertical gap counts against the distance (1 = plain Euclidean), as the assist's clustering weighs it. */
  readonly verticalWeight: number;
}

/** Cells per axis are capped so that the dense cell table stays within a few million entries. */
const MAX_CELLS = 1 << 23;

/**
 * Connected components of the points under "closer than neighbourDistance" (vertical gaps scaled
 * by verticalWeight), for `count` points interleaved x, y, z in `xyz`. Returns a cluster number
 * per point (0, 1, … in order of each cluster's first cell) and the count.
 *
 * Linear in the points, however dense: the points are binned into cells whose diagonal is the
 * neighbour distance, so all points of a cell are one another's neighbours and a cell joins a
 * cluster whole. Growth then goes cell to cell (the cells within two steps), testing point pairs
 * only until the first pair within reach. A point-by-point search was quadratic in the density:
 * an object 3 m from the sensor holds thousands of points within a neighbour distance (1.6 s a
 * generated sweep; this takes tens of milliseconds).
 */
export function euclideanClusters(xyz: Float64Array, count: number, options: EuclideanClusterOptions): { labels: Int32Array; clusters: number } {
  const d = options.neighbourDistance;
  const vw = options.verticalWeight;
  if (!(d > 0) || !(vw > 0)) throw new Error('cluster neighbourDistance and verticalWeight must be positive');
  const labels = new Int32Array(count).fill(-1);
  if (count === 0) return { labels, clusters: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxZ = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = xyz[3 * i];
    const y = xyz[3 * i + 1];
    const z = xyz[3 * i + 2] * vw;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  // Cell side d/√3: any two points of a cell are within d. Coarser only for a huge extent (then
  // pairs in a cell are checked like pairs across cells).
  let side = d / Math.sqrt(3);
  const dims = (s: number) => [Math.floor((maxX - minX) / s) + 1, Math.floor((maxY - minY) / s) + 1, Math.floor((maxZ - minZ) / s) + 1];
  while (dims(side).reduce((a, b) => a * b, 1) > MAX_CELLS) side *= 1.25;
  const [nx, ny, nz] = dims(side);
  const wholeCells = side * Math.sqrt(3) <= d;
  const inv = 1 / side;
  const cellOf = new Int32Array(count);
  const cellStart = new Int32Array(nx * ny * nz + 1);
  for (let i = 0; i < count; i++) {
    const cx = Math.floor((xyz[3 * i] - minX) * inv);
    const cy = Math.floor((xyz[3 * i + 1] - minY) * inv);
    const cz = Math.floor((xyz[3 * i + 2] * vw - minZ) * inv);
    const c = (cz * ny + cy) * nx + cx;
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < nx * ny * nz; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, nx * ny * nz);
  const members = new Int32Array(count);
  for (let i = 0; i < count; i++) members[fill[cellOf[i]]++] = i;

  // Each occupied cell's point bounds (weighted z): most cells two steps apart are ruled out by them alone.
  const occupied = new Int32Array(nx * ny * nz);
  let occupiedCount = 0;
  for (let c = 0; c < nx * ny * nz; c++) if (cellStart[c + 1] > cellStart[c]) occupied[c] = occupiedCount++;
  const bounds = new Float64Array(6 * occupiedCount);
  for (let c = 0; c < nx * ny * nz; c++) {
    if (cellStart[c + 1] === cellStart[c]) continue;
    const o = 6 * occupied[c];
    bounds.fill(Infinity, o, o + 3);
    bounds.fill(-Infinity, o + 3, o + 6);
    for (let s = cellStart[c]; s < cellStart[c + 1]; s++) {
      const p = members[s];
      for (let axis = 0; axis < 3; axis++) {
        const v = axis === 2 ? xyz[3 * p + 2] * vw : xyz[3 * p + axis];
        if (v < bounds[o + axis]) bounds[o + axis] = v;
        if (v > bounds[o + 3 + axis]) bounds[o + 3 + axis] = v;
      }
    }
  }
  const reach = Math.ceil(d / side);
  const d2 = d * d;
  const near = (p: number, q: number) => {
    const ex = xyz[3 * p] - xyz[3 * q];
    const ey = xyz[3 * p + 1] - xyz[3 * q + 1];
    const ez = (xyz[3 * p + 2] - xyz[3 * q + 2]) * vw;
    return ex * ex + ey * ey + ez * ez <= d2;
  };
  // Whether any point of cell b lies within reach of any point of cell a.
  const touches = (a: number, b: number) => {
    const oa = 6 * occupied[a];
    const ob = 6 * occupied[b];
    let gap2 = 0;
    for (let axis = 0; axis < 3; axis++) {
      const gap = Math.max(bounds[ob + axis] - bounds[oa + 3 + axis], bounds[oa + axis] - bounds[ob + 3 + axis], 0);
      gap2 += gap * gap;
    }
    if (gap2 > d2) return false;
    // Only a's points within reach of b's bounds are searched against b's points: a dense cell
    // holds thousands, most of them across the cell from b.
    for (let s = cellStart[a]; s < cellStart[a + 1]; s++) {
      const p = members[s];
      let g2 = 0;
      for (let axis = 0; axis < 3; axis++) {
        const v = axis === 2 ? xyz[3 * p + 2] * vw : xyz[3 * p + axis];
        const gap = Math.max(bounds[ob + axis] - v, v - bounds[ob + 3 + axis], 0);
        g2 += gap * gap;
      }
      if (g2 > d2) continue;
      for (let t = cellStart[b]; t < cellStart[b + 1]; t++) if (near(p, members[t])) return true;
    }
    return false;
  };
  const cellLabel = new Int32Array(nx * ny * nz).fill(-1);
  const queue = new Int32Array(count);
  let clusters = 0;
  for (let i = 0; i < count; i++) {
    if (labels[i] >= 0) continue;
    const label = clusters++;
    let head = 0;
    let tail = 0;
    if (wholeCells) {
      cellLabel[cellOf[i]] = label;
      queue[tail++] = cellOf[i];
    } else {
      labels[i] = label;
      queue[tail++] = i;
    }
    while (head < tail) {
      const item = queue[head++];
      const a = wholeCells ? item : cellOf[item];
      const ax = a % nx;
      const ay = Math.floor(a / nx) % ny;
      const az = Math.floor(a / (nx * ny));
      for (let z = Math.max(0, az - reach); z <= Math.min(nz - 1, az + reach); z++) {
        for (let y = Math.max(0, ay - reach); y <= Math.min(ny - 1, ay + reach); y++) {
          for (let x = Math.max(0, ax - reach); x <= Math.min(nx - 1, ax + reach); x++) {
            const b = (z * ny + y) * nx + x;
            if (cellStart[b] === cellStart[b + 1]) continue;
            if (wholeCells) {
              if (cellLabel[b] >= 0 || !touches(a, b)) continue;
              cellLabel[b] = label;
              queue[tail++] = b;
            } else {
              for (let t = cellStart[b]; t < cellStart[b + 1]; t++) {
                const q = members[t];
                if (labels[q] >= 0 || !near(item, q)) continue;
                labels[q] = label;
                queue[tail++] = q;
              }
            }
          }
        }
      }
    }
    if (wholeCells) {
      for (let k = 0; k < tail; k++) {
        const c = queue[k];
        for (let s = cellStart[c]; s < cellStart[c + 1]; s++) labels[members[s]] = label;
      }
    }
  }
  return { labels, clusters };
}
