import { describe, expect, it } from 'vitest';
import { AgreementCancelledError, AgreementRun, computeAgreement } from './computeAgreement';
import { testBox } from './testBoxes';
import type { AgreementInput } from './types';

/** Three annotators, two frames. ann-c calls the second car a truck and misses the cyclist; ann-b adds a ghost. */
function scene(): AgreementInput {
  const frame = (who: string, f: number, dx: number) => {
    const boxes = [
      testBox(`${who}-car1-${f}`, 10 + f + dx, 0, { trackId: `${who}-car1`, attributes: { parked: false, occlusion: 0 } }),
      testBox(`${who}-car2-${f}`, 20 + f, 5 + dx, { trackId: `${who}-car2`, classId: who === 'ann-c' ? 'truck' : 'car', attributes: { parked: true, occlusion: 1 } }),
    ];
    if (who !== 'ann-c') boxes.push(testBox(`${who}-bike-${f}`, 5, -6 - dx, { trackId: `${who}-bike`, classId: 'cyclist', size: [1.8, 0.6, 1.7] }));
    if (who === 'ann-b') boxes.push(testBox(`${who}-ghost-${f}`, 40, 40, { trackId: `${who}-ghost` }));
    return boxes;
  };
  const labels = (who: string, dx: number) => ({ annotator: who, frames: { f0: frame(who, 0, dx), f1: frame(who, 1, dx) } });
  // Given out of order on purpose: results come sorted by annotator.
  return { frameIds: ['f0', 'f1'], annotators: [labels('ann-c', 0.2), labels('ann-a', 0), labels('ann-b', 0.1)] };
}

