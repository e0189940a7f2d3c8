import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { inverseTransform, type KittiObjectCalib, type RigidTransform } from '../camera';
import { applyTransform } from '../camera/rigidTransform';
import { cuboidCorners } from '../geometry/cuboid';
import { rotateVec3 } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { veloFromRect0 } from '../importers/kitti/kittiLabels';

/** The geometric fields of a KITTI label line, before rounding. */
export interface KittiBoxFields {
  readonly height: number;
  readonly width: number;
  readonly length: number;
  readonly bottomInRect0: Vec3;
  readonly rotationY: number;
  /** Observation angle: rotation_y less the azimuth of the box centre seen from the camera. */
  readonly alpha: number;
  /** The projected box in image_2 (left, top, right, bottom), unclipped; null when a corner is behind the camera. */
  readonly bbox: readonly [number, number, number, number] | null;
}

/** How far the box's up axis leans from its frame's z: KITTI boxes turn about one axis only. */
export function tiltOf(rotation: CuboidAnnotation['cuboid']['rotation']): number {
  const up = rotateVec3(rotation, [0, 0, 1]);
  return Math.acos(Math.max(-1, Math.min(1, up[2])));
}

/**
 * The exact inverse of kittiLabelToCuboid: the centre into the rectified camera 0 frame, lowered
 * to the bottom by half the height along the camera's y (down), and the box's heading turned into
 * rotation_y about that y; size (length, width, height) to KITTI's h, w, l.
 */
export function kittiBoxFromCuboid(cuboid: CuboidAnnotation['cuboid'], rect0FromVelo: RigidTransform, calib: KittiObjectCalib): KittiBoxFields {
  const [length, width, height] = cuboid.size;
  const c = applyTransform(rect0FromVelo, cuboid.center);
  const heading = rotateVec3(rect0FromVelo.rotation, rotateVec3(cuboid.rotation, [1, 0, 0]));
  const rotationY = Math.atan2(-heading[2], heading[0]);
  const bottom: Vec3 = [c[0], c[1] + height / 2, c[2]];
  const alpha = wrapAngle(rotationY - Math.atan2(c[0], c[2]));
  const P = calib.P2;
  let bbox: [number, number, number, number] | null = [Infinity, Infinity, -Infinity, -Infinity];
  for (const corner of cuboidCorners(cuboid)) {
    const [x, y, z] = applyTransform(rect0FromVelo, corner);
    const w = P[8] * x + P[9] * y + P[10] * z + P[11];
    if (!(w > 0.1)) {
      bbox = null;
      break;
    }
    const u = (P[0] * x + P[1] * y + P[2] * z + P[3]) / w;
    const v = (P[4] * x + P[5] * y + P[6] * z + P[7]) / w;
    bbox = [Math.min(bbox[0], u), Math.min(bbox[1], v), Math.max(bbox[2], u), Math.max(bbox[3], v)];
  }
  return { height, width, length, bottomInRect0: bottom, rotationY, alpha, bbox };
}

export function rect0FromVelo(calib: KittiObjectCalib, source?: string): RigidTransform {
  return inverseTransform(veloFromRect0(calib, source));
}

/** An angle in (−π, π]. */
export function wrapAngle(a: number): number {
  const w = Math.atan2(Math.sin(a), Math.cos(a));
  return w === -Math.PI ? Math.PI : w;
}

const CALIB_KEYS = ['P0', 'P1', 'P2', 'P3', 'R0_rect', 'Tr_velo_to_cam', 'Tr_imu_to_velo'] as const;
/** KITTI tracking's calib files name three of the matrices differently, without the colon. */
const TRACKING_NAMES: Partial<Record<(typeof CALIB_KEYS)[number], string>> = { R0_rect: 'R_rect', Tr_velo_to_cam: 'Tr_velo_cam', Tr_imu_to_velo: 'Tr_imu_velo' };

/** A calibration as KITTI writes it (12 significant digits, as its own files print them). */
export function formatKittiCalib(calib: KittiObjectCalib, layout: 'object' | 'tracking'): string {
  const lines: string[] = [];
  for (const key of CALIB_KEYS) {
    const values = calib[key];
    if (!values) continue;
    const name = layout === 'tracking' && TRACKING_NAMES[key] ? `${TRACKING_NAMES[key]} ` : `${key}: `;
    lines.push(`${name}${values.map((v) => v.toExponential(12)).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
