import { assignmentBodySchema, commentBodySchema, reviewBodySchema, type AssignmentBody, type CommentBody, type ReviewBody, type VerifiedRecord } from '../review/schema';
import type { Finding, FindingStatus, StoredObject } from './findings';
import type { KeyRegistry } from './keyRegistry';
import { classifyStorePath, type ReviewRecordKind } from './layout';
import type { RevisionCrypto } from './revisionCrypto';
import type { StoreArea } from './roles';
import { resolveAncestry, precheckSigned, settle } from './verify';

const AREA: Record<ReviewRecordKind, StoreArea> = { assignment: 'assignments', review: 'reviews', comment: 'comments' };
const SCHEMA = { assignment: assignmentBodySchema, review: reviewBodySchema, comment: commentBodySchema } as const;

export interface ReviewRecords {
  readonly findings: readonly Finding[];
  readonly assignments: readonly VerifiedRecord<AssignmentBody>[];
  readonly reviews: readonly VerifiedRecord<ReviewBody>[];
  readonly comments: readonly VerifiedRecord<CommentBody>[];
}

type Body = AssignmentBody | ReviewBody | CommentBody;

/** The other records a record names, each with the kind it must be: these must have passed too. */
function referencesOf(kind: ReviewRecordKind, body: Body): { address: string; kind: ReviewRecordKind }[] {
  if (kind === 'assignment') return (body as AssignmentBody).supersedes.map((address) => ({ address, kind: 'assignment' }));
  if (kind === 'review') {
    const assignment = (body as ReviewBody).assignment;
    return assignment ? [{ address: assignment, kind: 'assignment' }] : [];
  }
  const c = body as CommentBody;
  return [
    ...(c.parent ? [{ address: c.parent, kind: 'comment' as const }] : []),
    ...(c.resolves ? [{ address: c.resolves, kind: 'comment' as const }] : []),
    ...(c.review ? [{ address: c.review, kind: 'review' as const }] : []),
  ];
}

/**
 * Why a record and one it names do not fit together, or null: they must be of one scene, and a
 * verdict's assignment must have given the judged annotator work, in the lane the verdict says.
 */
function disagreement(body: Body, address: string, target: Body): string | null {
  if (target.sceneId !== body.sceneId) return `names ${address}, which is of scene ${target.sceneId}, not ${body.sceneId}`;
  if (body.format === 'cairn.review' && target.format === 'cairn.assignment') {
    const share = target.annotators.find((a) => a.keyId === body.annotator);
    if (!share) return `names the assignment ${address}, which gives ${body.annotator} no work`;
    if (body.lane !== undefined && body.lane !== share.lane) return `says lane ${body.lane}, but the assignment ${address} gives ${body.annotator} lane ${share.lane}`;
  }
  return null;
}

/**
 * Assignments, verdicts and comments (docs/store-layout.md): each signed by a key registered and
 * valid when it was made, under its author's own prefix, by a role that may write its kind
 * (assignments: admins; verdicts: reviewers and admins, never on the author's own work; comments:
 * anyone registered). A record naming another record (a superseded assignment, a comment's parent)
 * needs that one to have passed, of the same scene (a verdict's assignment must give the judged
 * annotator work, in the verdict's lane); a verdict's revisions must be usable when `usableRevision` is
 * given (a reader that did not verify the revisions leaves it out). Never throws.
 */
export function checkReviewRecords(
  objects: readonly StoredObject[],
  registry: KeyRegistry,
  crypto: RevisionCrypto,
  usableRevision?: (address: string) => 'missing' | 'excluded' | null,
): ReviewRecords {
  const own = objects.map((object) => {
    const where = classifyStorePath(object.path);
    if (!where || !(where.kind === 'assignment' || where.kind === 'review' || where.kind === 'comment')) {
      return { finding: { path: object.path, kind: 'unknown', address: null, status: 'malformed', message: 'not an assignment, review or comment path' } as Finding, kind: null, body: null };
    }
    const base = { path: object.path, kind: where.kind, address: where.address };
    const schema = SCHEMA[where.kind];
    const result = settle(precheckSigned<Body>(object.text, where.address, where.writer, (b) => schema.safeParse(b), registry, crypto, AREA[where.kind]), crypto);
    const fail = (status: FindingStatus, message: string) => ({ finding: { ...base, status, message } as Finding, kind: where.kind, body: null });
    if (!result.ok) return fail(result.status, result.message);
    const body = result.body;
    if (where.kind === 'review' && (body as ReviewBody).annotator === body.author.keyId) {
      return fail('role-not-allowed', `made by ${body.author.keyId} (${result.key.name}) on its own work: a verdict judges others' work`);
    }
    if (where.kind === 'review' && usableRevision) {
      for (const revision of (body as ReviewBody).revisions) {
        const why = usableRevision(revision);
        if (why !== null) return fail('bad-parent', `judges ${revision}, which is ${why === 'missing' ? 'missing from the store' : 'excluded'}`);
      }
    }
    return { finding: { ...base, status: 'ok', message: `${where.kind} by ${result.key.name} (${result.key.role}) at ${body.createdAt}` } as Finding, kind: where.kind, body };
  });

  const kindOf = new Map<string, ReviewRecordKind>();
  const parentsOf = new Map<string, string[]>();
  const wrongKind = new Map<string, string>();
  const bodyOf = new Map<string, Body>();
  for (const r of own) if (r.finding.address && r.kind) kindOf.set(r.finding.address, r.kind);
  for (const r of own) if (r.finding.address && r.body) bodyOf.set(r.finding.address, r.body);
  for (const r of own) {
    if (!r.body || !r.kind || !r.finding.address) continue;
    const refs = referencesOf(r.kind, r.body);
    const wrong = refs.find((ref) => kindOf.has(ref.address) && kindOf.get(ref.address) !== ref.kind);
    const mismatch = refs.map((ref) => bodyOf.has(ref.address) && disagreement(r.body!, ref.address, bodyOf.get(ref.address)!)).find((why) => why);
    if (wrong) wrongKind.set(r.finding.address, `names ${wrong.address} as ${wrong.kind === 'assignment' ? 'an' : 'a'} ${wrong.kind}, but it is ${kindOf.get(wrong.address) === 'assignment' ? 'an' : 'a'} ${kindOf.get(wrong.address)}`);
    else if (mismatch) wrongKind.set(r.finding.address, mismatch);
    else parentsOf.set(r.finding.address, refs.map((ref) => ref.address));
  }
  const verdicts = resolveAncestry(parentsOf, new Set(kindOf.keys()));
  const out = { findings: [] as Finding[], assignments: [] as VerifiedRecord<AssignmentBody>[], reviews: [] as VerifiedRecord<ReviewBody>[], comments: [] as VerifiedRecord<CommentBody>[] };
  for (const r of own) {
    const address = r.finding.address;
    if (!r.body || !address) {
      out.findings.push(r.finding);
      continue;
    }
    const why = wrongKind.get(address) ?? verdicts.get(address) ?? null;
    if (why !== null) {
      out.findings.push({ ...r.finding, status: 'bad-parent', message: why.replace(/^parent (\S+) is /, 'names $1, which is ') });
      continue;
    }
    out.findings.push(r.finding);
    if (r.kind === 'assignment') out.assignments.push({ address, body: r.body as AssignmentBody });
    else if (r.kind === 'review') out.reviews.push({ address, body: r.body as ReviewBody });
    else out.comments.push({ address, body: r.body as CommentBody });
  }
  return out;
}