describe('computeAgreement', () => {
  it('computes pairs, tracks, reliability and consensus for a small scene', () => {
    const progress: number[] = [];
    const r = computeAgreement(scene(), {}, { onProgress: (p) => progress.push(p.done / p.total) });
    expect(progress).toEqual([0.5, 1]);
    expect(r.annotators).toEqual(['ann-a', 'ann-b', 'ann-c']);
    expect(r.pairs.map((p) => [p.a, p.b])).toEqual([
      ['ann-a', 'ann-b'],
      ['ann-a', 'ann-c'],
      ['ann-b', 'ann-c'],
    ]);
    const ab = r.pairs[0];
    expect(ab.overall).toMatchObject({ tp: 6, fp: 2, fn: 0 });
    const ac = r.pairs[1];
    expect(ac.overall).toMatchObject({ tp: 4, fp: 0, fn: 2 });
    expect(ac.classAgreement).toBe(0.5);
    const i = ac.confusion.classes.indexOf('car');
    const j = ac.confusion.classes.indexOf('truck');
    expect(ac.confusion.counts[i][j]).toBe(2);
    expect(ac.confusion.onlyA[ac.confusion.classes.indexOf('cyclist')]).toBe(2);
    expect(r.tracks[0]).toMatchObject({ idSwitches: 0, fragmentations: 0, matches: 6, falsePositives: 2, misses: 0 });
    // Per frame: car1, car2 (2 of 3 call it car) and the bike (2 of 3) reach the quorum; the ghost does not.
    expect(r.settings.quorum).toBe(2);
    expect(r.consensus.map((c) => c.boxes.length)).toEqual([3, 3]);
    expect(r.consensus[0].boxes.map((b) => b.classId).sort()).toEqual(['car', 'car', 'cyclist']);
    expect(r.needsReview.map((n) => n.members.map((m) => m.box.objectId))).toEqual([['ann-b-ghost-0'], ['ann-b-ghost-1']]);
    expect(r.classes.alpha.alpha).not.toBeNull();
    expect(r.classes.alpha.alpha as number).toBeLessThan(1);
    expect(r.attributes.map((a) => [a.key, a.level])).toEqual([
      ['occlusion', 'interval'],
      ['parked', 'nominal'],
    ]);
    expect(r.attributes[0].alpha.alpha).toBe(1);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('stops with AgreementCancelledError when cancelled', () => {
    let calls = 0;
    expect(() => computeAgreement(scene(), {}, { isCancelled: () => ++calls > 1 })).toThrow(AgreementCancelledError);
    expect(() => computeAgreement(scene(), {}, { signal: { aborted: true } })).toThrow(AgreementCancelledError);
  });

  it('gives the same result driven frame by frame, and whatever the order of annotators and boxes', () => {
    const input = scene();
    const run = new AgreementRun(input);
    let steps = 0;
    while (run.step()) steps++;
    expect(steps).toBe(2);
    expect(run.step()).toBe(false);
    const whole = computeAgreement(input);
    expect(run.result()).toEqual(whole);
    const reordered = {
      frameIds: input.frameIds,
      annotators: [...input.annotators].reverse().map((a) => ({
        annotator: a.annotator,
        frames: Object.fromEntries(Object.entries(a.frames).map(([f, boxes]) => [f, [...boxes].reverse()])),
      })),
    };
    expect(JSON.stringify(computeAgreement(reordered))).toBe(JSON.stringify(whole));
  });

  it('counts a frame an annotator has no entry for as an empty frame', () => {
    const input = scene();
    const withGap = {
      frameIds: [...input.frameIds, 'f2'],
      annotators: input.annotators.map((a) => (a.annotator === 'ann-a' ? { ...a, frames: { ...a.frames, f2: [testBox('lonely', 0, 0)] } } : a)),
    };
    const r = computeAgreement(withGap);
    expect(r.frames).toBe(3);
    expect(r.perFrame[2]).toMatchObject({ frameId: 'f2', boxes: [1, 0, 0], f1: 0, meanIou3d: null, consensus: 0, needsReview: 1 });
    expect(r.pairs[0].overall.fn).toBe(1);
  });

  it('follows the options: centre distance, class-aware matching, a quorum, attribute levels', () => {
    const r = computeAgreement(scene(), { metric: 'centre', threshold: 1, classAware: true, quorum: 3, attributeLevels: { occlusion: 'nominal' }, includeConsensus: false });
    expect(r.settings).toMatchObject({ metric: 'centre', threshold: 1, classAware: true, quorum: 3 });
    // ann-c's truck no longer matches the others' car.
    expect(r.pairs[1].overall).toMatchObject({ tp: 2, fp: 2, fn: 4 });
    expect(r.pairs[1].classAgreement).toBe(1);
    expect(r.attributes.find((a) => a.key === 'occlusion')?.level).toBe('nominal');
    expect(r.consensus).toEqual([]);
    expect(r.needsReview).toEqual([]);
    // car1 in both frames is the only object all three agree on.
    expect(r.perFrame.map((f) => f.consensus)).toEqual([1, 1]);
  });

  it('refuses an attribute forced to interval that has a non-number, and duplicate annotators', () => {
    expect(() => computeAgreement(scene(), { attributeLevels: { parked: 'interval' } })).toThrow(/parked/);
    const input = scene();
    expect(() => computeAgreement({ ...input, annotators: [input.annotators[0], input.annotators[0]] })).toThrow(/distinct/);
  });

  it('handles one annotator and an empty scene without NaN', () => {
    const one = computeAgreement({ frameIds: ['f0'], annotators: [{ annotator: 'solo', frames: { f0: [testBox('x', 0, 0)] } }] });
    expect(one.pairs).toEqual([]);
    expect(one.settings.quorum).toBe(1);
    expect(one.consensus[0].boxes).toHaveLength(1);
    expect(one.classes.alpha.alpha).toBeNull();
    const empty = computeAgreement({ frameIds: [], annotators: [] });
    expect(empty).toMatchObject({ frames: 0, pairs: [], tracks: [], consensus: [], needsReview: [] });
    expect(JSON.parse(JSON.stringify([one, empty]))).toEqual([one, empty]);
  });
});
