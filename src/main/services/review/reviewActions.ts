import { randomUUID } from 'node:crypto';
import {
  activeAssignments,
  assignmentCandidates,
  queueFor,
  reviewQueue,
  splitAssignment,
  withItemScores,
  type AssignedFrames,
  type AssignmentSplit,
  type CommentBody,
  type ItemScore,
  type ReviewCandidate,
  type ReviewItem,
  type Sampling,
  type WorkItem,
} from '../../../core/review';
import { mayWrite, type KeyRegistry } from '../../../core/revisions';
import type { SigningKey } from '../revisions/keyFiles';
import type { SharedStore } from '../sharedStore/sharedStore';
import type { NewAssignment, NewComment, NewReview } from './reviewObjects';
import { annotatorHeads, checkAuthor, readKeyRegistry, readReviewRecords, writeAssignment, writeComment, writeReview, type ReadReviewRecords, type WrittenRecord } from './reviewStore';

/**
 * The review workflow on a store, signed with a given key: what `cairn assign | review | comment |
 * queue` do, and what the app's host calls with the workspace's key. Each checks the author's
 * registration and role before writing, so nothing is written that verify would refuse for it.
 */

/**
 * The registered key a person named: its full id, a unique prefix of it (8 hex digits or more), or
 * the unique name an admin registered it under.
 */
export function resolveKey(registry: KeyRegistry, store: string, who: string): string {
  const keys = [...registry.keys.values()];
  const exact = keys.find((k) => k.keyId === who);
  if (exact) return exact.keyId;
  const matches = /^[0-9a-f]{8,63}$/.test(who) ? keys.filter((k) => k.keyId.startsWith(who)) : keys.filter((k) => k.name === who);
  if (matches.length === 1) return matches[0].keyId;
  if (matches.length > 1) throw new Error(`${store}: "${who}" names ${matches.length} keys (${matches.map((k) => k.keyId.slice(0, 12)).join(', ')}); give the key id`);
  throw new Error(`${store}: no registered key is "${who}" (give a key id, a prefix of one, or a registered name)`);
}

export const keyName = (registry: KeyRegistry, keyId: string): string | null => registry.keys.get(keyId)?.name ?? null;

export interface AssignInput {
  readonly sceneId: string;
  readonly frames: AssignedFrames;
  /** Key ids, unique prefixes of them or registered names. */
  readonly annotators: readonly string[];
  readonly overlap: { readonly rate: number; readonly replicas: number };
  readonly supersedes?: readonly string[];
  readonly message?: string;
  readonly createdAt?: number;
}

export interface Assigned {
  readonly written: WrittenRecord;
  readonly assignment: NewAssignment;
  readonly split: AssignmentSplit;
  readonly registry: KeyRegistry;
}

/** A lead's assignment: each annotator must hold a key that writes annotations; lanes are named after the assignment and the key. */
export async function assignWork(store: SharedStore, lead: SigningKey, input: AssignInput): Promise<Assigned> {
  const registry = await readKeyRegistry(store);
  const createdAt = input.createdAt ?? Date.now();
  checkAuthor(store, registry, lead, 'assignments', createdAt);
  const keyIds = input.annotators.map((who) => resolveKey(registry, store.label, who.trim()));
  if (new Set(keyIds).size !== keyIds.length) throw new Error(`${store.label}: the annotators name one key twice`);
  for (const keyId of keyIds) {
    const key = registry.keys.get(keyId)!;
    if (!mayWrite(key.role, 'annotations')) throw new Error(`${store.label}: ${key.name} (${keyId.slice(0, 12)}) is a ${key.role}: only annotators and admins label`);
  }
  if (input.overlap.rate > 0 && (keyIds.length < 2 || input.overlap.replicas > keyIds.length || input.overlap.replicas < 2)) {
    throw new Error(`${store.label}: an overlap needs from 2 to ${keyIds.length} replicas (the annotators), not ${input.overlap.replicas}`);
  }
  const assignmentId = randomUUID();
  const assignment: NewAssignment = {
    assignmentId,
    sceneId: input.sceneId,
    frames: input.frames,
    annotators: keyIds.map((keyId) => ({ keyId, lane: `${assignmentId.slice(0, 8)}-${keyId.slice(0, 12)}` })),
    overlap: input.overlap,
    supersedes: [...(input.supersedes ?? [])],
    createdAt,
    message: input.message ?? '',
  };
  const written = await writeAssignment(store, lead, assignment);
  return { written, assignment, split: splitAssignment(assignment), registry };
}

