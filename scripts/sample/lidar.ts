/**
 * A spinning multi-beam LiDAR (HDL-64-like). One full revolution is cast against a frozen scene:
 * the sample ignores motion during a sweep, so points and ground truth share one timestamp.
 */
import { quatToMat3, type Pose } from './geometry';
import type { Rng } from './prng';
import { Hit, type RayScene, type Surface } from './raycast';

export interface LidarSpec {
  beams: number;
  azimuthSteps: number;
  /** Elevation of the top and bottom beams, degrees; beams are evenly spaced between them. */
  elevationTopDeg: number;
  elevationBottomDeg: number;
  maxRange: number;
  /** Standard deviation of the range error, metres. */
  rangeNoise: number;
}

export const HDL64_LIKE: Omit<LidarSpec, 'beams' | 'azimuthSteps'> = {
  elevationTopDeg: 2,
  elevationBottomDeg: -24.8,
  maxRange: 100,
  rangeNoise: 0.015,
};

/**
 * Returns x, y, z, intensity per point in the sensor frame, in firing order (azimuth-major,
 * top beam first), as a KITTI-style float32 array.
 */
export function simulateSweep(scene: RayScene, streetFromSensor: Pose, spec: LidarSpec, noise: Rng): Float32Array {
  const m = quatToMat3(streetFromSensor.rotation);
  const [ox, oy, oz] = streetFromSensor.translation;
  const elev = new Float64Array(spec.beams);
  for (let b = 0; b < spec.beams; b++) {
    const f = spec.beams === 1 ? 0 : b / (spec.beams - 1);
    elev[b] = ((spec.elevationTopDeg + f * (spec.elevationBottomDeg - spec.elevationTopDeg)) * Math.PI) / 180;
  }
  const out = new Float32Array(spec.beams * spec.azimuthSteps * 4);
  let n = 0;
  const hit = new Hit();
  const surf: Surface = { r: 0, g: 0, b: 0, reflectivity: 0 };
  for (let a = 0; a < spec.azimuthSteps; a++) {
    const az = (2 * Math.PI * a) / spec.azimuthSteps;
    const ca = Math.cos(az), sa = Math.sin(az);
    for (let b = 0; b < spec.beams; b++) {
      const ce = Math.cos(elev[b]), se = Math.sin(elev[b]);
      const sx = ce * ca, sy = ce * sa, sz = se;
      const dx = m[0] * sx + m[1] * sy + m[2] * sz;
      const dy = m[3] * sx + m[4] * sy + m[5] * sz;
      const dz = m[6] * sx + m[7] * sy + m[8] * sz;
      if (!scene.intersect(ox, oy, oz, dx, dy, dz, spec.maxRange, hit) || !hit.material) continue;
      hit.material.surface(ox + hit.t * dx, oy + hit.t * dy, oz + hit.t * dz, hit.nx, hit.ny, hit.nz, surf);
      const cosIncidence = Math.max(0, -(dx * hit.nx + dy * hit.ny + dz * hit.nz));
      const range = hit.t + spec.rangeNoise * noise.gaussian();
      out[n++] = sx * range;
      out[n++] = sy * range;
      out[n++] = sz * range;
      out[n++] = Math.min(1, Math.max(0, surf.reflectivity * cosIncidence));
    }
  }
  return out.slice(0, n);
}
