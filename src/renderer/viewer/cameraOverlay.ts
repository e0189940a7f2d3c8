import { cameraModelFromIntrinsics, projectCuboid, projectPoints, type CameraModel, type RigidTransform } from '../../core/camera';
import { frameCameraCaptures } from '../../core/scene/captureCalibration';
import type { CuboidAnnotation } from '../../core/model/annotation';
import type { SceneFrame, SceneManifest } from '../../core/scene/manifest';

export interface CameraView {
  readonly sensorId: string;
  readonly width: number;
  readonly height: number;
  readonly model: CameraModel;
  /** Maps points of the LiDAR frame into this camera's optical frame. */
  readonly cameraFromLidar: RigidTransform;
}

/** Every camera image of a frame, with its model and the transform from the frame's LiDAR. */
export function frameCameraViews(manifest: SceneManifest, frame: SceneFrame, lidarId: string): CameraView[] {
  return frameCameraCaptures(manifest, frame, lidarId).flatMap((c) => {
    try {
      return [{ sensorId: c.sensorId, width: c.width, height: c.height, model: cameraModelFromIntrinsics(c.intrinsics), cameraFromLidar: c.cameraFromLidar }];
    } catch {
      // A camera whose intrinsics cannot project is left out; the manifest check names it.
      return [];
    }
  });
}

/** Near red, far blue: the depth ramp annotation tools use for projected LiDAR. */
function depthColour(depth: number): string {
  const t = Math.min(1, Math.max(0, (depth - 2) / 48));
  const hue = Math.round(t * 240);
  return `hsl(${hue} 95% 55%)`;
}

/** What the overlay needs of a box: annotations and ground truth alike. */
export type OverlayCuboid = Pick<CuboidAnnotation, 'objectId' | 'classId' | 'cuboid'>;

export interface DrawnBox {
  readonly objectId: string;
  /** Read-only reference boxes are picked only where no editable box is under the cursor. */
  readonly groundTruth: boolean;
  /** Pixel bounding box of the projected edges, for picking. */
  readonly minU: number;
  readonly minV: number;
  readonly maxU: number;
  readonly maxV: number;
}

/** Draws a frame's LiDAR points over a camera image, coloured by depth, in image pixels. */
export function drawPoints(ctx: CanvasRenderingContext2D, view: CameraView, points: Float32Array | null): void {
  ctx.clearRect(0, 0, view.width, view.height);
  if (points) {
    // Translucent, so the image stays readable under a dense sweep.
    ctx.globalAlpha = 0.55;
    const uvd = projectPoints(points, 4, view.cameraFromLidar, view.model, view.width, view.height);
    for (let i = 0; i < uvd.length; i += 3) {
      ctx.fillStyle = depthColour(uvd[i + 2]);
      ctx.fillRect(uvd[i] - 1, uvd[i + 1] - 1, 2, 2);
    }
    ctx.globalAlpha = 1;
  }
}

/**
 * Draws every cuboid as its 12 edges, clipped at the near plane and distorted like the lens.
 * Returns the boxes' pixel extents for picking.
 */
export function drawCuboids(
  ctx: CanvasRenderingContext2D,
  view: CameraView,
  cuboids: readonly OverlayCuboid[],
  colourOf: (classId: string) => string,
  selectedId: string | null,
  groundTruth: readonly OverlayCuboid[] = [],
): DrawnBox[] {
  ctx.clearRect(0, 0, view.width, view.height);
  const drawn: DrawnBox[] = [];
  const all = [...groundTruth.map((c) => ({ c, gt: true })), ...cuboids.map((c) => ({ c, gt: false }))];
  for (const { c, gt } of all) {
    const selected = c.objectId === selectedId;
    ctx.strokeStyle = selected ? '#ffffff' : colourOf(c.classId);
    ctx.lineWidth = selected ? 3 : gt ? 1.2 : 1.6;
    // Ground truth is dashed so it never passes for an editable box.
    ctx.setLineDash(gt ? [6, 4] : []);
    let minU = Infinity;
    let minV = Infinity;
    let maxU = -Infinity;
    let maxV = -Infinity;
    for (const { uv } of projectCuboid(c.cuboid, view.cameraFromLidar, view.model)) {
      ctx.beginPath();
      for (let i = 0; i < uv.length; i += 2) {
        if (i === 0) ctx.moveTo(uv[i], uv[i + 1]);
        else ctx.lineTo(uv[i], uv[i + 1]);
        minU = Math.min(minU, uv[i]);
        maxU = Math.max(maxU, uv[i]);
        minV = Math.min(minV, uv[i + 1]);
        maxV = Math.max(maxV, uv[i + 1]);
      }
      ctx.stroke();
    }
    if (maxU > 0 && minU < view.width && maxV > 0 && minV < view.height) drawn.push({ objectId: c.objectId, groundTruth: gt, minU, minV, maxU, maxV });
  }
  ctx.setLineDash([]);
  return drawn;
}
