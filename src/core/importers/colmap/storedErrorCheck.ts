import type { ColmapModel } from './colmapModel';
import { linearIntrinsics } from './poses';
import type { ReconstructionSummary } from './reconstructionStats';

/** Stored and recomputed means further apart than this factor mean the stored ones describe other pixels. */
const MISMATCH = 1.25;
/** How close the error ratio must be to the focal-length ratio to call it the undistorter's scaling. */
const SCALING_TOLERANCE = 0.1;

/** Focal length (x) of each image's camera by image name, to compare a dense model with its sparse one. */
export function focalByImageName(model: ColmapModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const image of model.images.values()) out.set(image.name, linearIntrinsics(model.cameras.get(image.cameraId)!).fx);
  return out;
}

export interface StoredErrorFinding {
  /** The stored errors are those of other pixels: not converted, with this explanation. */
  readonly notConverted: string | null;
  /** They disagree with the model and no reason is known. */
  readonly warning: string | null;
}

const px = (v: number) => `${v.toFixed(3)} px`;

/**
 * COLMAP's image_undistorter writes dense/N/sparse with new, undistorted (and usually smaller)
 * cameras but copies each point's stored error unchanged, so those errors are in the original
 * images' pixels. That shows as stored ÷ recomputed ≈ the ratio of the original focal lengths to
 * the undistorted ones; where the original sparse model is at hand that ratio is checked.
 */
export function checkStoredErrors(
  dir: string,
  summary: ReconstructionSummary,
  dense: boolean,
  model: ColmapModel,
  original: { label: string; focal: ReadonlyMap<string, number> } | null,
): StoredErrorFinding {
  const stored = summary.meanStoredError;
  const recomputed = summary.meanReprojectionError;
  if (!(stored > 0 && recomputed > 0)) return { notConverted: null, warning: null };
  const ratio = stored / recomputed;
  if (Math.abs(Math.log(ratio)) < Math.log(MISMATCH)) return { notConverted: null, warning: null };
  const means = `they average ${px(stored)}, against ${px(recomputed)} recomputed in this model's images (×${ratio.toFixed(2)})`;
  if (!dense) {
    return { notConverted: null, warning: `COLMAP's stored per-point errors do not describe this model: ${means}; Cairn shows the recomputed errors` };
  }
  const focalRatio = original ? meanFocalRatio(model, original.focal) : null;
  if (original && focalRatio !== null && Math.abs(ratio / focalRatio - 1) < SCALING_TOLERANCE) {
    return {
      notConverted:
        `${dir} was written by COLMAP's image_undistorter, which copies the errors the mapper computed in ${original.label}'s original images: ` +
        `${means}, which is the ratio of ${original.label}'s focal lengths to this model's (×${focalRatio.toFixed(2)}); Cairn shows the recomputed errors`,
      warning: null,
    };
  }
  return {
    notConverted: `${dir} is an undistorted model, and COLMAP's image_undistorter copies the errors computed in the original images' pixels: ${means}; Cairn shows the recomputed errors`,
    warning: null,
  };
}

function meanFocalRatio(model: ColmapModel, originalFocal: ReadonlyMap<string, number>): number | null {
  let sum = 0;
  let n = 0;
  for (const image of model.images.values()) {
    const f = originalFocal.get(image.name);
    if (f === undefined) continue;
    sum += f / linearIntrinsics(model.cameras.get(image.cameraId)!).fx;
    n++;
  }
  return n > 0 ? sum / n : null;
}
