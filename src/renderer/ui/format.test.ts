import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime } from './format';

describe('the shared formatters write what toLocaleString writes', () => {
  it('counts, fractions and negatives', () => {
    for (const n of [0, 7, 999, 1000, 1234567, 2.5, 0.125, 1e9 + 0.4567, -42000]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(1234567)).toBe('1,234,567');
  });
  it('dates from numbers, ISO strings and Date objects', () => {
    for (const at of [0, 1e12, Date.UTC(2026, 11, 7, 13, 5, 9)]) {
      expect(formatDateTime(at)).toBe(new Date(at).toLocaleString());
      expect(formatDateTime(new Date(at).toISOString())).toBe(new Date(at).toLocaleString());
      expect(formatDateTime(new Date(at))).toBe(new Date(at).toLocaleString());
    }
  });
});
