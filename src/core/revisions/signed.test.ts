import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical';
import { openSigned, signedText } from './signed';

const SIG = 'ab'.repeat(64);

describe('opening a stored signed object', () => {
  it('opens canonical text to its body, body text and signature', () => {
    const bodyText = canonicalText({ b: [1, { c: 'x' }], a: null });
    expect(openSigned(signedText(bodyText, SIG))).toEqual({ ok: true, body: { a: null, b: [1, { c: 'x' }] }, bodyText, signature: SIG });
  });

  it('says what is wrong with anything else, whichever part is off', () => {
    const ok = signedText('{"a":1}', SIG);
    expect(openSigned(ok.replace('{"a":1}', '{"a": 1}'))).toMatchObject({ ok: false, message: expect.stringContaining('not in canonical form') });
    expect(openSigned(ok.replace('{"a":1}', '{"b":1,"a":2}'))).toMatchObject({ ok: false, message: expect.stringContaining('not in canonical form') });
    expect(openSigned(ok.replace('{"a":1}', '[1]'))).toMatchObject({ ok: false, message: expect.stringMatching(/^not a signed object: body/) });
    expect(openSigned(ok.replace(SIG, SIG.toUpperCase()))).toMatchObject({ ok: false, message: expect.stringMatching(/^not a signed object: signature/) });
    expect(openSigned(`${ok} `)).toMatchObject({ ok: false, message: expect.stringContaining('not in canonical form') });
    expect(openSigned(ok.slice(0, -1))).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON/) });
    // The envelope's schema copies the body, and a "__proto__" key does not survive the copy: refused as before.
    expect(openSigned(ok.replace('{"a":1}', '{"__proto__":1}'))).toMatchObject({ ok: false });
  });
});
