import type { ColmapModel } from './colmapModel';
import { projectorsByCamera, reprojectionError } from './reprojection';

/**
 * Histogram bins, fixed so that reports of different models compare bin by bin. Bin i holds
 * values v with edges[i] ≤ v < edges[i + 1]; the last bin is open (v ≥ its edge).
 *
 * Track length: COLMAP triangulates from two views, so tracks start at 2; below that is a model
 * that was filtered after triangulation. The bins are single lengths where most tracks are and
 * widen beyond.
 */
export const TRACK_LENGTH_EDGES: readonly number[] = [0, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 30, 50];

/**
 * Per-point mean reprojection error in pixels: quarter pixels up to 1 px (where a good model's
 * points are), then coarser up to 4 px, COLMAP's default filter threshold (mapper
 * filter_max_reproj_error), beyond which the last bin collects outliers.
 */
export const REPROJECTION_ERROR_EDGES: readonly number[] = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];

export interface HistogramBin {
  readonly from: number;
  /** Null for the last, open-ended bin. */
  readonly to: number | null;
  readonly count: number;
}

export interface Histogram {
  readonly quantity: string;
  readonly unit: string;
  readonly bins: readonly HistogramBin[];
  /** Values that fell in no bin (NaN, or below the first edge). */
  readonly outside: number;
}

export function histogram(quantity: string, unit: string, edges: readonly number[], values: ArrayLike<number>): Histogram {
  const counts = new Array<number>(edges.length).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= edges[0])) {
      outside++;
      continue;
    }
    let b = edges.length - 1;
    while (v < edges[b]) b--;
    counts[b]++;
  }
  return { quantity, unit, bins: edges.map((from, i) => ({ from, to: i + 1 < edges.length ? edges[i + 1] : null, count: counts[i] })), outside };
}

/** Per-point figures as columns (a model may hold millions of points), in the model's point order. */
export interface PointStatsColumns {
  readonly ids: Float64Array;
  readonly trackLength: Uint32Array;
  /** Recomputed mean reprojection error over the observations in front of their camera; NaN if none is. */
  readonly error: Float64Array;
  /** COLMAP's stored error (−1 where COLMAP never computed it). */
  readonly storedError: Float64Array;
}

export interface ImageStats {
  readonly imageId: number;
  readonly name: string;
  readonly cameraId: number;
  readonly registered: boolean;
  /** Keypoints (2D observations) the image holds. */
  readonly points2D: number;
  /** Keypoints that observe a 3D point (that the point's track lists). */
  readonly triangulated: number;
  /** Mean reprojection error over those observations, px; NaN when there are none. */
  readonly meanError: number;
}

export interface ReconstructionSummary {
  readonly cameras: number;
  readonly cameraModels: Readonly<Record<string, number>>;
  readonly images: number;
  /**
   * Images with a pose. COLMAP writes only registered images, so this equals `images` except in a
   * rig model whose frames leave some image out.
   */
  readonly registeredImages: number;
  readonly points3D: number;
  readonly points2D: number;
  /** Track elements in all (COLMAP's "observations"). */
  readonly observations: number;
  readonly meanTrackLength: number;
  readonly meanObservationsPerImage: number;
  /** Mean over points of each point's recomputed mean error, px — COLMAP's definition. */
  readonly meanReprojectionError: number;
  /** The same mean over COLMAP's stored per-point errors (points with error −1 left out). */
  readonly meanStoredError: number;
  /** Observations whose point is not in front of the camera; kept out of the error means. */
  readonly unprojectableObservations: number;
}

export interface ReconstructionStats {
  readonly summary: ReconstructionSummary;
  /** By image id. */
  readonly images: readonly ImageStats[];
  readonly points: PointStatsColumns;
  readonly histograms: { readonly trackLength: Histogram; readonly reprojectionError: Histogram };
}

const mean = (sum: number, n: number) => (n > 0 ? sum / n : NaN);

export function computeReconstructionStats(model: ColmapModel): ReconstructionStats {
  const projectors = projectorsByCamera(model);
  const n = model.points3D.size;
  const points: PointStatsColumns = { ids: new Float64Array(n), trackLength: new Uint32Array(n), error: new Float64Array(n), storedError: new Float64Array(n) };
  const perImage = new Map<number, { triangulated: number; errorSum: number; errorCount: number }>();
  for (const id of model.images.keys()) perImage.set(id, { triangulated: 0, errorSum: 0, errorCount: 0 });

  let observations = 0;
  let unprojectable = 0;
  let errorSum = 0;
  let errorCount = 0;
  let storedSum = 0;
  let storedCount = 0;
  let i = 0;
  for (const p of model.points3D.values()) {
    let sum = 0;
    let count = 0;
    for (let k = 0; k < p.imageIds.length; k++) {
      const image = model.images.get(p.imageIds[k])!;
      const e = reprojectionError(projectors.get(image.cameraId)!, image, p.point2DIdxs[k], p.xyz);
      const acc = perImage.get(image.id)!;
      acc.triangulated++;
      if (Number.isNaN(e)) {
        unprojectable++;
        continue;
      }
      sum += e;
      count++;
      acc.errorSum += e;
      acc.errorCount++;
    }
    observations += p.imageIds.length;
    const error = mean(sum, count);
    points.ids[i] = p.id;
    points.trackLength[i] = p.imageIds.length;
    points.error[i] = error;
    points.storedError[i] = p.error;
    if (!Number.isNaN(error)) {
      errorSum += error;
      errorCount++;
    }
    if (p.error !== -1) {
      storedSum += p.error;
      storedCount++;
    }
    i++;
  }

  const images: ImageStats[] = [...model.images.values()]
    .sort((a, b) => a.id - b.id)
    .map((image) => {
      const acc = perImage.get(image.id)!;
      return {
        imageId: image.id,
        name: image.name,
        cameraId: image.cameraId,
        registered: !model.hasRigs || image.frameId !== undefined,
        points2D: image.point3DIds.length,
        triangulated: acc.triangulated,
        meanError: mean(acc.errorSum, acc.errorCount),
      };
    });
  const registeredImages = images.filter((s) => s.registered).length;
  const cameraModels: Record<string, number> = {};
  for (const c of [...model.cameras.values()].sort((a, b) => a.modelId - b.modelId)) cameraModels[c.model] = (cameraModels[c.model] ?? 0) + 1;

  return {
    summary: {
      cameras: model.cameras.size,
      cameraModels,
      images: model.images.size,
      registeredImages,
      points3D: n,
      points2D: images.reduce((s, im) => s + im.points2D, 0),
      observations,
      meanTrackLength: mean(observations, n),
      meanObservationsPerImage: mean(observations, registeredImages),
      meanReprojectionError: mean(errorSum, errorCount),
      meanStoredError: mean(storedSum, storedCount),
      unprojectableObservations: unprojectable,
    },
    images,
    points,
    histograms: {
      trackLength: histogram('track length', 'images', TRACK_LENGTH_EDGES, points.trackLength),
      reprojectionError: histogram('mean reprojection error per point', 'px', REPROJECTION_ERROR_EDGES, points.error),
    },
  };
}
