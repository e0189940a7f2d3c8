/**
 * Fit to point, measured: recall (share of ground-truth objects whose fitted box reaches BEV IoU
 * ≥ 0.7) and mean BEV IoU, by class and by range bucket, over objects with ≥ 30 LiDAR points, and
 * every object under 0.7.
 * Each fit is seeded as a user's click: at the object's point nearest its box centre, with the
 * object's class chosen (as the app does, through suggestFitOptions and fitCuboidAtPoint).
 *
 * - generated: `--frames` frames of makeSyntheticFrame (every class, 4–60 m, side-by-side pairs
 *   0.3–0.5 m apart, a 64-beam scan that sees only the sensor-facing sides);
 * - real: the labelled driving frames under ../shared/data/driving (KITTI object frames, the
 *   mmdet3d demo's KITTI frame and nuScenes sample, their labels read from the info pickles;
 *   see realFrames.ts), each skipped when absent. Reported apart from the generated frames, at the
 *   default ontology's class sizes and at each dataset's published mean sizes (datasetSizes.ts).
 *   `--frames 0` runs the real frames alone.
 *
 *   npx tsx bench/fit/fitQuality.bench.ts [--frames 40] [--seed 1] [--json out.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitCuboidAtPoint, suggestFitOptions } from '../../src/core/assist';
import { describeOutcome, evaluateSeededFit, recallTable, type FitOutcome, type SeededFit } from '../../src/core/assist/fitEvaluation';
import { makeSyntheticFrame } from '../../src/core/assist/syntheticLidar';
import { DATASET_CLASS_SIZES } from './datasetSizes';
import { kittiObjectFrames, mmdet3dKittiFrame, nuScenesSampleFrame } from './realFrames';

const repoRoot = path.resolve(__dirname, '..', '..');
const { values } = parseArgs({ options: { frames: { type: 'string' }, seed: { type: 'string' }, json: { type: 'string' } }, strict: true });
const frames = Number(values.frames ?? 40);
const seed0 = Number(values.seed ?? 1);

const ontology = JSON.parse(readFileSync(path.join(repoRoot, 'resources/ontology/default.json'), 'utf8')) as {
  classes: Array<{ classId: string; defaultSize: [number, number, number] }>;
};
const sizeOf = (classId: string) => ontology.classes.find((c) => c.classId === classId)?.defaultSize ?? [4.5, 1.9, 1.6];

/** The app's path: the chosen class's default size into suggestFitOptions, then the one-click fit. */
const appFit: SeededFit = (points, stride, seed, classId) =>
  fitCuboidAtPoint(points, stride, seed, 'lidar', suggestFitOptions(seed, sizeOf(classId)))?.cuboid ?? null;

function printTable(title: string, outcomes: readonly FitOutcome[]) {
  process.stdout.write(`\n${title}: ${outcomes.length} objects with ≥ 30 points\n\n| group | objects | IoU ≥ 0.7 | mean BEV IoU |\n| --- | --- | --- | --- |\n`);
  for (const r of recallTable(outcomes)) {
    if (r.objects) process.stdout.write(`| ${r.label} | ${r.objects} | ${(100 * r.recall).toFixed(1)} % | ${r.meanIou.toFixed(3)} |\n`);
  }
}

const generated: FitOutcome[] = [];
const t0 = performance.now();
let fitMs = 0;
for (let f = 0; f < frames; f++) {
  const frame = makeSyntheticFrame({ seed: seed0 + f });
  const t = performance.now();
  generated.push(...evaluateSeededFit({ name: `generated ${seed0 + f}`, stride: 4, ...frame }, appFit));
  fitMs += performance.now() - t;
  process.stderr.write(`\rgenerated frame ${f + 1}/${frames}`);
}
process.stderr.write(`\n${((performance.now() - t0) / 1000).toFixed(1)} s (fits ${(fitMs / Math.max(1, generated.length)).toFixed(1)} ms each)\n`);
printTable(`Generated (${frames} frames from seed ${seed0})`, generated);
const missed = generated.filter((o) => o.iou < 0.7).sort((a, b) => a.classId.localeCompare(b.classId) || a.iou - b.iou);
process.stdout.write(`\nGenerated objects under BEV IoU 0.7 (${missed.length}):\n`);
for (const o of missed) process.stdout.write(`  ${describeOutcome(o)}\n`);

const sources = [
  ['KITTI object frames (kitti_object_vis)', 'kitti', kittiObjectFrames(repoRoot)],
  ['KITTI 000008 (mmdet3d demo, labels from its info pickle)', 'kitti', mmdet3dKittiFrame(repoRoot)],
  ['nuScenes sample (mmdet3d demo, labels from its info pickle)', 'nuscenes', nuScenesSampleFrame(repoRoot)],
] as const;
// Fitted twice: at the default ontology's class sizes, as the app ships, and at each dataset's
// published mean sizes (datasetSizes.ts), as an annotator of that dataset would set them.
const real: FitOutcome[] = [];
const realAtDatasetSizes: FitOutcome[] = [];
for (const [title, dataset, framesOf] of sources) {
  if (!framesOf.length) {
    process.stdout.write(`\n${title}: not under ../shared/data/driving, skipped\n`);
    continue;
  }
  const datasetFit: SeededFit = (points, stride, seed, classId) =>
    fitCuboidAtPoint(points, stride, seed, 'lidar', suggestFitOptions(seed, DATASET_CLASS_SIZES[dataset][classId] ?? sizeOf(classId)))?.cuboid ?? null;
  for (const [sizes, fit, into] of [['default ontology sizes', appFit, real], [`${dataset} mean sizes`, datasetFit, realAtDatasetSizes]] as const) {
    const outcomes = framesOf.flatMap((frame) => evaluateSeededFit(frame, fit));
    into.push(...outcomes);
    process.stdout.write(`\n${title}, ${sizes}:\n`);
    for (const o of outcomes) process.stdout.write(`  ${describeOutcome(o)}\n`);
  }
}
if (real.length) {
  printTable('Real frames, all sources, default ontology sizes', real);
  printTable("Real frames, all sources, each dataset's published mean sizes", realAtDatasetSizes);
}

if (values.json) writeFileSync(values.json, JSON.stringify({ generated, real, realAtDatasetSizes }, null, 1));
