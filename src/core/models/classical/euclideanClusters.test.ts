import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seededRandom';
import { euclideanClusters } from './euclideanClusters';

/** Connected components by testing every pair: the definition, quadratic. */
function bruteForce(xyz: Float64Array, n: number, d: number, vw: number): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  let next = 0;
  for (let s = 0; s < n; s++) {
    if (labels[s] >= 0) continue;
    labels[s] = next;
    const stack = [s];
    while (stack.length) {
      const p = stack.pop()!;
      for (let q = 0; q < n; q++) {
        if (labels[q] >= 0) continue;
        const dz = (xyz[3 * p + 2] - xyz[3 * q + 2]) * vw;
        if (Math.hypot(xyz[3 * p] - xyz[3 * q], xyz[3 * p + 1] - xyz[3 * q + 1], dz) <= d) {
          labels[q] = next;
          stack.push(q);
        }
      }
    }
    next++;
  }
  return labels;
}

/** The same partition whatever the cluster numbers. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

describe('euclideanClusters', () => {
  it.each([
    [1, 0.4, 0.1],
    [2, 0.4, 1],
    [3, 0.25, 0.3],
  ])('partitions random blobs as the pairwise definition does (seed %i, distance %f, vertical weight %f)', (seed, d, vw) => {
    const rnd = seededRandom(seed);
    const pts: number[] = [];
    // Dense blobs (many points within one cell) and scattered points at about the neighbour distance.
    for (let b = 0; b < 8; b++) {
      const [cx, cy, cz] = [rnd() * 20, rnd() * 20, rnd() * 3];
      for (let k = 0; k < 120; k++) pts.push(cx + rnd() * 0.5, cy + rnd() * 0.5, cz + rnd() * 2);
    }
    for (let k = 0; k < 600; k++) pts.push(rnd() * 20, rnd() * 20, rnd() * 3);
    const xyz = Float64Array.from(pts);
    const n = pts.length / 3;
    const { labels, clusters } = euclideanClusters(xyz, n, { neighbourDistance: d, verticalWeight: vw });
    const truth = bruteForce(xyz, n, d, vw);
    expect(clusters).toBe(Math.max(...truth) + 1);
    expect(samePartition(labels, truth)).toBe(true);
  });

  it('partitions points spread over kilometres (a grid too large for cells that join whole) as the pairwise definition does', () => {
    const rnd = seededRandom(9);
    const pts: number[] = [];
    for (let b = 0; b < 6; b++) {
      const [cx, cy] = [rnd() * 3000, rnd() * 3000];
      for (let k = 0; k < 80; k++) pts.push(cx + rnd() * 1.5, cy + rnd() * 1.5, rnd() * 2);
    }
    const xyz = Float64Array.from(pts);
    const { labels } = euclideanClusters(xyz, pts.length / 3, { neighbourDistance: 0.4, verticalWeight: 0.1 });
    expect(samePartition(labels, bruteForce(xyz, pts.length / 3, 0.4, 0.1))).toBe(true);
  });

  it('gives no cluster for no points, one for one point', () => {
    expect(euclideanClusters(new Float64Array(0), 0, { neighbourDistance: 0.4, verticalWeight: 0.1 }).clusters).toBe(0);
    expect(euclideanClusters(Float64Array.of(1, 2, 3), 1, { neighbourDistance: 0.4, verticalWeight: 0.1 })).toEqual({ labels: Int32Array.of(0), clusters: 1 });
  });
});
