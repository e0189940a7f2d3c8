/** Deterministic synthetic clouds for LOD tests and benchmarks. */
import type { PointBatch } from '../../../../core/pointcloud/pointBatch';
import { seededRandom } from '../../../../core/random/seededRandom';

export const rng = seededRandom;

/**
 * A 2.5D terrain over [0, size]² (z within a few metres), like a LiDAR tile. Points are
 * numbered from `first` in gpsTime, so a test can tell every point apart.
 */
export function terrainBatch(count: number, first: number, random: () => number, size = 100): PointBatch {
  const positions = new Float64Array(3 * count);
  const intensity = new Uint16Array(count);
  const classification = new Uint8Array(count);
  const gpsTime = new Float64Array(count);
  const rgb = new Uint16Array(3 * count);
  for (let i = 0; i < count; i++) {
    const x = random() * size;
    const y = random() * size;
    positions[3 * i] = x;
    positions[3 * i + 1] = y;
    positions[3 * i + 2] = 5 + 2 * Math.sin(x / 7) * Math.cos(y / 9) + random() * 0.2;
    intensity[i] = (first + i) & 0xffff;
    classification[i] = (first + i) % 7;
    gpsTime[i] = first + i;
    rgb[3 * i] = (i * 31) & 0xffff;
    rgb[3 * i + 1] = (i * 17) & 0xffff;
    rgb[3 * i + 2] = (i * 7) & 0xffff;
  }
  return { count, positions, intensity, classification, gpsTime, rgb };
}

/** A few dense blobs (one of them very dense) over a sparse volumetric background. */
export function clusteredBatch(count: number, first: number, random: () => number, size = 100): PointBatch {
  const positions = new Float64Array(3 * count);
  const intensity = new Uint16Array(count);
  const classification = new Uint8Array(count);
  const gpsTime = new Float64Array(count);
  const blobs = [
    { c: [20, 30, 10], r: 0.3, share: 0.4 },
    { c: [70, 60, 40], r: 3, share: 0.2 },
    { c: [50, 90, 80], r: 8, share: 0.2 },
  ];
  for (let i = 0; i < count; i++) {
    const u = random();
    let acc = 0;
    let blob: (typeof blobs)[number] | null = null;
    for (const b of blobs) {
      acc += b.share;
      if (u < acc) {
        blob = b;
        break;
      }
    }
    for (let a = 0; a < 3; a++) {
      positions[3 * i + a] = blob ? blob.c[a] + (random() * 2 - 1) * blob.r : random() * size;
    }
    intensity[i] = (first + i) & 0xffff;
    classification[i] = blob ? 1 : 2;
    gpsTime[i] = first + i;
  }
  return { count, positions, intensity, classification, gpsTime };
}
