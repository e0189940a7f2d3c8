import { seededRandom } from '../random/seededRandom';
import type { AssignedFrames, AssignmentBody } from './schema';

/** A 32-bit seed from text (FNV-1a over UTF-16 units): the same on every machine, so every reader draws the same split. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `values` shuffled by a generator (Fisher–Yates), leaving `values` as it is. */
export function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The frame indices an assignment covers, ascending, each once. */
export function assignedFrameIndices(frames: AssignedFrames): number[] {
  if (frames.kind === 'sequence') return Array.from({ length: frames.frameCount }, (_, i) => i);
  const all = new Set<number>();
  if (frames.kind === 'list') for (const f of frames.frames) all.add(f);
  else for (const r of frames.ranges) for (let f = r.first; f <= r.last; f++) all.add(f);
  return [...all].sort((a, b) => a - b);
}

/** How many frames an overlap rate gives to several annotators: the rate of the frames, rounded, at least one when the rate is not 0. */
export function overlapCount(frameCount: number, rate: number): number {
  if (rate <= 0 || frameCount === 0) return 0;
  return Math.min(frameCount, Math.max(1, Math.round(rate * frameCount)));
}

export interface SplitFrame {
  readonly frame: number;
  /** Also given to other annotators, blind to each other: the frames agreement is measured on. */
  readonly overlap: boolean;
}

export interface AnnotatorShare {
  readonly keyId: string;
  readonly lane: string;
  /** Ascending. */
  readonly frames: readonly SplitFrame[];
}

export interface AssignmentSplit {
  /** The frames given to `replicas` annotators, ascending. */
  readonly overlapFrames: readonly number[];
  readonly annotators: readonly AnnotatorShare[];
}

/**
 * Who labels which frame. A fraction `overlap.rate` of the frames, drawn with a generator seeded by
 * the assignment's id, goes to `overlap.replicas` annotators each (those who shared fewest frames
 * so far, then the least loaded, so that every pair of annotators meets); every other frame goes to one
 * annotator, in contiguous runs (a track stays with one person as long as it can) sized so that
 * everyone ends with the same number of frames, give or take one. Pure and deterministic: anyone
 * holding the record computes the same split.
 */
export function splitAssignment(assignment: Pick<AssignmentBody, 'assignmentId' | 'frames' | 'annotators' | 'overlap'>): AssignmentSplit {
  const frames = assignedFrameIndices(assignment.frames);
  const n = assignment.annotators.length;
  const random = seededRandom(seedOf(assignment.assignmentId));
  const replicas = n < 2 ? 1 : Math.min(Math.max(2, assignment.overlap.replicas), n);
  const overlapFrames = replicas < 2 ? [] : shuffled(frames, random).slice(0, overlapCount(frames.length, assignment.overlap.rate)).sort((a, b) => a - b);
  const order = shuffled(
    assignment.annotators.map((_, i) => i),
    random,
  );
  const rank = new Map(order.map((a, r) => [a, r]));
  const load = new Array<number>(n).fill(0);
  const given: SplitFrame[][] = assignment.annotators.map(() => []);

  // How often two annotators were given the same frame: the next pick prefers those who met least,
  // then the least loaded, then the seeded rotation, so every pair meets and loads stay even.
  const met = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  overlapFrames.forEach((frame, j) => {
    const chosen: number[] = [];
    while (chosen.length < replicas) {
      const cost = (a: number) => chosen.reduce((sum, c) => sum + met[a][c], 0);
      const turn = (a: number) => mod(rank.get(a)! - j, n);
      const next = order.filter((a) => !chosen.includes(a)).sort((a, b) => cost(a) - cost(b) || load[a] - load[b] || turn(a) - turn(b))[0];
      for (const c of chosen) met[next][c] = ++met[c][next];
      chosen.push(next);
    }
    for (const a of chosen) {
      given[a].push({ frame, overlap: true });
      load[a]++;
    }
  });

  // Everyone's share of all frame-labellings, the first (total mod n) in the seeded order taking one more.
  const total = frames.length - overlapFrames.length + overlapFrames.length * replicas;
  const quota = order.map((a, r) => Math.max(0, Math.floor(total / n) + (r < total % n ? 1 : 0) - load[a]));
  const isOverlap = new Set(overlapFrames);
  let at = 0;
  for (const frame of frames) {
    if (isOverlap.has(frame)) continue;
    while (at < n && quota[at] === 0) at++;
    // Quotas always cover the frames left; the fallback only guards against a change that breaks that.
    const a = at < n ? order[at] : order.reduce((best, x) => (load[x] < load[best] ? x : best), order[0]);
    if (at < n) quota[at]--;
    given[a].push({ frame, overlap: false });
    load[a]++;
  }
  return {
    overlapFrames,
    annotators: assignment.annotators.map((a, i) => ({ keyId: a.keyId, lane: a.lane, frames: given[i].sort((x, y) => x.frame - y.frame) })),
  };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;
