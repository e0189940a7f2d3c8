/**
 * Agreement at scale (issue 12): 1,000 frames × 5 annotators × 150 cuboids, every pair matched,
 * every metric (per-pair and per-class detection figures, confusion, track CLEAR MOT and HOTA at
 * 19 alphas, alpha and kappa for classes and attributes) and the consensus, through the one entry
 * point a worker calls. Prints the time, the heap and the peak RSS.
 *
 * Reference in the same run: the same matching without the spatial prefilter (every pair of boxes
 * clipped) on a slice of the frames, to show what the prefilter saves.
 *
 *   nice -n 10 npx tsx --expose-gc bench/agreement/agreement.bench.ts [--frames 1000 --annotators 5 --objects 150 --seed 1 --reference-frames 50 --consensus true]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { computeAgreement, hungarian, matchBoxes, overlapOf } from '../../src/core/agreement';
import type { AgreementBox } from '../../src/core/agreement';
import { syntheticScene } from './syntheticScene';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000' },
    annotators: { type: 'string', default: '5' },
    objects: { type: 'string', default: '150' },
    seed: { type: 'string', default: '1' },
    'reference-frames': { type: 'string', default: '50' },
    /** false: figures only, no consensus boxes or review list in the result (AgreementOptions.includeConsensus). */
    consensus: { type: 'string', default: 'true' },
  },
});
const spec = { frames: Number(values.frames), annotators: Number(values.annotators), objects: Number(values.objects), seed: Number(values.seed) };
/** CPU seconds of this thread alone (Linux /proc, 10 ms ticks): GC helper threads and other processes excluded. */
function mainThreadCpuSeconds(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

let t0 = performance.now();
const scene = syntheticScene(spec);
const boxes = scene.annotators.reduce((s, a) => s + Object.values(a.frames).reduce((t, f) => t + f.length, 0), 0);
console.log(`scene: ${spec.frames} frames × ${spec.annotators} annotators × ${spec.objects} objects (${boxes} boxes) generated in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
global.gc?.();
const before = process.memoryUsage();

let progressCalls = 0;
t0 = performance.now();
const cpu0 = process.cpuUsage();
const thread0 = mainThreadCpuSeconds();
const result = computeAgreement(scene, { includeConsensus: values.consensus !== 'false' }, { onProgress: () => progressCalls++ });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const thread = mainThreadCpuSeconds() - thread0;
const after = process.memoryUsage();
const json = JSON.stringify(result);
// CPU time as well as wall time: on a shared machine the wall clock also counts other people's work.
console.log(`computeAgreement: ${seconds.toFixed(2)} s wall, ${thread.toFixed(2)} s CPU on the main thread, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU in all threads (${result.pairs.length} pairs, ${progressCalls} progress calls; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores)`);
console.log(`  memory: heap ${mib(before.heapUsed)} before, ${mib(after.heapUsed)} after; peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}; result JSON ${mib(json.length)}`);
const p = result.pairs[0];
const t = result.tracks[0];
console.log(`  ${p.a} vs ${p.b}: F1 ${p.overall.f1?.toFixed(3)}, mean IoU ${p.overall.meanIou3d?.toFixed(3)}, class agreement ${p.classAgreement?.toFixed(3)}`);
console.log(`  tracks: IDSW ${t.idSwitches}, Frag ${t.fragmentations}, MOTA ${t.mota?.toFixed(3)}, HOTA ${t.hota.meanHota?.toFixed(3)}`);
console.log(`  class alpha ${result.classes.alpha.alpha?.toFixed(3)}, kappa ${result.classes.kappa.kappa?.toFixed(3)}; consensus ${result.consensus.reduce((s, f) => s + f.boxes.length, 0)} boxes, ${result.needsReview.length} to review`);

// Reference: one pair over a slice of frames, every box pair clipped, the same Hungarian.
const refFrames = scene.frameIds.slice(0, Number(values['reference-frames']));
const [A, B] = scene.annotators;
function naiveMatch(a: readonly AgreementBox[], b: readonly AgreementBox[]): number {
  const cost = new Float64Array(a.length * b.length);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) cost[i * b.length + j] = 1 - overlapOf(a[i], b[j]).iou3d;
  return hungarian(cost, a.length, b.length).length;
}
// Interleaved frame by frame and summarised by medians: on a loaded machine a preemption lands in
// one sample, not in one side's total.
const oursMs: number[] = [];
const naiveMs: number[] = [];
for (const f of refFrames) {
  let t = performance.now();
  matchBoxes(A.frames[f], B.frames[f]);
  oursMs.push(performance.now() - t);
  t = performance.now();
  naiveMatch(A.frames[f], B.frames[f]);
  naiveMs.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];
const ours = median(oursMs);
const naive = median(naiveMs);
console.log(`one pair, one frame (median of ${refFrames.length}): prefiltered matching ${ours.toFixed(2)} ms, all-pairs clip + one ${spec.objects}×${spec.objects} Hungarian ${naive.toFixed(2)} ms (×${(naive / ours).toFixed(0)})`);
