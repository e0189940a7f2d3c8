/**
 * Child-process body for the memory-cap test: builds `n` synthetic terrain points with 20-byte
 * records under a memory cap and prints one JSON line with the RSS before and at peak, so the
 * figure is not skewed by whatever the test runner's process already holds.
 *
 *   tsx src/main/services/lod/testing/cappedBuild.ts <outDir> <tmpDir> <points> <capBytes>
 */
import { LodBuilder } from '../lodBuilder';
import { loadNativeAddon } from '../nativeAddon';
import { rng, terrainBatch } from './synthetic';

async function main(): Promise<void> {
  const [outDir, tmpDir, pointsArg, capArg] = process.argv.slice(2);
  const n = Number(pointsArg);
  const cap = Number(capArg);
  loadNativeAddon();
  const random = rng(5);
  terrainBatch(100_000, 0, random); // warm the generator and the JIT before the baseline
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const t0 = performance.now();
  const builder = LodBuilder.create({ outDir, tmpDir, threads: 2, memoryBytes: cap, attributes: ['intensity', 'rgb'] });
  for (let first = 0; first < n; first += 100_000) await builder.add(terrainBatch(Math.min(100_000, n - first), first, random));
  const result = await builder.finish();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  console.log(JSON.stringify({ base, peak, points: result.points, nodes: result.nodes, recordSize: builder.recordSize, seconds: (performance.now() - t0) / 1000 }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
