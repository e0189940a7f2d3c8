import type { HostMode } from './locationPolicy';

/**
 * What the clients of this host may do. Until roles arrive with the shared store (annotator,
 * reviewer, admin, registered by signed records), the host's mode decides: a reviewer-mode host
 * shows its datasets read-only. The role lookup slots in here, keyed by the caller's identity.
 */
export interface Permissions {
  readonly mode: HostMode;
  readonly canOpenLocations: boolean;
  readonly canEditAnnotations: boolean;
}

export function permissionsFor(mode: HostMode): Permissions {
  return { mode, canOpenLocations: mode === 'desktop', canEditAnnotations: mode === 'desktop' };
}
