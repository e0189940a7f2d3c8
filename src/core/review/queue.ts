import type { AssignmentBody, CommentBody, CommentPin, ReviewBody, ReviewItem, VerifiedRecord } from './schema';
import { splitAssignment } from './split';

/** The verified review records of a store (checkReviewRecords' answer, or any subset of it). */
export interface ReviewState {
  readonly assignments: readonly VerifiedRecord<AssignmentBody>[];
  readonly reviews: readonly VerifiedRecord<ReviewBody>[];
  readonly comments: readonly VerifiedRecord<CommentBody>[];
}

export interface QueueComment {
  readonly address: string;
  readonly author: string;
  readonly createdAt: number;
  readonly pin: CommentPin;
  readonly text: string;
  readonly parent: string | null;
  /** The first comment of its thread. */
  readonly thread: string;
  /** Whether a later comment resolved its thread. */
  readonly resolved: boolean;
}

export interface WorkItem {
  /** The assignment's address. */
  readonly assignment: string;
  readonly sceneId: string;
  readonly lane: string;
  readonly frame: number;
  /** Other annotators label this frame too, blind. */
  readonly overlap: boolean;
  /** todo: not judged yet; rework: the latest verdict on the frame rejected it or an object in it. */
  readonly status: 'todo' | 'rework';
  /** For rework: the verdict that sent it back and its rejections. */
  readonly review: { readonly address: string; readonly author: string; readonly createdAt: number; readonly rejections: readonly ReviewItem[] } | null;
  /** The comment threads pinned to the frame, to an object rejected in it, or to the verdict, oldest first. */
  readonly comments: readonly QueueComment[];
}

const later = (a: { address: string; body: { createdAt: number } }, b: { address: string; body: { createdAt: number } }) =>
  a.body.createdAt - b.body.createdAt || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

/** The assignments no other assignment supersedes: the work that stands. */
export function activeAssignments(assignments: readonly VerifiedRecord<AssignmentBody>[]): VerifiedRecord<AssignmentBody>[] {
  const superseded = new Set(assignments.flatMap((a) => a.body.supersedes));
  return assignments.filter((a) => !superseded.has(a.address)).sort(later);
}

/** Whether a verdict judges the work of `annotator` in this assignment and lane. */
function judges(review: ReviewBody, annotator: string, sceneId: string, assignment: string, lane: string): boolean {
  if (review.annotator !== annotator || review.sceneId !== sceneId) return false;
  if (review.assignment !== undefined) return review.assignment === assignment;
  return review.lane === undefined || review.lane === lane;
}

/** The latest verdict on each frame (by time, then address): frame → the verdict and its items on that frame. */
export function latestVerdicts(reviews: readonly VerifiedRecord<ReviewBody>[]): Map<number, { review: VerifiedRecord<ReviewBody>; items: ReviewItem[] }> {
  const out = new Map<number, { review: VerifiedRecord<ReviewBody>; items: ReviewItem[] }>();
  for (const review of [...reviews].sort(later)) {
    const byFrame = new Map<number, ReviewItem[]>();
    for (const item of review.body.items) byFrame.set(item.frame, [...(byFrame.get(item.frame) ?? []), item]);
    for (const [frame, items] of byFrame) out.set(frame, { review, items });
  }
  return out;
}

/** Every comment with its thread (the first comment up its parents) and whether that thread was resolved. */
export function commentThreads(comments: readonly VerifiedRecord<CommentBody>[]): QueueComment[] {
  const byAddress = new Map(comments.map((c) => [c.address, c]));
  const resolved = new Set(comments.flatMap((c) => (c.body.resolves ? [c.body.resolves] : [])));
  const rootOf = (c: VerifiedRecord<CommentBody>) => {
    let at = c;
    // Parents are addresses of earlier comments, so the walk ends; the bound guards a store holding a forged loop.
    for (let i = 0; i < comments.length && at.body.parent && byAddress.has(at.body.parent); i++) at = byAddress.get(at.body.parent)!;
    return at.address;
  };
  return [...comments].sort(later).map((c) => {
    const thread = rootOf(c);
    return { address: c.address, author: c.body.author.keyId, createdAt: c.body.createdAt, pin: c.body.pin, text: c.body.text, parent: c.body.parent ?? null, thread, resolved: resolved.has(thread) };
  });
}

/**
 * An annotator's queue: every frame of the assignments that stand that was given to them and is
 * not done. A frame is done when the latest verdict on it (of this annotator's work in that
 * assignment) rejects nothing; a frame whose latest verdict rejects the frame or an object in it
 * comes back as rework with the rejections and the comments pinned there. Rework first, then the
 * frames not yet judged, each in assignment order and then frame order.
 */
export function queueFor(annotatorKeyId: string, state: ReviewState): WorkItem[] {
  const threads = commentThreads(state.comments);
  const commentBody = new Map(state.comments.map((c) => [c.address, c.body]));
  const rework: WorkItem[] = [];
  const todo: WorkItem[] = [];
  for (const a of activeAssignments(state.assignments)) {
    const share = splitAssignment(a.body).annotators.find((s) => s.keyId === annotatorKeyId);
    if (!share) continue;
    const { sceneId } = a.body;
    const verdicts = latestVerdicts(state.reviews.filter((r) => judges(r.body, annotatorKeyId, sceneId, a.address, share.lane)));
    const mine = threads.filter((t) => {
      const c = commentBody.get(t.address)!;
      return c.sceneId === sceneId && (c.annotator === undefined || c.annotator === annotatorKeyId) && (c.lane === undefined || c.lane === share.lane);
    });
    for (const { frame, overlap } of share.frames) {
      const latest = verdicts.get(frame);
      const rejections = latest?.items.filter((i) => i.verdict === 'reject') ?? [];
      if (latest && rejections.length === 0) continue;
      const rejected = new Set(rejections.flatMap((r) => (r.objectId ? [r.objectId] : [])));
      const pinnedHere = new Set(
        mine
          .filter((t) => {
            const c = commentBody.get(t.address)!;
            if (latest && c.review === latest.review.address) return true;
            return c.pin.kind === 'object' ? c.pin.frame === frame || (c.pin.frame === undefined && rejected.has(c.pin.objectId)) : c.pin.frame === frame;
          })
          .map((t) => t.thread),
      );
      const item = {
        assignment: a.address,
        sceneId,
        lane: share.lane,
        frame,
        overlap,
        comments: mine.filter((t) => pinnedHere.has(t.thread)),
      };
      if (latest) rework.push({ ...item, status: 'rework', review: { address: latest.review.address, author: latest.review.body.author.keyId, createdAt: latest.review.body.createdAt, rejections } });
      else todo.push({ ...item, status: 'todo', review: null });
    }
  }
  return [...rework, ...todo];
}
