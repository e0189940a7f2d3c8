/**
 * The pillar adapter's own work on ~120k-point sweeps, everything a split PointPillars export
 * needs around its two ONNX graphs: pillarise, scatter, anchor decoding and rotated NMS, with
 * OpenPCDet's KITTI PointPillars settings (0–69.12 m × ±39.68 m at 0.16 m: 432 × 496 pillars,
 * 32 points and ten features each, at most 16,000 pillars; three classes, two rotations, a
 * 216 × 248 head). No pretrained weights can be had here, so the pfe's 64 channels per pillar are
 * seeded noise and the head's logits are seeded noise in which 1 % of anchors clear the 0.1 score
 * threshold (the most OpenPCDet's pre-NMS cap lets through is 4,096), the boxes near their anchors.
 * Scatter writes into the pseudo-image kept from the previous scan and zeroes it again (as the
 * worker does); a fresh allocation is timed beside it, outside the total.
 * Sweeps: generated 64-beam sweeps (seeds 1–3), and the KITTI velodyne frames in
 * ../shared/data/driving/kitti_object_vis when present. Median per stage over the runs; beside it,
 * in the same loop, a reference: allocating the 64 × 496 × 432 pseudo-image, writing each of its
 * values once and reading every point once, the least any scatter must do (the pseudo-image is
 * dense; onnxruntime reads all of it). The ratio is what to compare across machines.
 *
 *   nice -n 10 npx tsx bench/models/pillars.bench.ts [--runs 7]
 */
import type { OutputTensors } from '../../src/core/models/detection';
import { decodeAnchorHead } from '../../src/core/models/pillars/anchorDecode';
import { gridShape } from '../../src/core/models/pillars/pillarGrid';
import { pillarise, PILLAR_FEATURES, type PillariseOptions } from '../../src/core/models/pillars/pillarise';
import { rotatedNms } from '../../src/core/models/pillars/rotatedNms';
import { clearScattered, scatterPillars } from '../../src/core/models/pillars/scatter';
import { seededRandom } from '../../src/core/random/seededRandom';
import { benchSweeps } from './sweeps';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const grid: PillariseOptions = { range: [0, -39.68, -3, 69.12, 39.68, 1], voxelSize: [0.16, 0.16, 4], maxPointsPerPillar: 32, maxPillars: 16000, features: PILLAR_FEATURES.filter((f) => f !== 'zero') };
const { nx, ny } = gridShape(grid);
const CHANNELS = 64;
const anchors = [
  { sizes: [[3.9, 1.6, 1.56]] as [number, number, number][], rotations: [0, Math.PI / 2], bottomZ: -1.78 },
  { sizes: [[0.8, 0.6, 1.73]] as [number, number, number][], rotations: [0, Math.PI / 2], bottomZ: -0.6 },
  { sizes: [[1.76, 0.6, 1.73]] as [number, number, number][], rotations: [0, Math.PI / 2], bottomZ: -0.6 },
];
const H = ny / 2;
const W = nx / 2;
const A = 6;

function headOutputs(): OutputTensors {
  const next = seededRandom(7);
  const cls = new Float32Array(H * W * A * 3);
  // log(0.1 / 0.9) ≈ −2.2: one anchor-class in 300 clears it, about 1 % of the anchors.
  for (let i = 0; i < cls.length; i++) cls[i] = next() < 1 / 300 ? -2 + 4 * next() : -8 + 4 * next();
  const box = new Float32Array(H * W * A * 7).map(() => (next() - 0.5) * 0.4);
  const dir = new Float32Array(H * W * A * 2).map(() => next() - 0.5);
  return { cls: { data: cls, dims: [1, H, W, A * 3] }, box: { data: box, dims: [1, H, W, A * 7] }, dir: { data: dir, dims: [1, H, W, A * 2] } };
}

const sweeps = benchSweeps();

const outputs = headOutputs();
const pfeNoise = (() => {
  const next = seededRandom(11);
  return new Float32Array(grid.maxPillars * CHANNELS).map(() => next());
})();

console.log(`pillar adapter, median of ${RUNS} runs after a warm-up; reference = allocate and write the ${CHANNELS}×${ny}×${nx} pseudo-image once and read every point once`);
console.log('sweep | points | pillars | candidates | kept | pillarise ms | scatter ms (kept image / fresh) | decode ms | NMS ms | total ms | reference ms | ratio');
for (const { name, points } of sweeps) {
  const kept = new Float32Array(CHANNELS * nx * ny);
  const times = { pillarise: [] as number[], scatterFresh: [] as number[], scatter: [] as number[], decode: [] as number[], nms: [] as number[], total: [] as number[], reference: [] as number[] };
  let counts = { pillars: 0, candidates: 0, kept: 0 };
  for (let run = -1; run < RUNS; run++) {
    let t = performance.now();
    const image = new Float32Array(CHANNELS * nx * ny).fill(1);
    let sum = 0;
    for (let i = 0; i < points.length; i += 4) sum += points[i];
    image[0] = sum;
    const reference = performance.now() - t;

    t = performance.now();
    const pillars = pillarise(points, 4, grid);
    const t1 = performance.now();
    // As the worker does: into the pseudo-image kept from the last scan, zeroed again after.
    scatterPillars(pfeNoise.subarray(0, pillars.rows * CHANNELS), 'PC', pillars.rows, CHANNELS, pillars, nx, ny, kept);
    clearScattered(kept, CHANNELS, pillars, nx, ny);
    const t2 = performance.now();
    const candidates = decodeAnchorHead(outputs, { classes: 'cls', boxes: 'box', direction: 'dir' }, 3, {
      range: grid.range,
      anchors,
      alignCenter: false,
      layout: 'NHWC',
      scoreActivation: 'sigmoid',
      codeSize: 7,
      direction: { offset: Math.PI / 4, limitOffset: 0, bins: 2 },
      scoreThreshold: 0.1,
      preNmsMax: 4096,
    });
    const t3 = performance.now();
    const survivors = rotatedNms(candidates, 0.01, 500, false);
    const t4 = performance.now();
    scatterPillars(pfeNoise.subarray(0, pillars.rows * CHANNELS), 'PC', pillars.rows, CHANNELS, pillars, nx, ny);
    const fresh = performance.now() - t4;
    if (run < 0) continue; // warm-up: the JIT compiles everything
    counts = { pillars: pillars.count, candidates: candidates.length, kept: survivors.length };
    times.scatterFresh.push(fresh);
    times.pillarise.push(t1 - t);
    times.scatter.push(t2 - t1);
    times.decode.push(t3 - t2);
    times.nms.push(t4 - t3);
    times.total.push(t4 - t);
    times.reference.push(reference);
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
  console.log(
    `${name} | ${points.length / 4} | ${counts.pillars} | ${counts.candidates} | ${counts.kept} | ${m.pillarise.toFixed(1)} | ${m.scatter.toFixed(1)} / ${m.scatterFresh.toFixed(1)} | ${m.decode.toFixed(1)} | ${m.nms.toFixed(1)} | ${m.total.toFixed(1)} | ${m.reference.toFixed(1)} | ${(m.total / m.reference).toFixed(1)}`,
  );
}
