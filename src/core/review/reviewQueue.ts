import { seededRandom } from '../random/seededRandom';
import { activeAssignments, type ReviewState } from './queue';
import type { ReviewBody, VerifiedRecord } from './schema';
import { seedOf, shuffled, splitAssignment } from './split';

/** A piece of work a reviewer may be given: a frame of one annotator's work, or one object in it. */
export interface ReviewCandidate {
  readonly sceneId: string;
  readonly frame: number;
  readonly annotator: string;
  readonly assignment?: string;
  readonly lane?: string;
  readonly objectId?: string;
  readonly classId?: string;
  /** How well the replicas of this item agree (higher is better), from the agreement module; absent when not measured. */
  readonly agreement?: number;
  /** When the work last changed (ms since the epoch): a verdict made before it no longer judges it. */
  readonly updatedAt?: number;
}

export const STRATA = ['annotator', 'class', 'scene'] as const;
export type Stratum = (typeof STRATA)[number];

/**
 * How a review queue is drawn: a seeded random sample; a stratified one (each annotator, class or
 * scene in turn, so a small stratum is not drowned by a large one); or the worst agreement first.
 */
export type Sampling =
  | { readonly mode: 'random'; readonly size: number; readonly seed: string }
  | { readonly mode: 'stratified'; readonly by: Stratum; readonly size: number; readonly seed: string }
  | { readonly mode: 'worst-agreement'; readonly size: number };

/** Every frame of every assignment that stands, once per annotator given it: what a review queue draws from. */
export function assignmentCandidates(state: Pick<ReviewState, 'assignments'>): ReviewCandidate[] {
  return activeAssignments(state.assignments).flatMap((a) =>
    splitAssignment(a.body).annotators.flatMap((share) =>
      share.frames.map(({ frame }) => ({ sceneId: a.body.sceneId, frame, annotator: share.keyId, assignment: a.address, lane: share.lane })),
    ),
  );
}

/** A measured item: a frame of an annotator's work, or one object in it, with its agreement and class when known. */
export interface ItemScore {
  readonly sceneId: string;
  readonly frame: number;
  readonly annotator: string;
  readonly objectId?: string;
  readonly classId?: string;
  readonly agreement?: number;
}

/**
 * The candidates with what the agreement module measured: a frame's score goes on its candidate;
 * a frame with scored objects is reviewed object by object instead (each with its class, so a
 * queue can be stratified by class). Scores of frames nobody was assigned are left out.
 */
export function withItemScores(candidates: readonly ReviewCandidate[], scores: readonly ItemScore[]): ReviewCandidate[] {
  const key = (c: { sceneId: string; frame: number; annotator: string }) => `${c.sceneId}/${c.frame}/${c.annotator}`;
  const frames = new Map<string, ItemScore>();
  const objects = new Map<string, ItemScore[]>();
  for (const s of scores) {
    if (s.objectId === undefined) frames.set(key(s), s);
    else objects.set(key(s), [...(objects.get(key(s)) ?? []), s]);
  }
  return candidates.flatMap((c): ReviewCandidate[] => {
    const own = objects.get(key(c));
    if (own) return own.map((s) => ({ ...c, objectId: s.objectId, ...(s.classId === undefined ? {} : { classId: s.classId }), ...(s.agreement === undefined ? {} : { agreement: s.agreement }) }));
    const agreement = frames.get(key(c))?.agreement;
    return [agreement === undefined ? c : { ...c, agreement }];
  });
}

/** Whether a verdict made after the candidate's last change judges it (the frame, or the object in it). */
export function isJudged(candidate: ReviewCandidate, reviews: readonly VerifiedRecord<ReviewBody>[]): boolean {
  return reviews.some(({ body }) => {
    if (body.annotator !== candidate.annotator || body.sceneId !== candidate.sceneId) return false;
    if (body.createdAt < (candidate.updatedAt ?? 0)) return false;
    if (candidate.assignment !== undefined && body.assignment !== undefined && body.assignment !== candidate.assignment) return false;
    if (candidate.lane !== undefined && body.lane !== undefined && body.lane !== candidate.lane) return false;
    return body.items.some((i) => i.frame === candidate.frame && (i.objectId === undefined || i.objectId === candidate.objectId));
  });
}

const keyOf = (c: ReviewCandidate) => `${c.sceneId}\u0000${String(c.frame).padStart(8, '0')}\u0000${c.annotator}\u0000${c.lane ?? ''}\u0000${c.objectId ?? ''}`;
const stratumOf = (c: ReviewCandidate, by: Stratum) => (by === 'annotator' ? c.annotator : by === 'class' ? (c.classId ?? '') : c.sceneId);

/**
 * A reviewer's queue: `sampling.size` of the candidates not yet judged, drawn as the sampling says.
 * Deterministic: the same candidates (in any order), verdicts and sampling give the same queue.
 */
export function reviewQueue(candidates: readonly ReviewCandidate[], reviews: readonly VerifiedRecord<ReviewBody>[], sampling: Sampling): ReviewCandidate[] {
  // Sorted first, so the queue does not depend on the order the candidates came in.
  const open = candidates.filter((c) => !isJudged(c, reviews)).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const size = Math.max(0, Math.floor(sampling.size));
  if (sampling.mode === 'worst-agreement') {
    // Unmeasured items last: there is nothing yet to say they disagree.
    const score = (c: ReviewCandidate) => c.agreement ?? Infinity;
    return open
      .map((c, i) => ({ c, i }))
      .sort((a, b) => score(a.c) - score(b.c) || a.i - b.i)
      .slice(0, size)
      .map(({ c }) => c);
  }
  const random = seededRandom(seedOf(sampling.seed));
  if (sampling.mode === 'random') return shuffled(open, random).slice(0, size);
  const strata = new Map<string, ReviewCandidate[]>();
  for (const c of open) strata.set(stratumOf(c, sampling.by), [...(strata.get(stratumOf(c, sampling.by)) ?? []), c]);
  const queues = shuffled([...strata.keys()].sort(), random).map((k) => shuffled(strata.get(k)!, random));
  const out: ReviewCandidate[] = [];
  for (let round = 0; out.length < size && queues.some((q) => round < q.length); round++) {
    for (const q of queues) if (round < q.length && out.length < size) out.push(q[round]);
  }
  return out;
}
