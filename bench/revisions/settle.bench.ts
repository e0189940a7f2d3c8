import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { AncestryTracker, settleRevisions, type OwnVerdict } from '../../src/core/revisions';
import { packVerdicts, unpackVerdicts } from '../../src/main/workers/packedVerdicts';

/**
 * The main thread's share of `cairn verify` around the worker threads, each way side by side in
 * one process, rounds interleaved: settling the ancestry after the last check (settleRevisions, as
 * before) against AncestryTracker (its adds run while the workers check, but a history arriving
 * in address order mostly wakes with the last few batches; its settle is what is left after the
 * last check); and passing a batch's verdicts between threads as objects against packed.
 * Verdicts shaped like verify.bench.ts's store: five writers, each revision on its writer's last,
 * every 50th merging another's line, in address order. Wall milliseconds, median of the rounds.
 * Run: nice -n 10 npx tsx bench/revisions/settle.bench.ts [--revisions 100000] [--rounds 5]
 */
const { values } = parseArgs({ options: { revisions: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' } } });
const count = Number(values.revisions);
const rounds = Number(values.rounds);
const BATCH = 128;

const writers = Array.from({ length: 5 }, () => randomBytes(32).toString('hex'));
const lines: string[][] = writers.map(() => []);
const verdicts: OwnVerdict[] = [];
for (let i = 0; i < count; i++) {
  const w = i % writers.length;
  const address = randomBytes(32).toString('hex');
  const other = lines[(w + 1) % writers.length];
  const parents = [...lines[w].slice(-1), ...(i % 50 === 49 ? other.slice(-1) : [])];
  lines[w].push(address);
  const message = `by writer ${w} (annotator) at 1700000013769: 1 operation(s), 1 change(s), ${parents.length} parent(s)`;
  verdicts.push({ finding: { path: `annotations/${writers[w]}/revisions/${address}.json`, kind: 'revision', address, status: 'ok', message }, parents });
}
verdicts.sort((a, b) => (a.finding.path < b.finding.path ? -1 : 1));

/** The verdicts of the last batches in flight (two per worker on two cores) arrive after every other check has ended. */
const TAIL = 4 * BATCH;
const timings: Record<string, number[]> = {
  'settle after the last check (before)': [],
  'tracker adds, during the checks': [],
  'tracker adds of the last 4 batches (the sound chains wake here)': [],
  'tracker settle, after the last check': [], 'verdicts between threads, objects (before)': [], 'verdicts between threads, packed': [] };
const time = (name: string, fn: () => unknown) => {
  const t = performance.now();
  fn();
  timings[name].push(performance.now() - t);
};
for (let r = 0; r < rounds; r++) {
  let before: ReturnType<typeof settleRevisions> | undefined;
  time('settle after the last check (before)', () => (before = settleRevisions(verdicts)));
  const tracker = new AncestryTracker();
  time('tracker adds, during the checks', () => verdicts.slice(0, -TAIL).forEach((v) => tracker.add(v)));
  time('tracker adds of the last 4 batches (the sound chains wake here)', () => verdicts.slice(-TAIL).forEach((v) => tracker.add(v)));
  let after: ReturnType<AncestryTracker['settle']> | undefined;
  time('tracker settle, after the last check', () => (after = tracker.settle(verdicts)));
  if (after!.usable.size !== before!.usable.size || after!.usable.size !== count) throw new Error('the two settles disagree');
  time('verdicts between threads, objects (before)', () => {
    for (let i = 0; i < count; i += BATCH) deserialize(serialize({ id: i, verdicts: verdicts.slice(i, i + BATCH) }));
  });
  time('verdicts between threads, packed', () => {
    for (let i = 0; i < count; i += BATCH) unpackVerdicts((deserialize(serialize({ id: i, verdicts: packVerdicts(verdicts.slice(i, i + BATCH)) })) as { verdicts: ReturnType<typeof packVerdicts> }).verdicts);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
process.stdout.write(`${count.toLocaleString('en-US')} verdicts, ${rounds} rounds, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n| step | median ms | rounds ms |\n| --- | --- | --- |\n`);
for (const [name, xs] of Object.entries(timings)) process.stdout.write(`| ${name} | ${median(xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} |\n`);
