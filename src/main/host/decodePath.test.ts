import { describe, expect, it } from 'vitest';
import { decodeUrlPath } from './decodePath';

describe('decodeUrlPath', () => {
  it('decodes well-formed paths', () => {
    expect(decodeUrlPath('/data/s/a%20b.json')).toBe('/data/s/a b.json');
    expect(decodeUrlPath('/%E2%82%AC')).toBe('/€');
  });

  it('answers null for malformed percent-encoding and NUL instead of throwing', () => {
    for (const bad of ['%', '/%E0%A4%A', '/%zz', '/a%', '/%C0']) expect(decodeUrlPath(bad)).toBeNull();
    expect(decodeUrlPath('/a%00b')).toBeNull();
  });
});
