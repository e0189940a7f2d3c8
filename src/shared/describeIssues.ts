import type { z } from 'zod';

const MAX_ISSUES = 5;
const MAX_SEGMENT = 64;

/**
 * One line for a failed parse: up to five `dotted.path: problem` parts after `prefix`. A path
 * segment is a client's key and may be megabytes long, so it is clipped; values are never quoted.
 */
export function describeIssues(prefix: string, error: z.ZodError): string {
  const parts = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${pathOf([...issue.path, key])}: unknown field`);
    if (issue.code === 'invalid_key') {
      // The path ends with the key itself, which may be empty: name the record and quote the key.
      const key = clip(String(issue.path[issue.path.length - 1] ?? ''));
      return [`${pathOf(issue.path.slice(0, -1)) || '(root)'}: key ${JSON.stringify(key)} ${issue.issues[0]?.message ?? 'is not allowed'}`];
    }
    return [`${pathOf(issue.path) || '(root)'}: ${issue.message}`];
  });
  const more = parts.length > MAX_ISSUES ? `; and ${parts.length - MAX_ISSUES} more` : '';
  return `${prefix}: ${parts.slice(0, MAX_ISSUES).join('; ')}${more}`;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => clip(String(p))).join('.');
}

function clip(segment: string): string {
  const head = Array.from(segment.slice(0, MAX_SEGMENT), (c) => (c < ' ' || c === '\x7f' ? '?' : c)).join('');
  return segment.length > MAX_SEGMENT ? `${head}…` : head;
}
