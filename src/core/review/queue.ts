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
    // A resolution without a parent still belongs to the thread it closes.
    const up = (c: VerifiedRecord<CommentBody>) => c.body.parent ?? c.body.resolves;
    for (let i = 0; i < comments.length && up(at) && byAddress.has(up(at)!); i++) at = byAddress.get(up(at)!)!;
    return at.address;
  };
  return [...comments].sort(later).map((c) => {
    const thread = rootOf(c);
    return { address: c.address, author: c.body.author.keyId, createdAt: c.body.createdAt, pin: c.body.pin, text: c.body.text, parent: c.body.parent ?? null, thread, resolved: resolved.has(thread) };
  });
}

/**
 * The threads pinned to each frame, each object pinned without a frame, and each verdict, so a
 * queue of many frames finds its comments by lookup; and each thread's comments.
 */
function indexPins(comments: readonly QueueComment[], bodies: ReadonlyMap<string, CommentBody>) {
  const add = <K>(map: Map<K, string[]>, key: K, thread: string) => map.set(key, [...(map.get(key) ?? []), thread]);
  const byFrame = new Map<number, string[]>();
  const byObject = new Map<string, string[]>();
  const byReview = new Map<string, string[]>();
  const threads = new Map<string, QueueComment[]>();
  const order = new Map<QueueComment, number>();
  comments.forEach((t, i) => {
    const c = bodies.get(t.address)!;
    order.set(t, i);
    threads.set(t.thread, [...(threads.get(t.thread) ?? []), t]);
    if (c.review !== undefined) add(byReview, c.review, t.thread);
    if (c.pin.kind === 'object' && c.pin.frame === undefined) add(byObject, c.pin.objectId, t.thread);
    else if (c.pin.frame !== undefined) add(byFrame, c.pin.frame, t.thread);
  });
  return { byFrame, byObject, byReview, threads, order };
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
    const pins = indexPins(mine, commentBody);
    for (const { frame, overlap } of share.frames) {
      const latest = verdicts.get(frame);
      const rejections = latest?.items.filter((i) => i.verdict === 'reject') ?? [];
      if (latest && rejections.length === 0) continue;
      const pinnedHere = new Set([
        ...(pins.byFrame.get(frame) ?? []),
        ...(latest ? (pins.byReview.get(latest.review.address) ?? []) : []),
        ...rejections.flatMap((r) => (r.objectId ? (pins.byObject.get(r.objectId) ?? []) : [])),
      ]);
      const item = {
        assignment: a.address,
        sceneId,
        lane: share.lane,
        frame,
        overlap,
        comments: [...pinnedHere].flatMap((thread) => pins.threads.get(thread)!).sort((x, y) => pins.order.get(x)! - pins.order.get(y)!),
      };
      if (latest) rework.push({ ...item, status: 'rework', review: { address: latest.review.address, author: latest.review.body.author.keyId, createdAt: latest.review.body.createdAt, rejections } });
      else todo.push({ ...item, status: 'todo', review: null });
    }
  }
  return [...rework, ...todo];
}
