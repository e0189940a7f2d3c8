import { countPointsInCuboid, visitPointsInCuboidByColumns, type PointColumns } from '../../assist/countPoints';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../../camera/rigidTransform';
import type { Cuboid } from '../../geometry/cuboid';
import { quatMultiply, quatNormalize, rotateVec3 } from '../../geometry/quaternion';
import { groundSurfaceAt, type GroundSurface } from '../../models/classical/groundSurface';
import type { ResolvedLimits } from '../classLimits';
import type { CheckCloud, RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

/**
 * The bottom slab of a box, in metres, whose points are not counted as the object's: a box standing
 * on the ground holds ground returns along its bottom face, which would make an empty box look full.
 */
export const GROUND_BAND = 0.2;

/** The box without its bottom slab (in its own axes, so a tilted box loses the slab along its tilt). */
function aboveGroundBand(c: Cuboid): Cuboid {
  const band = Math.min(GROUND_BAND, c.size[2] / 2);
  const lift = rotateVec3(c.rotation, [0, 0, band / 2]);
  return { ...c, center: [c.center[0] + lift[0], c.center[1] + lift[1], c.center[2] + lift[2]], size: [c.size[0], c.size[1], c.size[2] - band] };
}

/** The box in the cloud's coordinate frame, or null when the two frames cannot be related. */
export function boxInCloudFrame(box: PlacedBox, cloud: CheckCloud, worldFrom?: (frame: string, t: number) => RigidTransform): Cuboid | null {
  const c = box.record.cuboid;
  if (c.frame === cloud.frame) return c;
  if (!worldFrom) return null;
  const t = box.frame.timestamp;
  const cloudFromBox = composeTransforms(inverseTransform(worldFrom(cloud.frame, t)), worldFrom(c.frame, t));
  return {
    frame: cloud.frame,
    center: applyTransform(cloudFromBox, c.center),
    size: c.size,
    rotation: quatNormalize(quatMultiply(cloudFromBox.rotation, c.rotation)),
  };
}

/** `columns`, when given, are the cloud's points by column (the same count, found faster among many boxes). */
export function emptyBoxFinding(box: PlacedBox, cuboid: Cuboid, cloud: CheckCloud, limits: ResolvedLimits, columns?: PointColumns): RuleFinding | null {
  if (limits.minPoints <= 0) return null;
  const n = columns ? countByColumns(columns, aboveGroundBand(cuboid)) : countPointsInCuboid(cloud.points, cloud.stride, aboveGroundBand(cuboid));
  if (n >= limits.minPoints) return null;
  return {
    rule: 'empty-box',
    ...where(box),
    value: n,
    limit: limits.minPoints,
    message: `${n} LiDAR point${n === 1 ? '' : 's'} inside above its bottom ${GROUND_BAND} m (at least ${limits.minPoints} expected)`,
  };
}

function countByColumns(columns: PointColumns, cuboid: Cuboid): number {
  let n = 0;
  visitPointsInCuboidByColumns(columns, cuboid, 0, () => n++);
  return n;
}

/**
 * The least z of the box's corners, as cuboidCorners places them (the same arithmetic, so the same
 * value) without making the eight corners: the live checks ask it of every box on every edit.
 */
export function lowestCornerZ(c: Cuboid): number {
  const [l, w, h] = c.size;
  const [qx, qy, qz, qw] = c.rotation;
  let bottom = Infinity;
  for (let k = 0; k < 8; k++) {
    const v0 = ((k & 3) === 0 || (k & 3) === 3 ? l : -l) / 2;
    const v1 = ((k & 3) < 2 ? w : -w) / 2;
    const v2 = (k < 4 ? -h : h) / 2;
    // rotateVec3's z: t = 2 * cross(q.xyz, v); v' = v + w * t + cross(q.xyz, t).
    const tx = 2 * (qy * v2 - qz * v1);
    const ty = 2 * (qz * v0 - qx * v2);
    const tz = 2 * (qx * v1 - qy * v0);
    bottom = Math.min(bottom, c.center[2] + (v2 + qw * tz + (qx * ty - qy * tx)));
  }
  return bottom;
}

/**
 * The box's lowest corner against the ground under its centre, from the ground surface estimated
 * over the whole sweep (a local plane is fooled far out, where the few returns near a box are the
 * box's own). The surface is in the cloud's frame, as the box given here is.
 */
export function groundContactFinding(
  box: PlacedBox,
  cuboid: Cuboid,
  surface: GroundSurface,
  limits: ResolvedLimits,
  tolerances: { readonly belowGround: number; readonly aboveGround: number; readonly checkBelow: boolean; readonly checkAbove: boolean },
): RuleFinding | null {
  const ground = groundSurfaceAt(surface, cuboid.center[0], cuboid.center[1]);
  const bottom = lowestCornerZ(cuboid);
  const gap = bottom - ground;
  if (tolerances.checkBelow && -gap > tolerances.belowGround) {
    return {
      rule: 'below-ground',
      ...where(box),
      value: -gap,
      limit: tolerances.belowGround,
      message: `bottom ${(-gap).toFixed(2)} m below the ground (${tolerances.belowGround} m allowed)`,
    };
  }
  if (tolerances.checkAbove && !limits.mayFloat && gap > tolerances.aboveGround) {
    return {
      rule: 'floating',
      ...where(box),
      value: gap,
      limit: tolerances.aboveGround,
      message: `bottom ${gap.toFixed(2)} m above the ground (${tolerances.aboveGround} m allowed)`,
    };
  }
  return null;
}
