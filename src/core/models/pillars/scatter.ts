import type { Pillars } from './pillarise';

/** How the pillar feature net states its answer: [pillars, channels], or [1, channels, pillars(, 1)]. */
export type PillarFeatureLayout = 'PC' | 'CP';

/**
 * The pillar feature net's per-pillar vectors written into the bird's-eye pseudo-image
 * [channels, ny, nx] (batch of one) at each pillar's cell; cells without a pillar stay zero.
 * `rowsInOutput` is the pillar dimension of the net's output (the padded count for fixed graphs).
 */
export function scatterPillars(
  pillarFeatures: Float32Array,
  layout: PillarFeatureLayout,
  rowsInOutput: number,
  channels: number,
  pillars: Pick<Pillars, 'count' | 'cells'>,
  nx: number,
  ny: number,
  /** A zeroed pseudo-image of the right size to write into (a scan's buffer reused: 55 MB for KITTI's grid). */
  into?: Float32Array,
): Float32Array {
  if (pillarFeatures.length !== rowsInOutput * channels) {
    throw new Error(`the pillar features hold ${pillarFeatures.length} values, not ${rowsInOutput} pillars × ${channels} channels`);
  }
  if (pillars.count > rowsInOutput) throw new Error(`the pillar feature net answered for ${rowsInOutput} pillars, ${pillars.count} were given`);
  const plane = nx * ny;
  const image = into?.length === channels * plane ? into : new Float32Array(channels * plane);
  for (let p = 0; p < pillars.count; p++) {
    const cell = pillars.cells[2 * p + 1] * nx + pillars.cells[2 * p];
    if (layout === 'PC') for (let c = 0; c < channels; c++) image[c * plane + cell] = pillarFeatures[p * channels + c];
    else for (let c = 0; c < channels; c++) image[c * plane + cell] = pillarFeatures[c * rowsInOutput + p];
  }
  return image;
}

/** Zeroes what scatterPillars wrote, so the pseudo-image can take the next scan without a new allocation. */
export function clearScattered(image: Float32Array, channels: number, pillars: Pick<Pillars, 'count' | 'cells'>, nx: number, ny: number): void {
  const plane = nx * ny;
  for (let p = 0; p < pillars.count; p++) {
    const cell = pillars.cells[2 * p + 1] * nx + pillars.cells[2 * p];
    for (let c = 0; c < channels; c++) image[c * plane + cell] = 0;
  }
}
