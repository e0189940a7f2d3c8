import { describe, expect, it } from 'vitest';
import { nearestIndex, planFrames, RateGate } from './frameTiming';

describe('planFrames', () => {
  it('gives each sweep each camera\'s nearest image within the tolerance and reports the rest', () => {
    const sweeps = [0, 0.1, 0.2, 0.3];
    const cameras = new Map([
      ['front', [0.004, 0.103, 0.26, 0.305]],
      ['empty', []],
    ]);
    const plan = planFrames(sweeps, cameras, { tolerance: 0.01 });
    expect(plan.frames.map((f) => f.images.get('front'))).toEqual([0, 1, undefined, 3]);
    expect(plan.missing).toContainEqual({ camera: 'front', frame: 2, nearest: expect.closeTo(0.06, 9) as number });
    expect(plan.missing.filter((m) => m.camera === 'empty')).toHaveLength(4);
    expect(plan.missing.find((m) => m.camera === 'empty')!.nearest).toBeNull();
  });
});

describe('RateGate', () => {
  it('keeps sweeps at most `rate` a second, with a millisecond of slack', () => {
    const gate = new RateGate(5);
    const kept = [0, 0.1, 0.1999, 0.3, 0.4, 0.5].filter((t) => gate.keeps(t));
    expect(kept).toEqual([0, 0.1999, 0.4]);
    const all = new RateGate();
    expect([0, 0.01, 0.02].filter((t) => all.keeps(t))).toHaveLength(3);
  });
});

describe('nearestIndex', () => {
  it('finds the nearest of a sorted list', () => {
    expect(nearestIndex([], 1)).toBeNull();
    expect(nearestIndex([1, 2, 4], 2.9)).toBe(1);
    expect(nearestIndex([1, 2, 4], 3.1)).toBe(2);
    expect(nearestIndex([1, 2, 4], -5)).toBe(0);
  });
});
