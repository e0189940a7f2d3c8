import type { Operation } from '../editor/changes';
import type { Provenance } from './schema';

type RevisionOperation = {
  opId: string;
  label: string;
  at: number;
  changes: Array<Operation['changes'][number] & { provenance: Provenance }>;
  trackSettings?: Array<NonNullable<Operation['trackSettings']>[number] & { provenance: Provenance }>;
};

/**
 * An editor operation as a revision carries it: its changes, each with where it came from. The
 * operation's author and scene are the revision's, so they are not repeated per operation.
 */
export function revisionOperation(op: Operation, provenance: Provenance): RevisionOperation {
  return {
    opId: op.opId,
    label: op.label,
    at: op.at,
    changes: op.changes.map((c) => ({ objectId: c.objectId, before: c.before, after: c.after, provenance })),
    ...(op.trackSettings?.length ? { trackSettings: op.trackSettings.map((t) => ({ trackId: t.trackId, before: t.before, after: t.after, provenance })) } : {}),
  };
}
