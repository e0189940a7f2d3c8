/**
 * Classical auto-boxes ("cluster-boxes": patch-wise ground, clustering, a box per cluster) on
 * ~120k-point sweeps: generated 64-beam sweeps (seeds 1–3) and the KITTI velodyne frames in
 * ../shared/data/driving/kitti_object_vis when present. Per sweep, the median over the runs of the
 * whole generator, and in the same loop a reference: one pass that copies the sweep's points into a
 * grid (cell index per point, counting sort, copy), the least any method that looks at every point
 * spatially must do. The ratio is what to compare across machines; the target is ≤ 300 ms a sweep.
 *
 *   nice -n 10 npx tsx bench/models/clusterBoxes.bench.ts [--runs 9]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { clusterBoxes } from '../../src/core/models/classical/clusterBoxes';
import { benchSweeps } from './sweeps';

const ROOT = path.resolve(__dirname, '../..');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 9;

const ontology = JSON.parse(readFileSync(path.join(ROOT, 'resources/ontology/default.json'), 'utf8')) as { classes: { classId: string; defaultSize: [number, number, number] }[] };
const classes = ontology.classes.map((c) => ({ classId: c.classId, size: c.defaultSize }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The reference: every point binned into 0.25 m cells and copied, cell by cell, into one array. */
function copyIntoGrid(points: Float32Array, stride: number): Float32Array {
  const n = Math.floor(points.length / stride);
  const side = 0.25;
  const dim = 1024;
  const cellOf = new Int32Array(n);
  const start = new Int32Array(dim * dim + 1);
  for (let i = 0; i < n; i++) {
    const cx = Math.min(dim - 1, Math.max(0, Math.floor(points[i * stride] / side) + dim / 2));
    const cy = Math.min(dim - 1, Math.max(0, Math.floor(points[i * stride + 1] / side) + dim / 2));
    cellOf[i] = cy * dim + cx;
    start[cellOf[i] + 1]++;
  }
  for (let c = 0; c < dim * dim; c++) start[c + 1] += start[c];
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const k = start[cellOf[i]]++;
    out[3 * k] = points[i * stride];
    out[3 * k + 1] = points[i * stride + 1];
    out[3 * k + 2] = points[i * stride + 2];
  }
  return out;
}

const sweeps = benchSweeps();

console.log(`cluster-boxes, median of ${RUNS} runs after a warm-up, reference = one copy of the points into a grid`);
console.log('sweep | points | boxes | cluster-boxes ms | reference ms | ratio');
for (const { name, points } of sweeps) {
  const generator: number[] = [];
  const reference: number[] = [];
  let boxes = 0;
  for (let run = -1; run < RUNS; run++) {
    let t = performance.now();
    copyIntoGrid(points, 4);
    const ref = performance.now() - t;
    t = performance.now();
    boxes = clusterBoxes(points, 4, { frame: 'lidar', classes }).boxes.length;
    const ms = performance.now() - t;
    if (run < 0) continue; // warm-up: the JIT compiles both
    reference.push(ref);
    generator.push(ms);
  }
  const g = median(generator);
  const r = median(reference);
  console.log(`${name} | ${points.length / 4} | ${boxes} | ${g.toFixed(1)} | ${r.toFixed(2)} | ${(g / r).toFixed(0)}`);
}
