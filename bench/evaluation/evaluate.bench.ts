/**
 * Evaluation at scale (issue 13): 1,000 frames × 150 predictions against 150 ground-truth boxes,
 * through evaluateFrames (every matching: 3D and BEV IoU at the class thresholds, four centre
 * distances and the TP-error distance, the per-frame operating point) and the per-class AP,
 * errors and curves. Target ≤ 2 s. Ground truth and predictions are two replicas of the
 * agreement bench's scene (jittered boxes, misses, ghosts, class confusions); scores are drawn
 * so that ghosts score lower on average. Prints wall and CPU time, and beside them (same run, same
 * load) one bare 3D-IoU matchBoxes per frame: the ratio is what the evaluation costs over one matching.
 *
 *   nice -n 10 npx tsx bench/evaluation/evaluate.bench.ts [--frames 1000 --objects 150 --seed 1]
 */
import { parseArgs } from 'node:util';
import { matchBoxes } from '../../src/core/agreement';
import { evaluateFrames, type EvaluationFrame } from '../../src/core/evaluation';
import { seededRandom } from '../../src/core/random/seededRandom';
import { syntheticScene } from '../agreement/syntheticScene';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000' },
    objects: { type: 'string', default: '150' },
    seed: { type: 'string', default: '1' },
  },
});
const spec = { frames: Number(values.frames), annotators: 2, objects: Number(values.objects), seed: Number(values.seed) };
const scene = syntheticScene(spec);
const rnd = seededRandom(spec.seed + 1);
const [truth, model] = scene.annotators;
const frames: EvaluationFrame[] = scene.frameIds.map((frameKey) => ({
  frameKey,
  groundTruth: truth.frames[frameKey] ?? [],
  predictions: (model.frames[frameKey] ?? []).map((b) => ({ ...b, score: Math.min(1, rnd() * 0.5 + (b.objectId.includes('-ghost-') ? 0.1 : 0.5)) })),
}));
const predictions = frames.reduce((n, f) => n + f.predictions.length, 0);
const truthBoxes = frames.reduce((n, f) => n + f.groundTruth.length, 0);

const runs: number[] = [];
let cpuLast = 0;
let result!: ReturnType<typeof evaluateFrames>;
for (let run = 0; run < 3; run++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  result = evaluateFrames(frames);
  runs.push((performance.now() - t0) / 1000);
  const cpu = process.cpuUsage(cpu0);
  cpuLast = (cpu.user + cpu.system) / 1e6;
}
const cpuRef0 = process.cpuUsage();
const tRef = performance.now();
for (const f of frames) matchBoxes(f.predictions, f.groundTruth, { metric: 'iou3d', classAware: true });
const refWall = (performance.now() - tRef) / 1000;
const refCpu = process.cpuUsage(cpuRef0);
const refCpuSeconds = (refCpu.user + refCpu.system) / 1e6;
console.log(`${spec.frames} frames, ${truthBoxes} ground-truth boxes, ${predictions} predictions`);
console.log(`evaluateFrames: ${runs.map((s) => s.toFixed(2)).join(' / ')} s wall (3 runs), last run ${cpuLast.toFixed(2)} s CPU; target ≤ 2 s`);
console.log(`reference, one matchBoxes (3D IoU) per frame: ${refWall.toFixed(2)} s wall, ${refCpuSeconds.toFixed(2)} s CPU; evaluation / reference CPU ${(cpuLast / refCpuSeconds).toFixed(1)}×`);
console.log(`mAP|R40 3D ${result.summary.meanAp3d?.toFixed(3)}, BEV ${result.summary.meanApBev?.toFixed(3)}, centre ${result.summary.meanCentreAp?.toFixed(3)}`);
for (const c of result.summary.classes) {
  console.log(`  ${c.classId.padEnd(11)} gt ${String(c.groundTruth).padStart(6)}  AP3d ${c.ap3d.ap?.toFixed(3)}  APbev ${c.apBev.ap?.toFixed(3)}  ATE ${c.tpErrors.translation?.toFixed(3)} m  ASE ${c.tpErrors.scale?.toFixed(3)}  AOE ${c.tpErrors.orientation?.toFixed(3)} rad`);
}
