import { applyTransform } from '../../camera/rigidTransform';
import type { Projector } from '../../camera/cameraModel';
import type { Vec3 } from '../../geometry/vec3';
import type { ColmapImage, ColmapModel } from './colmapModel';
import { makeColmapProjector } from './colmapProjection';

/** COLMAP's projector for every camera of a model, built once. */
export function projectorsByCamera(model: Pick<ColmapModel, 'cameras'>): Map<number, Projector> {
  return new Map([...model.cameras.values()].map((c) => [c.id, makeColmapProjector(c)]));
}

const scratch = new Float64Array(2);

/**
 * Distance in pixels between keypoint `point2DIdx` of `image` and the projection of `xyz` — the
 * quantity COLMAP averages into a point's error. NaN when the point is not in front of the camera
 * (COLMAP counts such an observation as an error of ~1e154 px; here it is kept out of the means
 * and counted apart instead).
 */
export function reprojectionError(projector: Projector, image: ColmapImage, point2DIdx: number, xyz: Vec3): number {
  const [x, y, z] = applyTransform(image.camFromWorld, xyz);
  if (!projector(x, y, z, scratch)) return NaN;
  return Math.hypot(scratch[0] - image.xys[2 * point2DIdx], scratch[1] - image.xys[2 * point2DIdx + 1]);
}

/** One observation of a 3D point, for a per-point inspector; pixels in COLMAP's convention. */
export interface PointObservation {
  readonly imageId: number;
  readonly imageName: string;
  readonly point2DIdx: number;
  readonly observed: readonly [number, number];
  /** Null where the point is not in front of the camera. */
  readonly projected: readonly [number, number] | null;
  readonly error: number;
}

export function pointObservations(model: ColmapModel, pointId: number, projectors = projectorsByCamera(model)): PointObservation[] {
  const point = model.points3D.get(pointId);
  if (!point) return [];
  const out: PointObservation[] = [];
  for (let k = 0; k < point.imageIds.length; k++) {
    const image = model.images.get(point.imageIds[k])!;
    const idx = point.point2DIdxs[k];
    const [x, y, z] = applyTransform(image.camFromWorld, point.xyz);
    const ok = projectors.get(image.cameraId)!(x, y, z, scratch);
    const observed = [image.xys[2 * idx], image.xys[2 * idx + 1]] as const;
    out.push({
      imageId: image.id,
      imageName: image.name,
      point2DIdx: idx,
      observed,
      projected: ok ? [scratch[0], scratch[1]] : null,
      error: ok ? Math.hypot(scratch[0] - observed[0], scratch[1] - observed[1]) : NaN,
    });
  }
  return out;
}
