import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { BASE64_PATTERN, fromBase64, toBase64 } from './base64';

describe('base64', () => {
  it('matches RFC 4648 test vectors and round-trips any length', () => {
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    for (const [plain, coded] of [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']]) {
      expect(toBase64(ascii(plain))).toBe(coded);
      expect(fromBase64(coded, 'x')).toEqual(ascii(plain));
      expect(BASE64_PATTERN.test(coded)).toBe(true);
    }
    const random = seededRandom(2);
    const bytes = Uint8Array.from({ length: 20_001 }, () => Math.floor(random() * 256));
    expect(fromBase64(toBase64(bytes), 'x')).toEqual(bytes);
  });

  it('names the source of bad text', () => {
    expect(() => fromBase64('abc', 'patch 4')).toThrow('patch 4: base64 text of 3 characters is not a whole number of 4-character groups');
    expect(() => fromBase64('ab!d', 'patch 5')).toThrow('patch 5: character 2 of the base64 text is not base64');
  });
});
