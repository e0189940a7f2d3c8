import { describe, expect, it } from 'vitest';
import { applyPatch } from './labelPatch';
import { labelWord } from './labelWord';
import { replacePatch } from './replacePatch';

describe('replacing a frame\'s labels', () => {
  it('is one patch of only the points that differ, undone to the labels before', () => {
    const current = Uint32Array.of(0, labelWord(40), labelWord(40), 0, labelWord(10, 1));
    const next = Uint32Array.of(0, labelWord(48), labelWord(40), labelWord(50), 0);
    const patch = replacePatch('f', current, next)!;
    expect(patch.changed).toBe(3);
    expect([...patch.runs]).toEqual([1, 1, 3, 2]);
    const labels = current.slice();
    applyPatch(labels, patch);
    expect(labels).toEqual(next);
    applyPatch(labels, patch, 'backward');
    expect(labels).toEqual(current);
    expect(replacePatch('f', next, next)).toBeNull();
    expect(() => replacePatch('f', current, new Uint32Array(4))).toThrow('the labels hold 4 points, the frame 5');
  });
});
