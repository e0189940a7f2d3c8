import type { Vec3 } from '../../core/geometry/vec3';
import { cameraCentre, frustumInWorld, type ColmapModel, type Histogram, type ReconstructionStats, type ReconstructionSummary } from '../../core/importers/colmap';
import { estimateUp, frustumDepth, reach, robustExtent, viewDirection, type ViewFraming } from './viewFraming';

export interface ReconstructionImage {
  readonly imageId: number;
  readonly name: string;
  readonly cameraId: number;
  readonly cameraModel: string;
  readonly width: number;
  readonly height: number;
  readonly registered: boolean;
  readonly points2D: number;
  readonly triangulated: number;
  /** NaN when the image observes no point. */
  readonly meanError: number;
}

/**
 * What the view draws and lists, computed once from a parsed model: flat typed arrays (cheap to
 * hand from a worker, ready for the GPU) plus the model's figures. Positions are relative to
 * `framing.target`, so a georeferenced model keeps its precision in float32.
 */
export interface ReconstructionData {
  readonly source: string;
  readonly format: ColmapModel['format'];
  readonly hasRigs: boolean;
  readonly summary: ReconstructionSummary;
  readonly histograms: { readonly trackLength: Histogram; readonly reprojectionError: Histogram };
  readonly warnings: readonly string[];
  /** By image id. */
  readonly images: readonly ReconstructionImage[];
  readonly points: {
    readonly ids: Float64Array;
    /** x, y, z per point. */
    readonly positions: Float32Array;
    /** r, g, b per point, as COLMAP stores them. */
    readonly rgb: Uint8Array;
    /** Recomputed mean reprojection error, px; NaN where no observation projects. */
    readonly error: Float32Array;
    readonly trackLength: Uint32Array;
  };
  /** Per image (in `images` order): apex, then the far corners top-left, top-right, bottom-right, bottom-left. */
  readonly frustums: Float32Array;
  readonly framing: ViewFraming;
}

export const FRUSTUM_FLOATS = 15;

export function buildReconstructionData(model: ColmapModel, stats: ReconstructionStats): ReconstructionData {
  const n = model.points3D.size;
  const xyz = new Float64Array(3 * n);
  const rgb = new Uint8Array(3 * n);
  // The same order as stats.points: both follow the model's point order.
  let i = 0;
  for (const p of model.points3D.values()) {
    xyz.set(p.xyz, 3 * i);
    rgb.set(p.rgb, 3 * i);
    i++;
  }
  const { centre, radius } = robustExtent(xyz, n);
  const positions = new Float32Array(3 * n);
  for (let k = 0; k < 3 * n; k++) positions[k] = xyz[k] - centre[k % 3];

  const images = stats.images.map((s) => {
    const camera = model.cameras.get(s.cameraId)!;
    return { ...s, cameraModel: camera.model, width: camera.width, height: camera.height };
  });
  const colmapImages = images.map((s) => model.images.get(s.imageId)!);
  const up = estimateUp(colmapImages);
  const centres = colmapImages.map(cameraCentre);
  const far = reach(centres, centre, radius);
  const depth = frustumDepth(centres, radius, far);
  const frustums = new Float32Array(FRUSTUM_FLOATS * images.length);
  colmapImages.forEach((image, k) => {
    const f = frustumInWorld(model.cameras.get(image.cameraId)!, image, depth);
    [f.apex, ...f.corners].forEach((v: Vec3, c) => {
      for (let a = 0; a < 3; a++) frustums[FRUSTUM_FLOATS * k + 3 * c + a] = v[a] - centre[a];
    });
  });

  return {
    source: model.source,
    format: model.format,
    hasRigs: model.hasRigs,
    summary: stats.summary,
    histograms: stats.histograms,
    warnings: model.warnings,
    images,
    points: { ids: stats.points.ids, positions, rgb, error: Float32Array.from(stats.points.error), trackLength: stats.points.trackLength },
    frustums,
    framing: { target: centre, radius, up, viewFrom: viewDirection(colmapImages, up), frustumDepth: depth, wholeRadius: far + depth },
  };
}

/** The buffers to transfer (not copy) when the data crosses from a worker. */
export function transferables(data: ReconstructionData): ArrayBuffer[] {
  const p = data.points;
  return [p.ids, p.positions, p.rgb, p.error, p.trackLength, data.frustums].map((a) => a.buffer as ArrayBuffer);
}
