import { describe, expect, it } from 'vitest';
import { LabelPlacer } from './labelPlacement';

describe('LabelPlacer', () => {
  it('leaves labels that do not touch where they are', () => {
    const p = new LabelPlacer();
    expect(p.place(1, 100, 100, 60, 18)).toEqual([100, 100]);
    expect(p.place(1, 200, 100, 60, 18)).toEqual([200, 100]);
  });

  it('slides an overlapping label below the one placed first, past a chain of them', () => {
    const p = new LabelPlacer();
    p.place(1, 100, 100, 60, 18);
    expect(p.place(1, 110, 105, 60, 18)).toEqual([110, 120]);
    expect(p.place(1, 105, 100, 60, 18)).toEqual([105, 140]);
  });

  it('starts afresh every frame', () => {
    const p = new LabelPlacer();
    p.place(1, 100, 100, 60, 18);
    expect(p.place(2, 100, 100, 60, 18)).toEqual([100, 100]);
  });
});