export interface JudgeInput {
  readonly sceneId: string;
  /** Whose work: a key id, a unique prefix or a registered name. */
  readonly annotator: string;
  readonly items: readonly ReviewItem[];
  /** The revisions judged; absent: the annotator's signed head. */
  readonly revisions?: readonly string[];
  readonly createdAt?: number;
}

/**
 * A verdict on an annotator's work. It names the assignment and lane that gave the annotator the
 * judged frames (the newest that stands and gave them all), so the queue returns a rejected frame
 * to the right place.
 */
export async function judgeWork(store: SharedStore, reviewer: SigningKey, input: JudgeInput): Promise<{ written: WrittenRecord; review: NewReview; registry: KeyRegistry }> {
  const records = await readReviewRecords(store);
  const { registry } = records;
  const createdAt = input.createdAt ?? Date.now();
  checkAuthor(store, registry, reviewer, 'reviews', createdAt);
  const annotator = resolveKey(registry, store.label, input.annotator);
  if (annotator === reviewer.keyId) throw new Error(`${store.label}: a verdict judges others' work; ${keyName(registry, annotator)}'s key may not judge its own`);
  const frames = new Set(input.items.map((i) => i.frame));
  const given = activeAssignments(records.assignments)
    .filter((a) => a.body.sceneId === input.sceneId)
    .map((a) => ({ a, share: splitAssignment(a.body).annotators.find((s) => s.keyId === annotator && [...frames].every((f) => s.frames.some((x) => x.frame === f))) }))
    .filter((x) => x.share)
    .pop();
  const review: NewReview = {
    sceneId: input.sceneId,
    annotator,
    ...(given ? { assignment: given.a.address, lane: given.share!.lane } : {}),
    revisions: [...(input.revisions ?? (await annotatorHeads(store, registry, annotator)))],
    items: [...input.items],
    createdAt,
  };
  return { written: await writeReview(store, reviewer, review), review, registry };
}

export type CommentInput = Omit<CommentBody, 'format' | 'version' | 'author' | 'annotator' | 'createdAt'> & { readonly annotator?: string; readonly createdAt?: number };

/** A comment by any registered key; `annotator` may be a key id, a prefix or a name. */
export async function addComment(store: SharedStore, author: SigningKey, input: CommentInput): Promise<{ written: WrittenRecord; comment: NewComment; registry: KeyRegistry }> {
  const registry = await readKeyRegistry(store);
  const createdAt = input.createdAt ?? Date.now();
  checkAuthor(store, registry, author, 'comments', createdAt);
  const { annotator, ...rest } = input;
  const comment: NewComment = { ...rest, ...(annotator === undefined ? {} : { annotator: resolveKey(registry, store.label, annotator) }), createdAt };
  return { written: await writeComment(store, author, comment), comment, registry };
}

/** An annotator's queue (queueFor) over the store's verified records. */
export async function annotatorQueue(store: SharedStore, who: string): Promise<{ keyId: string; items: WorkItem[]; records: ReadReviewRecords }> {
  const records = await readReviewRecords(store);
  const keyId = resolveKey(records.registry, store.label, who);
  return { keyId, items: queueFor(keyId, records), records };
}

/**
 * A reviewer's queue drawn from every assigned frame (or scored object) not judged since it last
 * changed; given the reviewer's key, not their own work (a verdict on it would be refused).
 */
export async function reviewerQueue(
  store: SharedStore,
  sampling: Sampling,
  scores: readonly ItemScore[] = [],
  reviewer?: string,
): Promise<{ items: ReviewCandidate[]; candidates: number; records: ReadReviewRecords }> {
  const records = await readReviewRecords(store);
  const candidates = withItemScores(assignmentCandidates(records), scores).filter((c) => c.annotator !== reviewer);
  return { items: reviewQueue(candidates, records.reviews, sampling), candidates: candidates.length, records };
}
