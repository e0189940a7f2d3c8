import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isUuid } from './ids';
import { sha1, utf8Bytes } from './sha1';
import { IMPORT_NAMESPACE, uuidFromName } from './uuidFromName';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('sha1', () => {
  it('gives the FIPS 180 test vectors', () => {
    expect(hex(sha1(utf8Bytes('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(utf8Bytes('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(utf8Bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(hex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });

  it('agrees with node:crypto at every length around the padding boundaries', () => {
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(hex(sha1(bytes)), `length ${n}`).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
  });

  it('encodes UTF-8 as TextEncoder does', () => {
    for (const s of ['', 'kitti', 'ünïcødé ✓ 😀', 'lone \ud800 surrogate']) {
      expect(Array.from(utf8Bytes(s))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });
});

describe('uuidFromName', () => {
  it('is RFC 4122 version 5 (the values Python uuid.uuid5 gives)', () => {
    expect(uuidFromName(DNS, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidFromName(DNS, 'ünïcødé ✓ 😀')).toBe('2d5af2fd-b2fb-5a16-b507-e1882f7e2278');
    expect(IMPORT_NAMESPACE).toBe('633d23aa-a538-5572-8025-e8b4ccbe3ea0');
  });

  it('is deterministic, distinct per name and namespace, and a valid UUID', () => {
    const a = uuidFromName(IMPORT_NAMESPACE, 'kitti:000001');
    expect(uuidFromName(IMPORT_NAMESPACE, 'kitti:000001')).toBe(a);
    expect(uuidFromName(IMPORT_NAMESPACE, 'kitti:000002')).not.toBe(a);
    expect(uuidFromName(a, 'kitti:000001')).not.toBe(a);
    expect(isUuid(a)).toBe(true);
    expect(() => uuidFromName('not-a-uuid', 'x')).toThrow(/not a UUID/);
  });
});
