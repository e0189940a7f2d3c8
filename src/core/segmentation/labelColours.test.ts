import { describe, expect, it } from 'vitest';
import { HIDE, KEEP, LABEL, labelColours } from './labelColours';
import { labelWord } from './labelWord';

describe('label colours', () => {
  const colours = new Map([[40, '#ff00ff'], [10, '#102030']]);
  it('give each point its class colour, keep unlabelled ones in the colour mode and hide hidden classes', () => {
    const labels = Uint32Array.of(0, labelWord(40), labelWord(10, 7), labelWord(10, 8), labelWord(99));
    const out = labelColours(labels, { colours, hidden: new Set([10]), colourByLabel: true })!;
    expect([...out.subarray(0, 4)]).toEqual([0xe5, 0xe7, 0xeb, KEEP]);
    expect([...out.subarray(4, 8)]).toEqual([255, 0, 255, LABEL]);
    expect(out[11]).toBe(HIDE);
    expect(out[15]).toBe(HIDE);
    expect([...out.subarray(16, 20)]).toEqual([0xe5, 0xe7, 0xeb, LABEL]);
    expect(labelColours(labels, { colours, hidden: new Set(), colourByLabel: false })![7]).toBe(KEEP);
  });
  it('are not made for a frame with no label and nothing hidden', () => {
    expect(labelColours(new Uint32Array(10), { colours, hidden: new Set([40]), colourByLabel: true })).toBeNull();
  });
});
