import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { overlapOf } from './boxOverlap';
import { matchBoxes, matchCost, pairThreshold, passes, type MatchOptions } from './matching';
import { testBox } from './testBoxes';
import type { AgreementBox } from './types';

/** Over every one-to-one set of admissible pairs: the most pairs, then the least total cost. */
function bruteForce(a: readonly AgreementBox[], b: readonly AgreementBox[], options: MatchOptions): { count: number; cost: number } {
  const metric = options.metric ?? 'iou3d';
  const ok = (i: number, j: number) =>
    (!options.classAware || a[i].classId === b[j].classId) && passes(overlapOf(a[i], b[j]), metric, pairThreshold(options, a[i].classId, b[j].classId));
  let best = { count: 0, cost: 0 };
  const used = new Array<boolean>(b.length).fill(false);
  const walk = (i: number, count: number, cost: number) => {
    if (i === a.length) {
      if (count > best.count || (count === best.count && cost < best.cost)) best = { count, cost };
      return;
    }
    walk(i + 1, count, cost);
    for (let j = 0; j < b.length; j++) {
      if (used[j] || !ok(i, j)) continue;
      used[j] = true;
      walk(i + 1, count + 1, cost + matchCost(overlapOf(a[i], b[j]), metric));
      used[j] = false;
    }
  };
  walk(0, 0, 0);
  return best;
}

function randomSet(rnd: () => number, n: number, prefix: string): AgreementBox[] {
  const classes = ['car', 'truck', 'pedestrian'];
  // Crowded on purpose: boxes in a 6 m square overlap several others.
  return Array.from({ length: n }, (_, k) =>
    testBox(`${prefix}${k}`, rnd() * 6, rnd() * 6, {
      classId: classes[Math.floor(rnd() * 3)],
      yaw: rnd() * 6.3,
      size: [1 + rnd() * 4, 1 + rnd() * 2, 1 + rnd()],
      z: rnd() * 0.5,
    }),
  );
}

describe('matchBoxes', () => {
  it('equals brute force over all assignments on small random sets, for every metric', () => {
    const rnd = seededRandom(31);
    const variants: MatchOptions[] = [
      { metric: 'iou3d', threshold: 0.1 },
      { metric: 'bev', threshold: 0.2, classAware: true },
      { metric: 'centre', threshold: 2.5 },
      { metric: 'iou3d', threshold: 0.05, classThresholds: { truck: 0.3, pedestrian: 0.01 } },
    ];
    for (let k = 0; k < 300; k++) {
      const options = variants[k % variants.length];
      const a = randomSet(rnd, 1 + Math.floor(rnd() * 6), 'a');
      const b = randomSet(rnd, 1 + Math.floor(rnd() * 6), 'b');
      const got = matchBoxes(a, b, options);
      const want = bruteForce(a, b, options);
      expect(got.matches.length).toBe(want.count);
      const cost = got.matches.reduce((s, m) => s + matchCost(m, options.metric ?? 'iou3d'), 0);
      expect(cost).toBeCloseTo(want.cost, 9);
      // Each box at most once; the leftovers are exactly the rest.
      expect(new Set(got.matches.map((m) => m.a)).size).toBe(got.matches.length);
      expect(new Set(got.matches.map((m) => m.b)).size).toBe(got.matches.length);
      expect(got.unmatchedA.length + got.matches.length).toBe(a.length);
      expect(got.unmatchedB.length + got.matches.length).toBe(b.length);
    }
  });

  it('prefers more matches over a higher IoU for fewer', () => {
    // b0 overlaps a0 a lot and a1 a little; b1 overlaps only a0. Greedy by IoU would pair a0–b0 and leave a1.
    const a = [testBox('a0', 0, 0), testBox('a1', 3.4, 0)];
    const b = [testBox('b0', 0.6, 0), testBox('b1', -1.2, 0)];
    const m = matchBoxes(a, b, { metric: 'bev', threshold: 0.1 });
    expect(m.contested).toBe(3);
    expect(m.matches.map((x) => [x.a, x.b])).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('matches class-agnostic by default and only within a class when asked', () => {
    const a = [testBox('a', 0, 0, { classId: 'car' })];
    const b = [testBox('b', 0.1, 0, { classId: 'van' })];
    expect(matchBoxes(a, b).matches).toHaveLength(1);
    expect(matchBoxes(a, b, { classAware: true }).matches).toHaveLength(0);
  });

  it('uses the stricter threshold of the two classes, so A against B equals B against A', () => {
    const a = [testBox('a', 0, 0, { classId: 'car' })];
    const b = [testBox('b', 1, 0, { classId: 'truck' })]; // BEV IoU 3.5 / 5.5 ≈ 0.64
    const options = { metric: 'bev' as const, classThresholds: { car: 0.5, truck: 0.7 } };
    expect(matchBoxes(a, b, options).matches).toHaveLength(0);
    expect(matchBoxes(b, a, options).matches).toHaveLength(0);
    expect(matchBoxes(a, b, { ...options, classThresholds: { truck: 0.6 } }).matches).toHaveLength(1);
  });

  it('matches by centre distance within the threshold, whatever the overlap', () => {
    const a = [testBox('a', 0, 0, { size: [0.5, 0.5, 1.7] })];
    const b = [testBox('b', 1.5, 0, { size: [0.5, 0.5, 1.7] })];
    expect(matchBoxes(a, b).matches).toHaveLength(0);
    const m = matchBoxes(a, b, { metric: 'centre', threshold: 2 });
    expect(m.matches).toEqual([{ a: 0, b: 0, iou3d: 0, bevIou: 0, centreDistance: 1.5 }]);
  });

  it('gives empty matchings for empty sides', () => {
    expect(matchBoxes([], [testBox('b', 0, 0)])).toEqual({ matches: [], unmatchedA: [], unmatchedB: [0], contested: 0 });
    expect(matchBoxes([testBox('a', 0, 0)], [])).toEqual({ matches: [], unmatchedA: [0], unmatchedB: [], contested: 0 });
  });
});
