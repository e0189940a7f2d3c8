/**
 * The bird's-eye grid a pillar detector was trained on: the point-cloud range (metres, in the
 * LiDAR frame) cut into pillars of voxel size x × y, each one voxel tall (z spans the whole range).
 */
export interface PillarGrid {
  /** [xMin, yMin, zMin, xMax, yMax, zMax], as OpenPCDet's POINT_CLOUD_RANGE. */
  readonly range: readonly [number, number, number, number, number, number];
  /** [x, y, z]; z is the range's height for pillars. */
  readonly voxelSize: readonly [number, number, number];
}

/** Cells along x (columns) and y (rows): the BEV pseudo-image's width and height. */
export function gridShape(grid: PillarGrid): { readonly nx: number; readonly ny: number } {
  const [xMin, yMin, , xMax, yMax] = grid.range;
  // Rounded: a range of 69.12 m at 0.16 m is 432 cells even though 69.12 / 0.16 is 431.99999….
  return { nx: Math.round((xMax - xMin) / grid.voxelSize[0]), ny: Math.round((yMax - yMin) / grid.voxelSize[1]) };
}
