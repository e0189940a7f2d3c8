import { describe, expect, it } from 'vitest';
import { instanceColour } from './instances';
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
  it('by instance, give each instance its own colour and points of no instance the colour mode', () => {
    const labels = Uint32Array.of(labelWord(10, 1), labelWord(10, 2), labelWord(40), labelWord(10, 1), labelWord(50, 3));
    const out = labelColours(labels, { colours, hidden: new Set([50]), colourByLabel: true, colourBy: 'instance' })!;
    const hex = (i: number) => `#${[...out.subarray(4 * i, 4 * i + 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
    expect(hex(0)).toBe(instanceColour(1));
    expect(hex(1)).toBe(instanceColour(2));
    expect(hex(0)).not.toBe(hex(1));
    expect(out[3]).toBe(LABEL);
    expect(out[7]).toBe(LABEL);
    expect(out[11]).toBe(KEEP);
    expect(hex(3)).toBe(hex(0));
    // A hidden class stays hidden whatever its instance.
    expect(out[19]).toBe(HIDE);
  });
  it('are not made for a frame with no label and nothing hidden', () => {
    expect(labelColours(new Uint32Array(10), { colours, hidden: new Set([40]), colourByLabel: true })).toBeNull();
  });
});
