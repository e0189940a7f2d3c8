import { describe, expect, it } from 'vitest';
import { PREDICATE_PALETTE, predicateColours, predicateLabel } from './predicatePalette';

describe('predicateColours', () => {
  it('gives each predicate of a scene its own colour, whatever the order relations come in', () => {
    const a = predicateColours(['follows', 'walks_with', 'approaches', 'follows', 'parked_behind', 'crosses_in_front_of']);
    const b = predicateColours(['crosses_in_front_of', 'parked_behind', 'approaches', 'walks_with', 'follows']);
    expect([...a]).toEqual([...b]);
    expect(new Set(a.values()).size).toBe(5);
    expect(a.get('approaches')).toBe(PREDICATE_PALETTE[0]);
  });

  it('wraps round the palette past its size rather than failing', () => {
    const many = predicateColours(Array.from({ length: PREDICATE_PALETTE.length + 2 }, (_, i) => `p${String(i).padStart(2, '0')}`));
    expect(many.get('p00')).toBe(many.get(`p${String(PREDICATE_PALETTE.length).padStart(2, '0')}`));
  });
});

describe('predicateLabel', () => {
  it('reads identifiers as words', () => {
    expect(predicateLabel('crosses_in_front_of')).toBe('crosses in front of');
    expect(predicateLabel('isNear')).toBe('is near');
    expect(predicateLabel('parked-behind')).toBe('parked behind');
  });
});
