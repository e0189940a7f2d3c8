import { describe, expect, it } from 'vitest';
import { intoView, LabelPlacer } from './labelPlacement';

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

describe('intoView', () => {
  // An 80 × 18 label in a 400 × 300 view.
  const at = (x: number, y: number) => intoView(x, y, 80, 18, 400, 300);

  it('leaves a label that lies whole inside the view where it is', () => {
    expect(at(200, 150)).toEqual([200, 150]);
    expect(at(42, 11)).toEqual([42, 11]);
  });

  it('moves a label in from an edge it would cross, its anchor inside the view or just beyond it', () => {
    expect(at(10, 150)).toEqual([42, 150]);
    expect(at(-30, 150)).toEqual([42, 150]);
    expect(at(395, 295)).toEqual([358, 289]);
    expect(at(200, -5)).toEqual([200, 11]);
  });

  it('leaves a label whose anchor lies farther out than its own size where it is', () => {
    expect(at(-81, 150)).toEqual([-81, 150]);
    expect(at(200, 319)).toEqual([200, 319]);
  });

  it('does not move a label across a view too narrow to hold it, and still moves it in from the top', () => {
    expect(intoView(10, 5, 80, 18, 50, 300)).toEqual([10, 11]);
  });
});
