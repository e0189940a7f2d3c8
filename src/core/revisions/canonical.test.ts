import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical';

/** The same object with its keys inserted in another order, at every depth. */
function reordered(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reordered(v, seed + i));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]).reverse();
    return Object.fromEntries(rotated.map(([k, v]) => [k, reordered(v, seed + 1)]));
  }
  return value;
}

describe('canonicalText', () => {
  const sample = {
    zeta: [3, { b: 1, a: [true, null, 'x'] }],
    alpha: { nested: { y: 2.5, x: -1e-7 }, list: [] },
    'ä': 'unicode key',
    A: 'upper sorts before lower',
    '10': 'digit keys sort as text',
    '9': 'after 10',
  };

  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalText({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalText(sample)).toBe(
      '{"10":"digit keys sort as text","9":"after 10","A":"upper sorts before lower","alpha":{"list":[],"nested":{"x":-1e-7,"y":2.5}},"zeta":[3,{"a":[true,null,"x"],"b":1}],"ä":"unicode key"}',
    );
  });

  it('gives equal text for equal values, whatever order their keys were made in', () => {
    const text = canonicalText(sample);
    for (let seed = 1; seed < 8; seed++) {
      const other = reordered(sample, seed);
      expect(JSON.stringify(other)).not.toBe(JSON.stringify(sample));
      expect(canonicalText(other)).toBe(text);
    }
    expect(canonicalText(JSON.parse(text))).toBe(text);
  });

  it('writes numbers as ECMAScript prints them (RFC 8785)', () => {
    expect(canonicalText([0, -0, 1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, -1.5, 2 ** 53])).toBe(
      '[0,0,1,0.1,1e+21,1e-7,123456789012345680000,5e-324,-1.5,9007199254740992]',
    );
  });

  it('refuses what JSON cannot hold rather than writing something else', () => {
    expect(() => canonicalText({ a: [1, NaN] })).toThrow('a[1]: NaN has no JSON form');
    expect(() => canonicalText({ a: Infinity })).toThrow('a: Infinity has no JSON form');
    expect(() => canonicalText({ when: new Date(0) })).toThrow('when: a Date has no JSON form');
    expect(() => canonicalText({ big: 1n })).toThrow('big: a bigint has no JSON form');
    expect(canonicalText({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('keeps strings as written: no Unicode normalisation, lone surrogates escaped', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(canonicalText(composed)).not.toBe(canonicalText(decomposed));
    expect(canonicalText('\ud800x')).toBe('"\\ud800x"');
    expect(canonicalText('tab\tquote"')).toBe('"tab\\tquote\\""');
  });
});
