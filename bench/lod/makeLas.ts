/**
 * Generate the synthetic LAS input of the LOD builder benchmark (see bench/lod/las.ts for what
 * the scene holds). Deterministic: the same options give the same bytes.
 *
 *   npx tsx bench/lod/makeLas.ts --points 20000000 --out /tmp/cairn-bench/20M.las [--seed 1] [--size 500]
 *
 * --points accepts a plain count or a k/M suffix (20M = 20000000).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeSyntheticLas } from './las';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a count: "${s}"`);
  const mult = m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6;
  return Math.round(Number(m[1]) * mult);
}

const points = parseCount(arg('points', '20000000')!);
const out = resolve(arg('out', `/tmp/cairn-bench/${points % 1e6 === 0 ? `${points / 1e6}M` : points}.las`)!);
const seed = Number(arg('seed', '1'));
const sizeM = Number(arg('size', '500'));

mkdirSync(dirname(out), { recursive: true });
process.stderr.write(`writing ${points.toLocaleString('en-US')} points to ${out} (seed ${seed}, ${sizeM} m square)\n`);
let lastReport = 0;
const r = writeSyntheticLas({
  points,
  out,
  seed,
  sizeM,
  onProgress: (w) => {
    if (process.stderr.isTTY && w - lastReport >= 2_000_000) {
      lastReport = w;
      process.stderr.write(`  ${(w / 1e6).toFixed(0)}M\r`);
    }
  },
});
const classes = Object.entries(r.pointsByClass).map(([c, k]) => `${c}:${(100 * k / r.points).toFixed(1)}%`).join(' ');
process.stdout.write(
  `${out}: ${r.points.toLocaleString('en-US')} points, ${(r.bytes / 2 ** 20).toFixed(0)} MiB in ${r.seconds.toFixed(1)} s ` +
    `(${(r.points / r.seconds / 1e6).toFixed(2)} Mpts/s)\n` +
    `  returns ${r.pointsByReturn.join('/')}, classes ${classes}\n` +
    `  bounds min ${r.min.map((v) => v.toFixed(3)).join(', ')} max ${r.max.map((v) => v.toFixed(3)).join(', ')}\n`,
);
