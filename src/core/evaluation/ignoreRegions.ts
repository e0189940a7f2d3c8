import type { AgreementBox } from '../agreement/types';
import type { CameraModel } from '../camera/cameraModel';
import { projectCuboidBox, type ImageBox } from '../camera/projectCuboidBox';
import type { RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';

/**
 * One camera's ignore regions on a frame (KITTI DontCare boxes in image_2), with what places the
 * frame's boxes in its image. Plain data, so frames carrying it go to a worker as they are.
 */
export interface CameraIgnoreRegions {
  readonly cameraId: string;
  readonly model: CameraModel;
  /** Maps the evaluation frame's boxes (the LiDAR frame) into the camera's optical frame. */
  readonly cameraFromLidar: RigidTransform;
  /** The image the projected box is clipped to; without a size it is not clipped. */
  readonly width?: number;
  readonly height?: number;
  /** Image pixels, x right and y down. */
  readonly regions: readonly ImageBox[];
}

/**
 * A box's 2D box in the camera image: the tight box of its projected outline, clipped to the image
 * where its size is known; null where nothing of it shows.
 */
export function imageBoxOf(box: AgreementBox, camera: CameraIgnoreRegions): ImageBox | null {
  const cuboid = { frame: 'lidar', center: box.center, size: box.size, rotation: quatFromYaw(box.yaw) };
  return projectCuboidBox(cuboid, camera.cameraFromLidar, camera.model, camera.width ?? Infinity, camera.height ?? Infinity);
}

/** How much of `box` lies inside `region`: their intersection over the box's own area (KITTI's boxoverlap with criterion 0). */
export function fractionInside(box: ImageBox, region: ImageBox): number {
  const area = (box.x1 - box.x0) * (box.y1 - box.y0);
  if (!(area > 0)) return 0;
  const w = Math.min(box.x1, region.x1) - Math.max(box.x0, region.x0);
  const h = Math.min(box.y1, region.y1) - Math.max(box.y0, region.y0);
  return w > 0 && h > 0 ? (w * h) / area : 0;
}

/** The largest fraction of the box's 2D box inside any one ignore region of any camera (0 where it shows in none). */
export function ignoreRegionCover(box: AgreementBox, cameras: readonly CameraIgnoreRegions[]): number {
  let best = 0;
  for (const camera of cameras) {
    if (camera.regions.length === 0) continue;
    const image = imageBoxOf(box, camera);
    if (!image) continue;
    for (const region of camera.regions) best = Math.max(best, fractionInside(image, region));
  }
  return best;
}
