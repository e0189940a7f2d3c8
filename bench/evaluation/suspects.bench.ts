/**
 * The suspect-label queue against known label errors (issue 13): generated scans (syntheticLabels)
 * with 5 % of labels each dropped, moved by 40–90 % of their length, and given another class;
 * prints per seed the precision in the queue's top 20, and its recall there and over the whole queue.
 *
 *   nice -n 10 npx tsx bench/evaluation/suspects.bench.ts [--frames 16 --seeds 1,2,3 --rate 0.05]
 */
import { parseArgs } from 'node:util';
import { queueQuality, suspectQueue, syntheticLabels } from '../../src/core/evaluation';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '16' },
    seeds: { type: 'string', default: '1,2,3' },
    rate: { type: 'string', default: '0.05' },
  },
});
const rate = Number(values.rate);
for (const seed of values.seeds.split(',').map(Number)) {
  const scene = syntheticLabels({ seed, frames: Number(values.frames), scan: { azimuthSteps: 1000 }, labelErrors: { missing: rate, shifted: rate, wrongClass: rate } });
  const t0 = performance.now();
  const queue = suspectQueue(scene.frames, {}, scene.pointsOf);
  const ms = performance.now() - t0;
  const q = queueQuality(queue, scene.errors, 20);
  const labels = scene.frames.reduce((n, f) => n + f.groundTruth.length, 0);
  const kinds = Object.entries(queue.slice(0, 20).reduce<Record<string, number>>((m, s) => ({ ...m, [s.kind]: (m[s.kind] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `seed ${seed}: ${labels} labels, ${q.injected} injected errors, ${q.queued} suspects (${ms.toFixed(0)} ms): top-20 precision ${q.precisionAtTop.toFixed(2)}, recall ${q.recallAtTop.toFixed(2)} in the top 20, ${q.recall.toFixed(2)} over the queue [top 20: ${kinds}]`,
  );
}
