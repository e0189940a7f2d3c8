import type { Finding } from '../../core/revisions';
import type { RevisionVerdict } from '../services/revisions/revisionVerdict';

/** Strings per verdict in `fields`: the finding's path, kind, address, status and message. */
const FIELDS = 5;

/**
 * A batch's verdicts as a worker sends them back: flat arrays of strings rather than an object per
 * verdict. Structured clone writes every object's keys and rebuilds it property by property on the
 * receiving thread; these arrays took about half the time to pass between threads, and rebuilding
 * the objects here is cheap.
 */
export interface PackedVerdicts {
  readonly fields: readonly (string | null)[];
  /** Every verdict's parents, one after another. */
  readonly parents: readonly string[];
  /** How many of `parents` each verdict has; -1 when it has none to give (it did not pass its own checks). */
  readonly parentCounts: Int32Array;
}

export function packVerdicts(verdicts: readonly RevisionVerdict[]): PackedVerdicts {
  const fields: (string | null)[] = [];
  const parents: string[] = [];
  const parentCounts = new Int32Array(verdicts.length);
  verdicts.forEach(({ finding, parents: own }, i) => {
    fields.push(finding.path, finding.kind, finding.address, finding.status, finding.message);
    parentCounts[i] = own ? own.length : -1;
    if (own) for (const p of own) parents.push(p);
  });
  return { fields, parents, parentCounts };
}

export function unpackVerdicts(packed: PackedVerdicts): RevisionVerdict[] {
  const { fields, parents, parentCounts } = packed;
  const out: RevisionVerdict[] = new Array(parentCounts.length);
  let from = 0;
  for (let i = 0; i < parentCounts.length; i++) {
    const at = i * FIELDS;
    const finding = { path: fields[at], kind: fields[at + 1], address: fields[at + 2], status: fields[at + 3], message: fields[at + 4] } as Finding;
    const count = parentCounts[i];
    out[i] = { finding, parents: count < 0 ? null : parents.slice(from, (from += count)) };
  }
  return out;
}
