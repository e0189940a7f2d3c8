import type { ImageKeypoints } from './modelQueries';

export const OBSERVED_COLOR = '#3ddc84';
export const RESIDUAL_COLOR = '#ff4d4d';
export const UNTRIANGULATED_COLOR = 'rgba(200, 200, 200, 0.7)';
export const SELECTED_POINT_COLOR = '#ffd400';

export interface OverlayOptions {
  /** Residual vectors are drawn this many times their length: sub-pixel errors are invisible at 1×. */
  readonly residualScale: number;
  readonly selectedPointId: number | null;
  /** Multiplies line widths and dot sizes (device pixels per CSS pixel, or more for a small texture). */
  readonly lineScale: number;
}

/**
 * Draws an image's picture (or a dark frame where there is none) filling the canvas, and over it
 * its keypoints: green where they observe a 3D point, with the residual to that point's
 * projection in red; grey where they observe none. COLMAP's pixel convention (the image corner
 * at 0, 0) is the canvas's, so a keypoint at (x, y) is drawn at (x, y) times the scale.
 */
export function drawImageOverlay(
  ctx: CanvasRenderingContext2D,
  size: { readonly width: number; readonly height: number },
  picture: ImageBitmap | null,
  keypoints: ImageKeypoints | null,
  options: OverlayOptions,
): void {
  const { width: w, height: h } = ctx.canvas;
  const sx = w / size.width;
  const sy = h / size.height;
  const lw = options.lineScale;
  ctx.save();
  ctx.fillStyle = '#202836';
  ctx.fillRect(0, 0, w, h);
  if (picture) {
    ctx.drawImage(picture, 0, 0, w, h);
    // Dimmed a little, so green and red read on bright skies and walls alike.
    ctx.fillStyle = 'rgba(0, 0, 0, 0.25)';
    ctx.fillRect(0, 0, w, h);
  }
  if (keypoints) {
    const { xys, pointIds, projected } = keypoints;
    const n = pointIds.length;
    ctx.fillStyle = UNTRIANGULATED_COLOR;
    for (let k = 0; k < n; k++) {
      if (pointIds[k] >= 0) continue;
      ctx.fillRect(xys[2 * k] * sx - lw, xys[2 * k + 1] * sy - lw, 2 * lw, 2 * lw);
    }
    ctx.strokeStyle = RESIDUAL_COLOR;
    ctx.lineWidth = 1.5 * lw;
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      if (pointIds[k] < 0 || Number.isNaN(projected[2 * k])) continue;
      const x = xys[2 * k];
      const y = xys[2 * k + 1];
      ctx.moveTo(x * sx, y * sy);
      ctx.lineTo((x + (projected[2 * k] - x) * options.residualScale) * sx, (y + (projected[2 * k + 1] - y) * options.residualScale) * sy);
    }
    ctx.stroke();
    ctx.fillStyle = OBSERVED_COLOR;
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      if (pointIds[k] < 0) continue;
      ctx.moveTo(xys[2 * k] * sx + 2.5 * lw, xys[2 * k + 1] * sy);
      ctx.arc(xys[2 * k] * sx, xys[2 * k + 1] * sy, 2.5 * lw, 0, 2 * Math.PI);
    }
    ctx.fill();
    if (options.selectedPointId !== null) {
      ctx.strokeStyle = SELECTED_POINT_COLOR;
      ctx.lineWidth = 2.5 * lw;
      for (let k = 0; k < n; k++) {
        if (pointIds[k] !== options.selectedPointId) continue;
        ctx.beginPath();
        ctx.arc(xys[2 * k] * sx, xys[2 * k + 1] * sy, 9 * lw, 0, 2 * Math.PI);
        ctx.stroke();
      }
    }
  }
  ctx.restore();
}

/** The 3D point observed nearest to canvas position (x, y), within `radius` canvas pixels. */
export function keypointPointAt(keypoints: ImageKeypoints, size: { width: number; height: number }, canvas: { width: number; height: number }, x: number, y: number, radius: number): number | null {
  const sx = canvas.width / size.width;
  const sy = canvas.height / size.height;
  let best: number | null = null;
  let bestD = radius * radius;
  for (let k = 0; k < keypoints.pointIds.length; k++) {
    if (keypoints.pointIds[k] < 0) continue;
    const dx = keypoints.xys[2 * k] * sx - x;
    const dy = keypoints.xys[2 * k + 1] * sy - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = keypoints.pointIds[k];
    }
  }
  return best;
}
