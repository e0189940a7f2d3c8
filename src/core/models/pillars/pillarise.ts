import { gridShape, type PillarGrid } from './pillarGrid';

/**
 * The per-point features a pillar feature net reads, by name. PointPillars (and Autoware's export
 * of it) takes x, y, z, intensity, the offsets to the mean of the pillar's points and the offsets
 * to the pillar's centre in x and y (9); OpenPCDet's PillarVFE adds the z offset to the centre (10).
 * `zero` fills a channel Cairn has no value for: the time lag of multi-sweep nets (Autoware's
 * CenterPoint), which is 0 for the one sweep a frame has.
 */
export const PILLAR_FEATURES = ['x', 'y', 'z', 'intensity', 'xMean', 'yMean', 'zMean', 'xCentre', 'yCentre', 'zCentre', 'zero'] as const;
export type PillarFeature = (typeof PILLAR_FEATURES)[number];

export interface PillariseOptions extends PillarGrid {
  readonly maxPointsPerPillar: number;
  readonly maxPillars: number;
  /** The feature channels in the order the net reads them. */
  readonly features: readonly PillarFeature[];
  /** Multiplies the intensity (a net trained on 0–255 reads a 0–1 scan × 255). Default 1. */
  readonly intensityScale?: number;
  /**
   * Rows in the result: `maxPillars` for a graph with a fixed pillar count (the rest zero), or
   * just the pillars found for a dynamic one. Default: just those found.
   */
  readonly padToMax?: boolean;
}

export interface Pillars {
  /** Pillars found (at most maxPillars). */
  readonly count: number;
  /** Rows in `features` (count, or maxPillars when padded). */
  readonly rows: number;
  /** [rows, maxPointsPerPillar, features] row-major; unused point slots and rows are zero. */
  readonly features: Float32Array;
  /** Points kept in each row (0 for padding rows). */
  readonly numPoints: Int32Array;
  /** Per row, the pillar's cell: [column (x index), row (y index)]; −1 for padding rows. */
  readonly cells: Int32Array;
  /** Points inside the range but dropped: their pillar was full, or there were already maxPillars pillars. */
  readonly droppedPoints: number;
}

/**
 * Points into pillars as PointPillars builds them. A point belongs to the cell its x and y fall in
 * (half-open cells, z within the range); pillars are numbered in the order their first point comes,
 * and each keeps its first maxPointsPerPillar points, as the voxel generators of OpenPCDet and
 * Autoware do, so the same scan gives the same tensor.
 */
export function pillarise(points: ArrayLike<number>, stride: number, options: PillariseOptions): Pillars {
  if (stride < 4) throw new Error(`pillarise reads x, y, z and intensity: a stride of ${stride} is too small`);
  const { nx, ny } = gridShape(options);
  const [xMin, yMin, zMin, xMax, yMax, zMax] = options.range;
  const [vx, vy] = options.voxelSize;
  const maxPoints = options.maxPointsPerPillar;
  const maxPillars = options.maxPillars;
  const n = Math.floor(points.length / stride);

  const pillarOfCell = new Int32Array(nx * ny).fill(-1);
  const members = new Int32Array(maxPillars * maxPoints);
  const counts = new Int32Array(maxPillars);
  const cellX = new Int32Array(maxPillars);
  const cellY = new Int32Array(maxPillars);
  let count = 0;
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const x = points[i * stride];
    const y = points[i * stride + 1];
    const z = points[i * stride + 2];
    // Written so that NaN fails every test and falls out.
    if (!(x >= xMin && x < xMax && y >= yMin && y < yMax && z >= zMin && z < zMax)) continue;
    const ix = Math.min(nx - 1, Math.floor((x - xMin) / vx));
    const iy = Math.min(ny - 1, Math.floor((y - yMin) / vy));
    const cell = iy * nx + ix;
    let p = pillarOfCell[cell];
    if (p < 0) {
      if (count === maxPillars) {
        dropped++;
        continue;
      }
      p = count++;
      pillarOfCell[cell] = p;
      cellX[p] = ix;
      cellY[p] = iy;
    }
    if (counts[p] === maxPoints) {
      dropped++;
      continue;
    }
    members[p * maxPoints + counts[p]++] = i;
  }

  const rows = options.padToMax ? maxPillars : count;
  const channels = options.features.length;
  const features = new Float32Array(rows * maxPoints * channels);
  const numPoints = new Int32Array(rows);
  const cells = new Int32Array(rows * 2).fill(-1);
  const scale = options.intensityScale ?? 1;
  const zCentre = (zMin + zMax) / 2;
  const kinds = options.features.map((f) => PILLAR_FEATURES.indexOf(f));
  for (let p = 0; p < count; p++) {
    const k = counts[p];
    let sx = 0;
    let sy = 0;
    let sz = 0;
    for (let j = 0; j < k; j++) {
      const i = members[p * maxPoints + j] * stride;
      sx += points[i];
      sy += points[i + 1];
      sz += points[i + 2];
    }
    const mx = sx / k;
    const my = sy / k;
    const mz = sz / k;
    const cx = xMin + (cellX[p] + 0.5) * vx;
    const cy = yMin + (cellY[p] + 0.5) * vy;
    numPoints[p] = k;
    cells[2 * p] = cellX[p];
    cells[2 * p + 1] = cellY[p];
    for (let j = 0; j < k; j++) {
      const i = members[p * maxPoints + j] * stride;
      const x = points[i];
      const y = points[i + 1];
      const z = points[i + 2];
      const at = (p * maxPoints + j) * channels;
      for (let c = 0; c < channels; c++) {
        let v: number;
        switch (kinds[c]) {
          case 0: v = x; break;
          case 1: v = y; break;
          case 2: v = z; break;
          case 3: v = points[i + 3] * scale; break;
          case 4: v = x - mx; break;
          case 5: v = y - my; break;
          case 6: v = z - mz; break;
          case 7: v = x - cx; break;
          case 8: v = y - cy; break;
          case 9: v = z - zCentre; break;
          default: v = 0;
        }
        features[at + c] = v;
      }
    }
  }
  return { count, rows, features, numPoints, cells, droppedPoints: dropped };
}
