/**
 * Point segmentation on a 10M-point frame: the selection tools (box, spherical brush, a lasso
 * through the view, region growing from a click), a stroke's label patch (paint, apply, store,
 * undo) and SemanticKITTI .label output. Each figure is the median of the runs, printed beside a
 * reference measured in the same loop: one pass summing every point's coordinates, the least any
 * tool that looks at every point must do. Compare ratios across machines, not milliseconds.
 *
 *   nice -n 10 npx tsx bench/segmentation/segmentation.bench.ts [--points 10000000] [--runs 5]
 */
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { seededRandom } from '../../src/core/random/seededRandom';
import { applyPatch, paintPatch } from '../../src/core/segmentation/labelPatch';
import { encodePatch } from '../../src/core/segmentation/patchBytes';
import { labelWord } from '../../src/core/segmentation/labelWord';
import { encodeLabelFile } from '../../src/core/segmentation/semanticKitti';
import { regionGrow, selectInCuboid, selectInSphere, selectInViewPolygon } from '../../src/core/segmentation/selectPoints';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = arg('points', 10_000_000);
const RUNS = arg('runs', 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// A street-like frame: a ground plane out to 80 m, and 400 car-sized blobs standing on it, in scan order by azimuth.
const random = seededRandom(3);
const points = new Float32Array(4 * N);
for (let i = 0; i < N; i++) {
  const onObject = i % 10 === 0;
  const angle = (i / N) * 2 * Math.PI;
  const range = onObject ? 5 + (Math.floor(i / 25_000) % 40) * 1.8 : 3 + random() * 77;
  points[4 * i] = Math.cos(angle) * range + (onObject ? random() * 2 : 0);
  points[4 * i + 1] = Math.sin(angle) * range + (onObject ? random() * 2 : 0);
  points[4 * i + 2] = onObject ? -1.7 + random() * 1.6 : -1.75 + random() * 0.05;
  points[4 * i + 3] = random();
}
const labels = new Uint32Array(N);

function reference(): number {
  let s = 0;
  for (let i = 0; i < 4 * N; i += 4) s += points[i] + points[i + 1] + points[i + 2];
  return s;
}

const view = new Float64Array(16);
view[4] = -1;
view[9] = 1;
view[3] = 1;
view[15] = 0.5;
const lasso = [-0.3, -0.2, 0.3, -0.2, 0.35, 0.1, 0, 0.3, -0.35, 0.1];
const box = { frame: 'lidar', center: [20, 3, -1] as const, size: [4.5, 2, 1.8] as const, rotation: quatFromYaw(0.3) };
const seed = 10; // a point on an object

const rows: Record<string, { ms: number[]; ref: number[]; note: string }> = {};
const time = (name: string, run: () => string) => {
  const r0 = performance.now();
  reference();
  const ref = performance.now() - r0;
  const t0 = performance.now();
  const note = run();
  const ms = performance.now() - t0;
  rows[name] ??= { ms: [], ref: [], note };
  rows[name].ms.push(ms);
  rows[name].ref.push(ref);
};

for (let run = 0; run < RUNS; run++) {
  time('box (all points in a box)', () => `${selectInCuboid(points, 4, box).length} points`);
  time('spherical brush, r = 2 m', () => `${selectInSphere(points, 4, [10, 2, -1], 2).length} points`);
  time('lasso through the view', () => `${selectInViewPolygon(points, 4, view, lasso).length} points`);
  time('region growing from a click', () => {
    const r = regionGrow(points, 4, seed, { radius: 0.25 });
    return `${r.indices.length} points${r.truncated ? ' (capped)' : ''}`;
  });
  const stroke = selectInSphere(points, 4, [10, 2, -1], 2);
  time('paint + apply + store + undo (one stroke)', () => {
    const p = paintPatch('frame', labels, stroke, labelWord(10, 1 + run))!;
    applyPatch(labels, p);
    const bytes = encodePatch(p);
    applyPatch(labels, p, 'backward');
    return `${p.runs.length / 2} runs, ${bytes.length} bytes stored`;
  });
  time('SemanticKITTI .label bytes', () => `${encodeLabelFile(labels).length / 1e6} MB`);
}

console.log(`segmentation on ${(N / 1e6).toFixed(1)}M points, median of ${RUNS} runs (reference: one pass over every point's x, y, z)`);
for (const [name, r] of Object.entries(rows)) {
  const ms = median(r.ms);
  const ref = median(r.ref);
  console.log(`${name.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / ref).toFixed(2).padStart(6)} × reference (${ref.toFixed(1)} ms)   ${r.note}`);
}
