import type { Role } from '../../../core/revisions/schema';
import type { HostMode } from './locationPolicy';

/**
 * What the clients of this host may do, from two things: the host's mode (a reviewer-mode host,
 * whose URL is handed to others, opens nothing and changes nothing of its workspace) and the role
 * the workspace's key holds in the connected shared store (annotator, reviewer, admin; registered
 * by an admin's signed record). Read anew on each check, since the role arrives with a sync.
 */
export interface Permissions {
  readonly mode: HostMode;
  /** The workspace key's role in the connected store; null when not connected or not registered there. */
  readonly role: Role | null;
  readonly canOpenLocations: boolean;
  /** The workspace's own settings: its store connection, keys, releases, preferences. */
  readonly canChangeWorkspace: boolean;
  /**
   * Annotation edits. Every reader of a store refuses a reviewer's revisions, so a reviewer's
   * edits could never reach anyone: they are refused here, before any work is done.
   */
  readonly canEditAnnotations: boolean;
  /** Review verdicts and releases, which the store accepts from reviewers and admins. */
  readonly canReview: boolean;
}

export function permissionsFor(mode: HostMode, role: () => Role | null = () => null): Permissions {
  return {
    mode,
    get role() {
      return role();
    },
    canOpenLocations: mode === 'desktop',
    canChangeWorkspace: mode === 'desktop',
    get canEditAnnotations() {
      return mode === 'desktop' && role() !== 'reviewer';
    },
    get canReview() {
      const r = role();
      return r === 'reviewer' || r === 'admin';
    },
  };
}

/** Why an annotation edit is refused, for the error the client shows. */
export function editRefusal(p: Permissions, what: string): string {
  if (p.mode !== 'desktop') return `${what} is not possible on this host (${p.mode} mode: read-only)`;
  return `${what} is not possible with this workspace's key: the shared store registered it as a ${p.role}, and a store's readers refuse revisions from reviewers (ask an admin for the annotator role)`;
}

/** The access the contract reports (app.info and the access.changed event). */
export function accessOf(p: Permissions): { mode: HostMode; role: Role | null; canOpen: boolean; canEdit: boolean; canReview: boolean } {
  return { mode: p.mode, role: p.role, canOpen: p.canOpenLocations, canEdit: p.canEditAnnotations, canReview: p.canReview };
}
