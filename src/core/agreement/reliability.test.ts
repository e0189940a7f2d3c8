import { describe, expect, it } from 'vitest';
import { fleissKappa, fleissKappaOfValues, krippendorffAlpha } from './reliability';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
// twelve units, values 1–5, missing values as null. Typed in from the publication.
const _ = null;
const KRIPPENDORFF_2011_BY_OBSERVER = [
  /* A */ [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  /* B */ [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  /* C */ [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  /* D */ [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const byUnit = KRIPPENDORFF_2011_BY_OBSERVER[0].map((_v, u) => KRIPPENDORFF_2011_BY_OBSERVER.map((row) => row[u]));

// Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa", worked example): 10 subjects, 14 raters,
// 5 categories; each row counts the raters who chose each category.
const FLEISS_WIKIPEDIA = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('krippendorffAlpha', () => {
  it("gives the publication's nominal alpha 0.743 and interval alpha 0.849", () => {
    const nominal = krippendorffAlpha(byUnit, 'nominal');
    expect(nominal.alpha).toBeCloseTo(0.743, 3);
    expect(nominal.pairable).toBe(40); // unit 12 has one value and does not count
    expect(nominal.units).toBe(11);
    expect(krippendorffAlpha(byUnit, 'interval').alpha).toBeCloseTo(0.849, 3);
  });

  it('is 1 for perfect agreement with variation, null without variation or pairable values', () => {
    expect(krippendorffAlpha([['car', 'car'], ['truck', 'truck', null]], 'nominal').alpha).toBe(1);
    expect(krippendorffAlpha([['car', 'car'], ['car', 'car']], 'nominal').alpha).toBeNull();
    expect(krippendorffAlpha([['car', null], [null, 'truck']], 'nominal')).toEqual({ alpha: null, pairable: 0, units: 0 });
  });

  it('is the same whatever the order of coders and units', () => {
    const shuffled = [...byUnit].reverse().map((u) => [...u].reverse());
    expect(krippendorffAlpha(shuffled, 'nominal').alpha).toBeCloseTo(krippendorffAlpha(byUnit, 'nominal').alpha as number, 12);
  });

  it('tells a string from a number and a boolean', () => {
    // '1' against 1 is a disagreement; alpha below 1.
    expect(krippendorffAlpha([['1', 1], [true, true], ['x', 'x']], 'nominal').alpha).toBeLessThan(1);
  });

  it('refuses non-numbers at the interval level', () => {
    expect(() => krippendorffAlpha([['a', 1]], 'interval')).toThrow(/finite numbers/);
  });
});

describe('fleissKappa', () => {
  it("gives the worked example's kappa 0.210", () => {
    const r = fleissKappa(FLEISS_WIKIPEDIA);
    expect(r.kappa).toBeCloseTo(0.21, 3);
    expect(r).toMatchObject({ units: 10, raters: 14 });
  });

  it('rebuilds the table from raw choices, skipping units with a missing rating', () => {
    const choices = FLEISS_WIKIPEDIA.map((row) => row.flatMap((count, category) => new Array<string>(count).fill(`c${category}`)));
    const withIncomplete = [...choices, [...choices[0].slice(0, 13), null]];
    expect(fleissKappaOfValues(withIncomplete).kappa).toBeCloseTo(fleissKappa(FLEISS_WIKIPEDIA).kappa as number, 12);
    expect(fleissKappaOfValues(withIncomplete).units).toBe(10);
  });

  it('is 1 for perfect agreement and refuses rows with different rater counts', () => {
    expect(fleissKappa([[3, 0], [0, 3]]).kappa).toBe(1);
    expect(fleissKappa([[3, 0], [3, 0]]).kappa).toBeNull();
    expect(() => fleissKappa([[3, 0], [1, 1]])).toThrow(/same number of raters/);
  });
});
