import { parseArgs } from 'node:util';
import { checkOrderIndependence } from '../../src/core/sync/orderCheck';

/**
 * The merge's order-independence check (src/core/sync/orderCheck.ts) over many random histories:
 * each trial merges one history of 3–5 writers (lanes in about half) in several arrival orders,
 * complete and with parents missing, and every order must give the same state.
 * Run: nice -n 10 npx tsx bench/merge/trials.bench.ts [--trials 10000] [--seed 1] [--steps 24]
 */
const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string' },
    orders: { type: 'string', default: '3' },
  },
});

const trials = Number(values.trials);
const first = Number(values.seed);
const t0 = performance.now();
let revisions = 0;
let conflicts = 0;
let withLanes = 0;
const failures: string[] = [];
for (let i = 0; i < trials; i++) {
  const seed = first + i;
  const r = checkOrderIndependence(seed, { orders: Number(values.orders), ...(values.steps ? { steps: Number(values.steps) } : {}) });
  revisions += r.revisions;
  conflicts += r.conflicts;
  if (r.lanes) withLanes++;
  if (r.failure) {
    failures.push(r.failure);
    process.stderr.write(`FAIL ${r.failure}\n  replay: npx tsx bench/merge/trials.bench.ts --trials 1 --seed ${seed}\n`);
  }
  if ((i + 1) % 1000 === 0) process.stderr.write(`${i + 1} trials, ${failures.length} failed, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
const s = (performance.now() - t0) / 1000;
console.log(`${trials} trials (seeds ${first}–${first + trials - 1}): ${failures.length} failed; ${revisions} revisions, ${conflicts} conflicts in the merged states, ${withLanes} histories with lanes; ${s.toFixed(1)} s`);
if (failures.length) process.exitCode = 1;
