/**
 * An annotator's queue over a large assignment: queueFor on one assignment of N frames shared by
 * two annotators (10 % overlap), one verdict judging 2,000 of the frames (half rejected) and C
 * comments pinned to frames, timed over a few runs after a warm-up.
 *
 *   npx tsx bench/review/queue.bench.ts [--frames 50000] [--comments 3000] [--runs 5]
 *
 * 2026-12-06, this 2-core machine under other work, defaults: the first queueFor (filtering every
 * comment for every frame) took 12.3 s and 10.8 s, the indexed one 2.0 s and 0.95 s, interleaved in
 * one process (old, new, old, new; the old copy built from commit c4d56d3); this bench then printed
 * median 1,173 ms, min 675 ms over 5 runs.
 */
import { parseArgs } from 'node:util';
import { queueFor, type AssignmentBody, type CommentBody, type ReviewBody, type VerifiedRecord } from '../../src/core/review';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '50000' }, comments: { type: 'string', default: '3000' }, runs: { type: 'string', default: '5' } } });
const [frames, commentCount, runs] = [Number(values.frames), Number(values.comments), Number(values.runs)];
const [alice, bob, lead, rita] = ['a', 'b', '1', 'c'].map((c) => c.repeat(64));
const sceneId = '00000000-0000-4000-8000-00000000a000';
const address = (i: number) => i.toString(16).padStart(64, '0');

const assignment: VerifiedRecord<AssignmentBody> = {
  address: 'e'.repeat(64),
  body: {
    format: 'cairn.assignment', version: 1, assignmentId: '00000000-0000-4000-8000-0000000000a1', sceneId, frames: { kind: 'sequence', frameCount: frames },
    annotators: [{ keyId: alice, lane: 'a' }, { keyId: bob, lane: 'b' }], overlap: { rate: 0.1, replicas: 2 }, supersedes: [], author: { keyId: lead }, createdAt: 1, message: '',
  },
};
const reviews: VerifiedRecord<ReviewBody>[] = [{
  address: 'f'.repeat(64),
  body: {
    format: 'cairn.review', version: 1, sceneId, annotator: alice, revisions: [], author: { keyId: rita }, createdAt: 5,
    items: Array.from({ length: 2000 }, (_, i) => ({ frame: (i * 3) % frames, verdict: i % 2 ? ('reject' as const) : ('accept' as const), reason: 'r' })),
  },
}];
const comments: VerifiedRecord<CommentBody>[] = Array.from({ length: commentCount }, (_, i) => ({
  address: address(i + 1),
  body: { format: 'cairn.comment', version: 1, sceneId, pin: { kind: 'frame', frame: (i * 7) % frames }, text: 'look here', author: { keyId: rita }, createdAt: 10 + i },
}));

queueFor(alice, { assignments: [assignment], reviews, comments });
const times: number[] = [];
let items = 0;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  items = queueFor(alice, { assignments: [assignment], reviews, comments }).length;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
process.stdout.write(`queueFor: ${frames} frames, ${commentCount} comments -> ${items} items; median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms over ${runs} runs\n`);
