import type { Role } from './schema';

/**
 * Who may write what. Annotators and admins write annotation revisions (and their heads);
 * reviewers judge others' work and write verdicts, which are not annotation changes, so a
 * reviewer's key signing an annotation revision is refused; only admins register or revoke keys;
 * releases (reviewed snapshots) are published by reviewers and admins; only admins (leads) assign
 * work, reviewers and admins give verdicts, and anyone registered comments.
 */
export const WRITE_RULES = {
  annotations: ['annotator', 'admin'],
  keys: ['admin'],
  releases: ['reviewer', 'admin'],
  /** A lead's assignment of frames to annotators. */
  assignments: ['admin'],
  /** Verdicts on others' work. */
  reviews: ['reviewer', 'admin'],
  comments: ['annotator', 'reviewer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type StoreArea = keyof typeof WRITE_RULES;

export function mayWrite(role: Role, area: StoreArea): boolean {
  return (WRITE_RULES[area] as readonly Role[]).includes(role);
}
