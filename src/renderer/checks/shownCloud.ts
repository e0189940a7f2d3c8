import { sweepTimesOnSceneClock } from '../../core/plausibility/rules/pointTime';
import type { CheckCloud } from '../../core/plausibility/types';
import type { FrameCloud } from '../state/viewStore';

const onSceneClock = new WeakMap<Float64Array, { readonly timestamp: number; readonly time: Float64Array | null }>();

/**
 * The sweep on screen as the point rules read it: positions as decoded, and each point's capture
 * time put on the clock of the scene's frame timestamps where the file carries one. The times are
 * converted once per decoded sweep (the checks rerun on every edit, and a conversion sorts a copy
 * of them for its median); a sweep whose times are on another clock, or none, goes without.
 */
export function shownCheckCloud(cloud: FrameCloud, frameTimestamp: number | undefined): CheckCloud {
  const shown: CheckCloud = { points: cloud.points, stride: 4, frame: cloud.sensorId };
  if (!cloud.time || frameTimestamp === undefined) return shown;
  let converted = onSceneClock.get(cloud.time);
  if (!converted || converted.timestamp !== frameTimestamp) {
    converted = { timestamp: frameTimestamp, time: sweepTimesOnSceneClock(cloud.time.subarray(0, cloud.count), frameTimestamp) };
    onSceneClock.set(cloud.time, converted);
  }
  return converted.time ? { ...shown, time: converted.time } : shown;
}
