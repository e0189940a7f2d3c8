import { z } from 'zod';

/**
 * A lone UTF-16 surrogate has no UTF-8 form: SQLite and every file we write would store
 * invalid bytes (or U+FFFD, silently changing the text).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string is not acceptable text, or undefined when it is. */
export function textProblem(s: string): string | undefined {
  if (s.includes('\0')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (it holds a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * Text that crosses the boundary or is stored: at most `max` UTF-16 units, at least `min`, no NUL
 * (C APIs and file names end there) and no lone surrogate. Refused rather than repaired, so what a
 * client sent is exactly what is stored and compared.
 */
export function text(max: number, min = 0) {
  let s = z.string().max(max, { error: `must be at most ${max} characters` });
  if (min > 0) s = s.min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` });
  return s.superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
