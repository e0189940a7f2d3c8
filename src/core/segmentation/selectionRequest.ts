import type { PointArray } from '../assist/points';
import { pointCountOf } from '../assist/points';
import type { Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { selectThroughCamera, type CameraLasso } from './cameraLasso';
import { regionGrow, selectInCuboid, selectInCylinder, selectInSphere, selectInViewPolygon } from './selectPoints';

/**
 * What a segmentation tool asks of a frame's points, as plain data: it crosses to the selection
 * worker by structured clone, and the worker answers the indices (increasing) it selects.
 */
export type SelectionShape =
  /** A lasso or polygon through the 3D view: NDC vertices, the view's 4×4 view-projection, column-major. */
  | { readonly kind: 'viewPolygon'; readonly viewProjection: readonly number[]; readonly polygon: readonly number[] }
  /**
   * A brush stroke: every point within `radius` of any of the centres; a cylinder brush measures
   * the distance horizontally only, so it takes whole vertical columns (a pole, a trunk, a person
   * from head to feet) whatever height the cursor hit them at.
   */
  | { readonly kind: 'brush'; readonly centres: readonly Vec3[]; readonly radius: number; readonly brush?: BrushShape }
  | { readonly kind: 'box'; readonly cuboid: Cuboid; readonly margin?: number }
  /** A lasso drawn on a camera image: pixel vertices, the camera's model and where it sits (see cameraLasso). */
  | ({ readonly kind: 'cameraPolygon' } & CameraLasso)
  /** Region growing from the point nearest `at` (within `pickRadius`), never into the `locked` classes. */
  | { readonly kind: 'grow'; readonly at: Vec3; readonly radius: number; readonly pickRadius?: number; readonly maxPoints?: number; readonly locked?: readonly number[] };

/** A sphere around the cursor's point, or an upright cylinder through it, unbounded in z. */
export type BrushShape = 'sphere' | 'cylinder';

export interface Selection {
  readonly indices: Uint32Array;
  /** Why fewer points came back than asked for, for the notice line; null when none. */
  readonly note: string | null;
}

/** The points `shape` selects; `labels` is read by region growing for its locked classes. */
export function selectByShape(points: PointArray, stride: number, shape: SelectionShape, labels?: Uint32Array): Selection {
  switch (shape.kind) {
    case 'viewPolygon':
      return { indices: selectInViewPolygon(points, stride, shape.viewProjection, shape.polygon), note: null };
    case 'cameraPolygon':
      return { indices: selectThroughCamera(points, stride, shape), note: null };
    case 'box':
      return { indices: selectInCuboid(points, stride, shape.cuboid, shape.margin ?? 0), note: null };
    case 'brush':
      return { indices: brushStroke(points, stride, shape.centres, shape.radius, shape.brush ?? 'sphere'), note: null };
    case 'grow': {
      const seed = nearestPoint(points, stride, shape.at, shape.pickRadius ?? 0.5);
      if (seed < 0) return { indices: new Uint32Array(0), note: 'No point near the click to grow from.' };
      const grown = regionGrow(points, stride, seed, { radius: shape.radius, maxPoints: shape.maxPoints, locked: new Set(shape.locked ?? []), labels });
      return { indices: grown.indices, note: grown.truncated ? `The region was capped at ${grown.indices.length.toLocaleString('en-US')} points.` : null };
    }
  }
}

/** The union of spheres (or upright cylinders) along a stroke, in one pass over the points (a stroke's centres are few). */
function brushStroke(points: PointArray, stride: number, centres: readonly Vec3[], radius: number, brush: BrushShape): Uint32Array {
  const cylinder = brush === 'cylinder';
  if (centres.length === 1) return cylinder ? selectInCylinder(points, stride, centres[0], radius) : selectInSphere(points, stride, centres[0], radius);
  const n = pointCountOf(points, stride);
  const r2 = radius * radius;
  let x0 = Infinity, y0 = Infinity, z0 = Infinity, x1 = -Infinity, y1 = -Infinity, z1 = -Infinity;
  for (const c of centres) {
    x0 = Math.min(x0, c[0] - radius); x1 = Math.max(x1, c[0] + radius);
    y0 = Math.min(y0, c[1] - radius); y1 = Math.max(y1, c[1] + radius);
    z0 = Math.min(z0, c[2] - radius); z1 = Math.max(z1, c[2] + radius);
  }
  if (cylinder) {
    z0 = -Infinity;
    z1 = Infinity;
  }
  // A cylinder ignores height: its centres' z counts for nothing.
  const zWeight = cylinder ? 0 : 1;
  const out: number[] = [];
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const x = points[o], y = points[o + 1], z = points[o + 2];
    if (x < x0 || x > x1 || y < y0 || y > y1 || z < z0 || z > z1) continue;
    for (const c of centres) {
      const dx = x - c[0], dy = y - c[1], dz = (z - c[2]) * zWeight;
      if (dx * dx + dy * dy + dz * dz <= r2) {
        out.push(i);
        break;
      }
    }
  }
  return Uint32Array.from(out);
}

/** The index of the point nearest `at` within `radius`, or −1. */
export function nearestPoint(points: PointArray, stride: number, at: Vec3, radius: number): number {
  const n = pointCountOf(points, stride);
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - at[0], dy = points[o + 1] - at[1], dz = points[o + 2] - at[2];
    const d = dx * dx + dy * dy + dz * dz;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** Messages to the selection worker: a frame's points once (kept until another frame's come), then requests against them. */
export type SelectionWorkerRequest =
  | { readonly type: 'points'; readonly frameId: string; readonly points: Float32Array; readonly stride: number }
  | { readonly type: 'select'; readonly requestId: number; readonly frameId: string; readonly shape: SelectionShape; readonly labels?: Uint32Array };

export type SelectionWorkerReply =
  | { readonly type: 'selected'; readonly requestId: number; readonly indices: Uint32Array; readonly note: string | null; readonly ms: number }
  | { readonly type: 'failed'; readonly requestId: number; readonly message: string };

/** The worker's whole logic, apart from the Worker itself: testable headless, and the same in a worker thread or a web worker. */
export class SelectionWorkerState {
  private frame: { frameId: string; points: Float32Array; stride: number } | null = null;

  constructor(private readonly now: () => number = () => 0) {}

  handle(message: SelectionWorkerRequest): SelectionWorkerReply | null {
    if (message.type === 'points') {
      this.frame = { frameId: message.frameId, points: message.points, stride: message.stride };
      return null;
    }
    const frame = this.frame;
    if (!frame || frame.frameId !== message.frameId) return { type: 'failed', requestId: message.requestId, message: `the selection worker holds no points of frame ${message.frameId}` };
    try {
      const t0 = this.now();
      const { indices, note } = selectByShape(frame.points, frame.stride, message.shape, message.labels);
      return { type: 'selected', requestId: message.requestId, indices, note, ms: this.now() - t0 };
    } catch (e) {
      return { type: 'failed', requestId: message.requestId, message: (e as Error).message };
    }
  }
}
