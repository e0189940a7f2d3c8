import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { indicesOfRuns, runsFromMask, runsFromSortedIndices, runsProblem } from './indexRuns';
import { applyPatch, invertPatch, materialise, paintPatch, patchProblem, type LabelPatch } from './labelPatch';
import { instanceOf, labelWord, semanticOf } from './labelWord';
import { decodePatch, encodePatch } from './patchBytes';

const CAR = labelWord(10, 3);
const ROAD = labelWord(40);

describe('index runs', () => {
  it('merge adjacent indices, skip duplicates and refuse indices out of order', () => {
    expect([...runsFromSortedIndices([2, 3, 4, 4, 9, 11, 12])]).toEqual([2, 3, 9, 1, 11, 2]);
    expect([...runsFromMask([0, 1, 1, 0, 1])]).toEqual([1, 2, 4, 1]);
    expect([...indicesOfRuns(Uint32Array.of(2, 3, 9, 1))]).toEqual([2, 3, 4, 9]);
    expect(() => runsFromSortedIndices([3, 2])).toThrow(/increasing order/);
    expect(runsProblem(Uint32Array.of(2, 3, 4, 1), 10)).toMatch(/run 1 starts at 4, not after the previous run's end 5/);
    expect(runsProblem(Uint32Array.of(8, 3), 10)).toMatch(/beyond the scan's 10 points/);
  });
});

describe('label words', () => {
  it('pack the semantic class low and the instance high, as SemanticKITTI does', () => {
    expect(CAR).toBe((3 << 16) | 10);
    expect(semanticOf(CAR)).toBe(10);
    expect(instanceOf(CAR)).toBe(3);
    expect(instanceOf(labelWord(1, 0xffff))).toBe(0xffff);
    expect(() => labelWord(70000)).toThrow(/0 to 65535/);
  });
});

describe('label patches', () => {
  it('hold only the points that change, and undo to exactly the labels before', () => {
    const labels = new Uint32Array(12);
    labels.set([ROAD, ROAD, ROAD], 4);
    const patch = paintPatch('f', labels, [3, 4, 5, 6, 7, 10], CAR)!;
    expect([...patch.runs]).toEqual([3, 5, 10, 1]);
    expect([...patch.before]).toEqual([1, 0, 3, ROAD, 2, 0]);
    const before = labels.slice();
    applyPatch(labels, patch);
    expect([...labels]).toEqual([0, 0, 0, CAR, CAR, CAR, CAR, CAR, 0, 0, CAR, 0]);
    expect(paintPatch('f', labels, [3, 4, 10], CAR)).toBeNull();
    applyPatch(labels, patch, 'backward');
    expect(labels).toEqual(before);
    applyPatch(labels, invertPatch(invertPatch(patch)));
    expect(labels[10]).toBe(CAR);
  });

  it('leave locked classes and, when asked, labelled points alone', () => {
    const labels = Uint32Array.of(ROAD, 0, CAR, 0);
    expect([...paintPatch('f', labels, [0, 1, 2, 3], labelWord(30), { locked: new Set([40]) })!.runs]).toEqual([1, 3]);
    expect([...paintPatch('f', labels, [0, 1, 2, 3], labelWord(30), { onlyUnlabelled: true })!.runs]).toEqual([1, 1, 3, 1]);
  });

  it('replayed in order give the labels, and undone in reverse give all unlabelled, on random strokes', () => {
    const random = seededRandom(5);
    const n = 5000;
    const live = new Uint32Array(n);
    const patches: LabelPatch[] = [];
    for (let stroke = 0; stroke < 60; stroke++) {
      const start = Math.floor(random() * n);
      const picked = [...new Set(Array.from({ length: 1 + Math.floor(random() * 400) }, () => Math.min(n - 1, start + Math.floor(random() * 600))))].sort((a, b) => a - b);
      const p = paintPatch('f', live, picked, labelWord(1 + Math.floor(random() * 5), Math.floor(random() * 3)));
      if (!p) continue;
      applyPatch(live, p);
      patches.push(p);
      // Stored and read back, every patch is the same patch.
      expect(decodePatch(encodePatch(p), 'stroke', n)).toEqual(p);
    }
    expect(materialise(n, patches)).toEqual(live);
    for (const p of [...patches].reverse()) applyPatch(live, p, 'backward');
    expect(live).toEqual(new Uint32Array(n));
  });

  it('stored, cost bytes in proportion to the points changed, not to the scan', () => {
    const scan = new Uint32Array(10_000_000);
    const stroke = Array.from({ length: 2000 }, (_, k) => 5_000_000 + k);
    const bytes = encodePatch(paintPatch('frame-0001', scan, stroke, CAR)!);
    expect(bytes.length).toBeLessThan(64);
  });

  it('read from bad bytes, name the source and the problem', () => {
    const good = encodePatch(paintPatch('f', new Uint32Array(10), [1, 2], CAR)!);
    expect(() => decodePatch(good.subarray(0, good.length - 1), 'patch 7')).toThrow(/patch 7: not a label patch \(cut short/);
    expect(() => decodePatch(Uint8Array.of(1, 2, 3, 4), 'patch 8')).toThrow(/patch 8: not a label patch \(no CLP1 header/);
    expect(() => decodePatch(good, 'patch 9', 2)).toThrow(/patch 9: run 0 ends at point 2, beyond the scan's 2 points/);
    const lying: LabelPatch = { frameId: 'f', runs: Uint32Array.of(0, 2), before: Uint32Array.of(1, 0), after: Uint32Array.of(2, CAR) };
    expect(patchProblem(lying, 10)).toBe('before holds 1 labels for 2 points');
    expect(() => applyPatch(new Uint32Array(10), lying)).toThrow(/frame f: before holds 1 labels for 2 points/);
  });
});
