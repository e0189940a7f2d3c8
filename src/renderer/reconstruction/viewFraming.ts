import { rotateVec3 } from '../../core/geometry/quaternion';
import type { Vec3 } from '../../core/geometry/vec3';
import type { ColmapImage } from '../../core/importers/colmap';

/** How the 3D view first looks at a reconstruction; positions are relative to `target`. */
export interface ViewFraming {
  /** Where the view looks, in the model's coordinates (render coordinates are relative to it). */
  readonly target: Vec3;
  /** Most points lie within this distance of the target. */
  readonly radius: number;
  readonly up: Vec3;
  /** Unit vector from the target towards the eye. */
  readonly viewFrom: Vec3;
  /** Depth of the drawn frustums, in model units. */
  readonly frustumDepth: number;
  /** Radius around the target that holds the points and every camera with its frustum. */
  readonly wholeRadius: number;
}

/** Samples enough for a stable median and percentile without sorting millions of points. */
const MAX_SAMPLES = 20_000;
const RADIUS_PERCENTILE = 0.9;

const normalise = (v: Vec3): Vec3 | null => {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n > 1e-9 ? [v[0] / n, v[1] / n, v[2] / n] : null;
};
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const perpendicular = (v: Vec3, axis: Vec3): Vec3 => {
  const d = dot(v, axis);
  return [v[0] - d * axis[0], v[1] - d * axis[1], v[2] - d * axis[2]];
};

/** A camera axis (in its own optical frame) in world coordinates: camFromWorld's rotation, inverted. */
const worldAxis = (image: ColmapImage, axis: Vec3): Vec3 => {
  const [x, y, z, w] = image.camFromWorld.rotation;
  return rotateVec3([-x, -y, -z, w], axis);
};

/**
 * COLMAP fixes no up axis (a model is oriented however its first image pair was), but people
 * mostly hold cameras upright: the mean of the cameras' image-up directions (−y of the optical
 * frame) is the scene's up. A model with no images, or whose cameras cancel out, keeps +z.
 */
export function estimateUp(images: readonly ColmapImage[]): Vec3 {
  const sum: [number, number, number] = [0, 0, 0];
  for (const image of images) {
    const up = worldAxis(image, [0, -1, 0]);
    sum[0] += up[0];
    sum[1] += up[1];
    sum[2] += up[2];
  }
  return normalise(sum) ?? [0, 0, 1];
}

/**
 * Where to look from: behind the cameras (against their mean viewing direction, level with the
 * up axis) and somewhat above, so the view sees what the cameras saw. A ring of cameras around
 * an object has no mean direction; then the first camera's viewpoint is used.
 */
export function viewDirection(images: readonly ColmapImage[], up: Vec3): Vec3 {
  const sum: [number, number, number] = [0, 0, 0];
  for (const image of images) {
    const f = worldAxis(image, [0, 0, 1]);
    sum[0] += f[0] / images.length;
    sum[1] += f[1] / images.length;
    sum[2] += f[2] / images.length;
  }
  let level = Math.hypot(...perpendicular(sum, up)) > 0.2 ? normalise(perpendicular(sum, up)) : null;
  if (!level && images.length > 0) level = normalise(perpendicular(worldAxis(images[0], [0, 0, 1]), up));
  level ??= normalise(perpendicular([1, 0, 0], up)) ?? normalise(perpendicular([0, 1, 0], up))!;
  return normalise([-level[0] + 0.5 * up[0], -level[1] + 0.5 * up[1], -level[2] + 0.5 * up[2]])!;
}

/**
 * The per-axis median of the points and the distance within which 90 % of them lie: SfM models
 * keep a few points far out (badly conditioned triangulations), and framing on the bounding box
 * would shrink the model to a dot.
 */
export function robustExtent(xyz: ArrayLike<number>, count: number): { centre: Vec3; radius: number } {
  if (count === 0) return { centre: [0, 0, 0], radius: 1 };
  const step = Math.max(1, Math.floor(count / MAX_SAMPLES));
  const axes: number[][] = [[], [], []];
  for (let i = 0; i < count; i += step) for (let a = 0; a < 3; a++) axes[a].push(xyz[3 * i + a]);
  const median = (v: number[]) => v.sort((p, q) => p - q)[Math.floor(v.length / 2)];
  const centre: Vec3 = [median(axes[0]), median(axes[1]), median(axes[2])];
  const distances: number[] = [];
  for (let i = 0; i < count; i += step) distances.push(Math.hypot(xyz[3 * i] - centre[0], xyz[3 * i + 1] - centre[1], xyz[3 * i + 2] - centre[2]));
  distances.sort((p, q) => p - q);
  const radius = distances[Math.min(distances.length - 1, Math.floor(distances.length * RADIUS_PERCENTILE))];
  return { centre, radius: radius > 0 ? radius : 1 };
}

/** The farthest camera centre from `target`, or `radius` when the points reach further. */
export function reach(centres: readonly Vec3[], target: Vec3, radius: number): number {
  let far = radius;
  for (const c of centres) far = Math.max(far, Math.hypot(c[0] - target[0], c[1] - target[1], c[2] - target[2]));
  return far;
}

/**
 * Frustums half as deep as neighbouring cameras are apart, so a dense capture does not become a
 * tangle, and at most a tenth of the whole scene's reach, so a sparse one does not hide its
 * points; never so small that a frustum is a dot beside the points.
 */
export function frustumDepth(centres: readonly Vec3[], radius: number, sceneReach: number): number {
  const byScene = 0.1 * sceneReach;
  const floor = 0.02 * radius;
  if (centres.length < 2) return Math.max(floor, byScene);
  const step = Math.max(1, Math.floor(centres.length / 500));
  const nearest: number[] = [];
  for (let i = 0; i < centres.length; i += step) {
    let best = Infinity;
    for (let j = 0; j < centres.length; j++) {
      if (j === i) continue;
      const d = Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1], centres[i][2] - centres[j][2]);
      if (d > 0 && d < best) best = d;
    }
    if (best < Infinity) nearest.push(best);
  }
  if (nearest.length === 0) return Math.max(floor, byScene);
  nearest.sort((p, q) => p - q);
  return Math.max(floor, Math.min(byScene, 0.5 * nearest[Math.floor(nearest.length / 2)]));
}

/**
 * How far the eye stands from the target to fit a radius in the field of view: the points'
 * (what the view opens on) or everything's, cameras included (a capture from afar leaves its
 * cameras outside the points' framing, behind the eye).
 */
export function eyeDistance(framing: Pick<ViewFraming, 'radius' | 'wholeRadius'>, fovDeg: number, what: 'points' | 'all'): number {
  const radius = what === 'points' ? framing.radius : framing.wholeRadius;
  return (radius / Math.sin(((fovDeg / 2) * Math.PI) / 180)) * 1.1;
}
