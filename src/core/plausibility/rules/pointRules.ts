import { countPointsInCuboid } from '../../assist/countPoints';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../../camera/rigidTransform';
import { cuboidCorners, type Cuboid } from '../../geometry/cuboid';
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

export function emptyBoxFinding(box: PlacedBox, cuboid: Cuboid, cloud: CheckCloud, limits: ResolvedLimits): RuleFinding | null {
  if (limits.minPoints <= 0) return null;
  const n = countPointsInCuboid(cloud.points, cloud.stride, aboveGroundBand(cuboid));
  if (n >= limits.minPoints) return null;
  return {
    rule: 'empty-box',
    ...where(box),
    value: n,
    limit: limits.minPoints,
    message: `${n} LiDAR point${n === 1 ? '' : 's'} inside above its bottom ${GROUND_BAND} m (at least ${limits.minPoints} expected)`,
  };
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
  const bottom = Math.min(...cuboidCorners(cuboid).map((p) => p[2]));
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
