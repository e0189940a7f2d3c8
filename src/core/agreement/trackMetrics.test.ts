import { describe, expect, it } from 'vitest';
import { candidatePairs, matchBoxes } from './matching';
import { testBox } from './testBoxes';
import { TrackAccumulator, type TrackMetrics, type TrackMetricsOptions } from './trackMetrics';
import type { AgreementBox } from './types';

/** Runs both annotators' frames (same length) through a TrackAccumulator. */
function run(framesA: AgreementBox[][], framesB: AgreementBox[][], options: TrackMetricsOptions = {}): TrackMetrics {
  const acc = new TrackAccumulator('A', 'B', options);
  framesA.forEach((a, f) => acc.addFrame(a, framesB[f], candidatePairs(a, framesB[f], options)));
  return acc.result();
}

const at = (track: string, f: number, x: number, y = 0) => testBox(`${track}@${f}`, x, y, { trackId: track });

describe('TrackAccumulator', () => {
  it('counts one identity switch when B changes the id of a track once', () => {
    const frames = [0, 1, 2, 3, 4, 5];
    const a = frames.map((f) => [at('g', f, 2 * f)]);
    const b = frames.map((f) => [at(f < 3 ? 'p1' : 'p2', f, 2 * f)]);
    const m = run(a, b, { hotaAlphas: [0.5] });
    expect(m).toMatchObject({ idSwitches: 1, fragmentations: 0, matches: 6, misses: 0, falsePositives: 0, tracksA: 1, tracksB: 2 });
    expect(m.mota).toBeCloseTo(5 / 6, 12);
    expect(m.motp).toBe(1);
    // DetA 6 / 6; AssA: each of (g, p1) and (g, p2) has 3 TPs and Jaccard 3 / (6 + 3 − 3) = 1/2.
    expect(m.hota.detA[0]).toBe(1);
    expect(m.hota.assA[0]).toBeCloseTo(0.5, 12);
    expect(m.hota.hota[0]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('counts a fragmentation when B loses a track for two frames and picks it up again', () => {
    const frames = [0, 1, 2, 3, 4, 5, 6];
    const a = frames.map((f) => [at('g', f, 2 * f)]);
    const b = frames.map((f) => (f === 3 || f === 4 ? [] : [at('p', f, 2 * f)]));
    const m = run(a, b, { hotaAlphas: [0.5] });
    expect(m).toMatchObject({ idSwitches: 0, fragmentations: 1, matches: 5, misses: 2, falsePositives: 0 });
    expect(m.mota).toBeCloseTo(5 / 7, 12);
    expect(m).toMatchObject({ mostlyTracked: 0, partiallyTracked: 1, mostlyLost: 0 });
    // DetA 5 / (7 + 5 − 5); AssA of the one pair 5 / (7 + 5 − 5): HOTA 5/7.
    expect(m.hota.hota[0]).toBeCloseTo(5 / 7, 12);
  });

  it('keeps last frame’s pairs when they still pass, as CLEAR MOT does, rather than swap for a better IoU', () => {
    const a = [[at('g1', 0, 0), at('g2', 0, 20)], [at('g1', 1, 5), at('g2', 1, 6, 0)]];
    const b = [[at('p1', 0, 0), at('p2', 0, 20)], [at('p1', 1, 6.1), at('p2', 1, 5.1)]];
    // Frame 1 alone pairs g1 with p2 and g2 with p1 (IoU 0.96 each against 0.61 and 0.67).
    expect(matchBoxes(a[1], b[1]).matches.map((m) => [m.a, m.b])).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(run(a, b)).toMatchObject({ idSwitches: 0, matches: 4 });
  });

  it('counts misses and false positives in MOTA', () => {
    const a = [[at('g', 0, 0), at('h', 0, 30)], [at('g', 1, 0)]];
    const b = [[at('p', 0, 0), at('x', 0, -30)], [at('p', 1, 0), at('y', 1, 50)]];
    const m = run(a, b);
    expect(m).toMatchObject({ boxesA: 3, boxesB: 4, matches: 2, misses: 1, falsePositives: 2, idSwitches: 0 });
    expect(m.mota).toBeCloseTo(1 - 3 / 3, 12);
    expect(m).toMatchObject({ mostlyTracked: 1, mostlyLost: 1 });
  });

  it('thresholds one matching at each HOTA alpha', () => {
    // Shifted 1.125 m along a 4.5 m length: IoU (4.5 − 1.125) / (4.5 + 1.125) = 0.6 in every frame.
    const a = [0, 1, 2].map((f) => [at('g', f, 10 * f)]);
    const b = [0, 1, 2].map((f) => [at('p', f, 10 * f + 1.125)]);
    const m = run(a, b, { hotaAlphas: [0.7, 0.5] });
    expect(m.hota.alphas).toEqual([0.5, 0.7]);
    expect(m.hota.hota[0]).toBeCloseTo(1, 12);
    expect(m.hota.hota[1]).toBe(0);
    expect(m.hota.meanHota).toBeCloseTo(0.5, 12);
    expect(m.motp).toBeCloseTo(0.6, 12);
  });

  it('gives null figures, not NaN, for empty sequences', () => {
    const m = run([[], []], [[], []]);
    expect(m.mota).toBeNull();
    expect(m.motp).toBeNull();
    expect(m.hota.meanHota).toBeNull();
  });
});
