/**
 * Regenerates Cairn's embedded sample scene:
 *   npx tsx scripts/sample/generate.ts [--out resources/sample] [--seed 7]
 * The output is deterministic; commit it together with any change to these scripts.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateSample } from './sample';

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const outDir = argValue(args, '--out') ?? 'resources/sample';
const seedArg = argValue(args, '--seed');
const seed = seedArg === undefined ? 7 : Number(seedArg);
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer, got ${seedArg}`);
  process.exit(2);
}

// Clear only what the generator owns, so stale frames cannot linger beside new ones.
for (const sub of ['lidar', 'cameras', 'scene.json']) rmSync(join(outDir, sub), { recursive: true, force: true });

const started = performance.now();
const summary = generateSample({ outDir, seed, log: (line) => console.log(line) });
const seconds = (performance.now() - started) / 1000;
console.log(`wrote ${summary.files.length} files to ${outDir} in ${seconds.toFixed(1)} s`);
console.log(`points per frame: ${summary.pointCounts.join(', ')}; ground-truth boxes: ${summary.groundTruthCount}`);
