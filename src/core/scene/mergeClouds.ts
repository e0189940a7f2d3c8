import type { RigidTransform } from '../camera/rigidTransform';
import { quatToMat3 } from '../camera/rigidTransform';

export interface PlacedCloud {
  /** Interleaved x, y, z, intensity. */
  readonly points: Float32Array;
  readonly count: number;
  /** Maps this cloud's points into the merged cloud's frame. */
  readonly targetFromCloud: RigidTransform;
}

/**
 * Accumulates sweeps into one frame (the current LiDAR frame, through each sweep's ego pose), so
 * static structure sharpens and moving objects smear — what a reviewer wants to see. The output
 * keeps the x, y, z, intensity layout the point layer draws.
 */
export function mergeClouds(clouds: readonly PlacedCloud[]): { points: Float32Array; count: number } {
  const total = clouds.reduce((n, c) => n + c.count, 0);
  const out = new Float32Array(total * 4);
  let o = 0;
  for (const { points, count, targetFromCloud } of clouds) {
    const m = quatToMat3(targetFromCloud.rotation);
    const [tx, ty, tz] = targetFromCloud.translation;
    for (let i = 0; i < count; i++) {
      const x = points[i * 4];
      const y = points[i * 4 + 1];
      const z = points[i * 4 + 2];
      out[o] = m[0] * x + m[1] * y + m[2] * z + tx;
      out[o + 1] = m[3] * x + m[4] * y + m[5] * z + ty;
      out[o + 2] = m[6] * x + m[7] * y + m[8] * z + tz;
      out[o + 3] = points[i * 4 + 3];
      o += 4;
    }
  }
  return { points: out, count: total };
}
