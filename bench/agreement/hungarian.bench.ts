/**
 * Our Hungarian (src/core/agreement/hungarian.ts) against the npm `munkres` package (2.0.4) and
 * `munkres-js` (1.2.2), on the matrix sizes agreement meets: the small contested groups a frame
 * splits into (2–8 boxes) and a whole 150 × 150 frame. Same matrices for all, totals checked equal.
 *
 * The packages are not dependencies of Cairn; install them anywhere and name the folder:
 *   mkdir -p /tmp/munkres-bench && npm i --prefix /tmp/munkres-bench munkres@2.0.4 munkres-js@1.2.2
 *   nice -n 10 npx tsx bench/agreement/hungarian.bench.ts --packages /tmp/munkres-bench
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hungarian } from '../../src/core/agreement';
import { seededRandom } from '../../src/core/random/seededRandom';

const { values } = parseArgs({ options: { packages: { type: 'string', default: '/tmp/munkres-bench' } } });
const require = createRequire(path.join(path.resolve(values.packages), 'package.json'));
const munkres = (require('munkres') as { munkres: (m: number[][]) => [number, number][] }).munkres;
const munkresJs = require('munkres-js') as (m: number[][]) => [number, number][];

/** A matrix in each solver's own input form: nested arrays for the packages, one flat array for ours. */
interface Problem {
  readonly m: number[][];
  readonly flat: Float64Array;
}
type Solver = (p: Problem) => number;
const total = (m: number[][], pairs: readonly (readonly [number, number])[]) => pairs.reduce((s, [i, j]) => s + m[i][j], 0);
const solvers: Record<string, Solver> = {
  'cairn hungarian': ({ m, flat }) => {
    const a = hungarian(flat, m.length, m[0].length);
    let s = 0;
    a.forEach((j, i) => {
      if (j >= 0) s += m[i][j];
    });
    return s;
  },
  'munkres 2.0.4': ({ m }) => total(m, munkres(m)),
  'munkres-js 1.2.2': ({ m }) => total(m, munkresJs(m)),
};

function matrices(count: number, rows: number, cols: number, seed: number): Problem[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const m = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rnd()));
    const flat = new Float64Array(rows * cols);
    m.forEach((row, i) => flat.set(row, i * cols));
    return { m, flat };
  });
}

for (const [label, set] of [
  ['20,000 groups 3 × 3', matrices(20000, 3, 3, 1)],
  ['5,000 groups 6 × 8', matrices(5000, 6, 8, 2)],
  ['20 frames 150 × 150', matrices(20, 150, 150, 3)],
] as const) {
  const totals: Record<string, number> = {};
  const times: Record<string, number> = {};
  // Five interleaved rounds, the fastest of each kept: the first warms the JIT, and on a shared
  // machine the minimum is the figure least disturbed by other work.
  for (let round = 0; round < 5; round++) {
    for (const [name, solve] of Object.entries(solvers)) {
      const t0 = performance.now();
      let sum = 0;
      for (const p of set) sum += solve(p);
      const t = performance.now() - t0;
      if (round > 0) times[name] = Math.min(times[name] ?? Infinity, t);
      totals[name] = sum;
    }
  }
  const ours = times['cairn hungarian'];
  const line = Object.keys(solvers).map((n) => `${n} ${times[n].toFixed(0)} ms (×${(times[n] / ours).toFixed(2)})`).join(', ');
  const agree = Object.values(totals).every((t) => Math.abs(t - totals['cairn hungarian']) < 1e-6 * Math.max(1, Math.abs(t)));
  console.log(`${label}: ${line}; same totals: ${agree}`);
}
