import { applyTransform } from '../../core/camera/rigidTransform';
import type { Projector } from '../../core/camera/cameraModel';
import { pointObservations, projectorsByCamera, type ColmapModel, type PointObservation } from '../../core/importers/colmap';

/** One image's keypoints for drawing over its picture, in COLMAP pixels (corner at 0, 0). */
export interface ImageKeypoints {
  readonly imageId: number;
  /** x0, y0, x1, y1, … as the model holds them. */
  readonly xys: Float64Array;
  /** The 3D point each keypoint observes, or −1. */
  readonly pointIds: Float64Array;
  /** Where that point projects (x, y per keypoint); NaN where there is no point or it is behind the camera. */
  readonly projected: Float64Array;
}

/**
 * The questions the view asks of the whole model, answered where the model lives (in the worker
 * that parsed it, so the main thread never holds the per-point tracks).
 */
export class ModelQueries {
  private readonly projectors: Map<number, Projector>;

  constructor(private readonly model: ColmapModel) {
    this.projectors = projectorsByCamera(model);
  }

  observations(pointId: number): PointObservation[] {
    return pointObservations(this.model, pointId, this.projectors);
  }

  keypoints(imageId: number): ImageKeypoints | null {
    const image = this.model.images.get(imageId);
    if (!image) return null;
    const project = this.projectors.get(image.cameraId)!;
    const n = image.point3DIds.length;
    const projected = new Float64Array(2 * n).fill(NaN);
    const out = new Float64Array(2);
    for (let k = 0; k < n; k++) {
      const point = this.model.points3D.get(image.point3DIds[k]);
      if (!point) continue;
      const [x, y, z] = applyTransform(image.camFromWorld, point.xyz);
      if (!project(x, y, z, out)) continue;
      projected[2 * k] = out[0];
      projected[2 * k + 1] = out[1];
    }
    return { imageId, xys: image.xys.slice(), pointIds: image.point3DIds.slice(), projected };
  }
}
