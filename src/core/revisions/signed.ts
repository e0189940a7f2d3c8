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
