import type { CameraBoxHandles } from '../../core/editor/tools/cameraBoxTool';

/** The yaw knob's radius, in image pixels. */
const KNOB_RADIUS = 9;

/**
 * The selected cuboid's handles in a camera image: its footprint (drag it along the ground) shaded
 * with a heavy outline, and the yaw knob on the face turned towards the camera as a ring with a dot.
 */
export function drawCameraBoxHandles(ctx: CanvasRenderingContext2D, handles: CameraBoxHandles): void {
  const f = handles.footprint;
  if (f) {
    ctx.beginPath();
    f.forEach(([u, v], i) => (i === 0 ? ctx.moveTo(u, v) : ctx.lineTo(u, v)));
    ctx.closePath();
    ctx.fillStyle = 'rgba(255, 255, 255, 0.28)';
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 3;
    ctx.stroke();
  }
  const k = handles.yawKnob;
  if (k) {
    ctx.beginPath();
    ctx.arc(k[0], k[1], KNOB_RADIUS, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(17, 24, 39, 0.6)';
    ctx.fill();
    ctx.strokeStyle = '#facc15';
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(k[0], k[1], 3, 0, 2 * Math.PI);
    ctx.fillStyle = '#facc15';
    ctx.fill();
  }
}

/** A point as the panel's data attributes give it to tests and tools: "u v" in image pixels, or "" for none. */
export function pixelAttribute(p: readonly [number, number] | null): string {
  return p ? `${p[0].toFixed(1)} ${p[1].toFixed(1)}` : '';
}
