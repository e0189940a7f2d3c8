import type { z } from 'zod';
import { canonicalText } from './canonical';
import { signedEnvelopeSchema } from './schema';

/** The stored text of a signed object: canonicalText({ body, signature }), nothing before or after. */
export function signedText(bodyText: string, signatureHex: string): string {
  // "body" sorts before "signature", so this is canonicalText of the envelope without re-walking the body.
  return `{"body":${bodyText},"signature":${JSON.stringify(signatureHex)}}`;
}

export type OpenedSigned =
  | { readonly ok: true; readonly body: Record<string, unknown>; readonly bodyText: string; readonly signature: string }
  | { readonly ok: false; readonly message: string };

/**
 * A stored signed object's body and signature, or why it is malformed. The text must be exactly
 * the canonical text of what it parses to: then any changed byte changes the parsed value (the
 * body, caught by its hash or signature, or the signature itself), never only the spelling.
 */
export function openSigned(text: string): OpenedSigned {
  return openCanonical(text) ?? openAny(text);
}

const BODY_PREFIX = '{"body":';
const SIGNATURE_PREFIX = ',"signature":"';
/** ',"signature":"' + 128 hex digits + '"}'. */
const SIGNATURE_TAIL = SIGNATURE_PREFIX.length + 128 + 2;
const HEX128 = /^[0-9a-f]{128}$/;

/**
 * The common case in one parse of the body alone: text that is exactly
 * {"body":<canonical object>,"signature":"<128 hex>"} opens to what openAny gives it. Anything
 * else (null here) takes openAny, which says what is wrong. A body with a "__proto__" key goes
 * there too: the envelope's schema copies the body, and that key would not survive the copy.
 */
function openCanonical(text: string): OpenedSigned | null {
  const tail = text.length - SIGNATURE_TAIL;
  if (tail <= BODY_PREFIX.length || !text.startsWith(BODY_PREFIX) || !text.startsWith(SIGNATURE_PREFIX, tail) || !text.endsWith('"}')) return null;
  const signature = text.slice(tail + SIGNATURE_PREFIX.length, text.length - 2);
  if (!HEX128.test(signature)) return null;
  const bodyText = text.slice(BODY_PREFIX.length, tail);
  if (bodyText.charCodeAt(0) !== 0x7b || bodyText.includes('"__proto__"')) return null;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body) || canonicalText(body) !== bodyText) return null;
  return { ok: true, body: body as Record<string, unknown>, bodyText, signature };
}

/**
 * The body of a signed object that was verified already (by a worker thread, or when the workspace
 * kept it): its canonical envelope sliced off and the body parsed once, with no second check.
 * Null when the text is not a canonical envelope of an object; the caller then opens it in full.
 */
export function verifiedBody(text: string): Record<string, unknown> | null {
  const tail = text.length - SIGNATURE_TAIL;
  if (tail <= BODY_PREFIX.length || !text.startsWith(BODY_PREFIX) || !text.startsWith(SIGNATURE_PREFIX, tail) || text.charCodeAt(BODY_PREFIX.length) !== 0x7b) return null;
  try {
    const body: unknown = JSON.parse(text.slice(BODY_PREFIX.length, tail));
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function openAny(text: string): OpenedSigned {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  const parsed = signedEnvelopeSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `not a signed object: ${firstIssue(parsed.error)}` };
  const bodyText = canonicalText(parsed.data.body);
  if (signedText(bodyText, parsed.data.signature) !== text) {
    return { ok: false, message: 'not in canonical form (a writer stores canonical JSON only; the bytes were changed after writing)' };
  }
  return { ok: true, body: parsed.data.body, bodyText, signature: parsed.data.signature };
}

/** A zod error's first issue as "path: message", for a one-line finding. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path || 'value'}: ${issue.message}${more}`;
}
