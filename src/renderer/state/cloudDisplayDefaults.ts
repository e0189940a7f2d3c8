import type { CallOutput } from '../../shared/contract';
import type { CloudColorMode } from './viewStore';

/**
 * Eye-dome lighting shades by depth differences between neighbouring pixels: a dense scan gains
 * shape from it, but a sparse cloud (thousands to tens of thousands of points) is mostly
 * background around each point and turns near-black, so it starts off there.
 */
export const EDL_MIN_POINTS = 100_000;

/** How a cloud looks when it opens: its own colours where it has them, lighting where it helps. */
export function cloudDisplayDefaults(cloud: CallOutput<'pointcloud.open'>): { cloudColor: CloudColorMode; edl: boolean } {
  const attributes = new Set((cloud.attributes ?? []).map((a) => a.toLowerCase()));
  return {
    cloudColor: attributes.has('rgb') || attributes.has('rgba') ? 'rgb' : 'elevation',
    edl: (cloud.points ?? 0) >= EDL_MIN_POINTS,
  };
}
