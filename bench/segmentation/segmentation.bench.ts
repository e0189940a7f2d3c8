/**
 * Point segmentation on a 10M-point frame: the selection tools (box, spherical and cylindrical
 * brushes, a lasso through the view or through a camera image, region growing from a click), a stroke's label patch (paint, apply, store,
 * undo) and SemanticKITTI .label output. Each figure is the median of the runs, printed beside a
 * reference measured in the same loop: one pass summing every point's coordinates, the least any
 * tool that looks at every point must do. Compare ratios across machines, not milliseconds.
 *
 * Issue 14's targets: a brush stroke over 1M points applies and undoes in ≤ 100 ms each (measured
 * as the app does it: the stroke's patch painted, stored as its record's base64 and applied to the
 * frame's materialised labels; undo is the record gone and the labels taken back), a lasso over
 * the 10M-point frame ≤ 300 ms (in the selection worker), and stored bytes per changed point.
 *
 *   nice -n 10 npx tsx bench/segmentation/segmentation.bench.ts [--points 10000000] [--runs 5]
 */
import { labelPatchRecord } from '../../src/core/annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../../src/core/annotations/labelPatch/schema';
import { mat3ToQuat } from '../../src/core/camera/rigidTransform';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { selectThroughCamera, type CameraLasso } from '../../src/core/segmentation/cameraLasso';
import { FrameLabelCache } from '../../src/core/segmentation/frameLabels';
import { seededRandom } from '../../src/core/random/seededRandom';
import { applyPatch, paintPatch } from '../../src/core/segmentation/labelPatch';
import { encodePatch } from '../../src/core/segmentation/patchBytes';
import { labelWord } from '../../src/core/segmentation/labelWord';
import { encodeLabelFile } from '../../src/core/segmentation/semanticKitti';
import { insidePolygon, regionGrow, selectInCuboid, selectInSphere, selectInViewPolygon } from '../../src/core/segmentation/selectPoints';
import { selectByShape } from '../../src/core/segmentation/selectionRequest';

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
const FRAME = '22222222-2222-4222-8222-222222222222';
const ID = '11111111-1111-4111-8111-111111111111';

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
// A freehand lasso as the pointer draws it: a wobbly loop of 240 vertices over the same area.
const freehand = Array.from({ length: 240 }, (_, k) => {
  const angle = (k / 240) * 2 * Math.PI;
  const radius = 0.3 * (1 + 0.15 * Math.sin(7 * angle) + 0.05 * Math.sin(31 * angle));
  return [radius * Math.cos(angle), 0.05 + 0.8 * radius * Math.sin(angle)];
}).flat();
/** The freehand lasso with every point in its bounds run through the exact even-odd test: the cost the grid of PolygonMask takes away. */
function freehandExact(): number {
  const xs = freehand.filter((_, k) => k % 2 === 0);
  const ys = freehand.filter((_, k) => k % 2 === 1);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  let count = 0;
  for (let i = 0; i < N; i++) {
    const x = points[4 * i], y = points[4 * i + 1], z = points[4 * i + 2];
    const w = view[3] * x + view[7] * y + view[11] * z + view[15];
    if (!(w > 0)) continue;
    const u = (view[0] * x + view[4] * y + view[8] * z + view[12]) / w;
    const v = (view[1] * x + view[5] * y + view[9] * z + view[13]) / w;
    if (u >= x0 && u <= x1 && v >= y0 && v <= y1 && insidePolygon(freehand, u, v)) count++;
  }
  return count;
}
const box = { frame: 'lidar', center: [20, 3, -1] as const, size: [4.5, 2, 1.8] as const, rotation: quatFromYaw(0.3) };
const seed = 10; // a point on an object
const cylinderStroke: [number, number, number][] = Array.from({ length: 5 }, (_, k) => [10 + k, 2, -1]);
// A 1920 × 1080 camera looking along +x with barrel distortion, and a lasso over the middle of its image.
const cameraLasso: CameraLasso = {
  cameraFromPoints: { translation: [0, 0, 0], rotation: mat3ToQuat([0, -1, 0, 0, 0, -1, 1, 0, 0]) },
  model: { kind: 'pinhole', fx: 1000, fy: 1000, cx: 960, cy: 540, distortion: { k1: -0.1, k2: 0.01, k3: 0, p1: 0.001, p2: 0 } },
  polygon: [600, 300, 1300, 320, 1400, 800, 900, 900, 500, 700],
};

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
  time('freehand lasso through the view (240 vertices)', () => `${selectInViewPolygon(points, 4, view, freehand).length} points`);
  time('  the same, exact test per point (no grid)', () => `${freehandExact()} points`);
  time('cylinder brush stroke, r = 1.5 m, 5 positions', () => `${selectByShape(points, 4, { kind: 'brush', centres: cylinderStroke, radius: 1.5, brush: 'cylinder' }).indices.length} points`);
  time('lasso through a camera image (distorted pinhole)', () => `${selectThroughCamera(points, 4, cameraLasso).length} points`);
  time('lasso through a camera image, nearest surface only', () => `${selectThroughCamera(points, 4, { ...cameraLasso, nearestSurface: true }).length} points`);
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
  // A brush stroke of 1M points (a 12 m sphere dragged over the street), as the app writes and undoes it.
  const wide = selectByShape(points, 4, { kind: 'brush', centres: [[8, 4, -1], [12, 6, -1], [16, 8, -1]], radius: 9.5 }, labels).indices;
  strokeRows(`brush stroke of ${(wide.length / 1e6).toFixed(2)}M points`, wide, run);
}

// The same on a 1M-point frame: a stroke of 20 brush positions, r = 1 m, along a kerb.
const SMALL = 1_000_000;
const smallCache = new FrameLabelCache();
{
  const small = points.subarray(0, 4 * SMALL);
  for (let run = 0; run < RUNS; run++) {
    const centres = Array.from({ length: 20 }, (_, k) => [5 + k * 0.5, 3, -1.7] as [number, number, number]);
    const t0 = performance.now();
    const stroke = selectByShape(small, 4, { kind: 'brush', centres, radius: 1 }).indices;
    const selectMs = performance.now() - t0;
    const records: LabelPatchAnnotation[] = [];
    const current = smallCache.labels(FRAME, SMALL, records).labels;
    const t1 = performance.now();
    const patch = paintPatch(FRAME, current, stroke, labelWord(40))!;
    const record = labelPatchRecord(patch, { objectId: ID, sceneId: ID, classId: 'road', label: labelWord(40), ordinal: 0, ontologyVersion: 1, author: 'bench', at: 0 });
    smallCache.prime(record.objectId, patch);
    smallCache.labels(FRAME, SMALL, [record]);
    const apply = performance.now() - t1;
    const t2 = performance.now();
    smallCache.labels(FRAME, SMALL, []);
    const undo = performance.now() - t2;
    const name = `1M-point frame: brush stroke (${stroke.length} points) select / apply / undo`;
    rows[name] ??= { ms: [], ref: [], note: '' };
    rows[name].ms.push(apply);
    rows[name].ref.push(undo);
    rows[name].note = `select ${selectMs.toFixed(1)} ms, ${(record.patch.length / stroke.length).toFixed(2)} base64 bytes per changed point`;
  }
}

function strokeRows(name: string, stroke: Uint32Array, run: number) {
  const cache = new FrameLabelCache();
  cache.labels(FRAME, N, []);
  const t0 = performance.now();
  const patch = paintPatch(FRAME, cache.labels(FRAME, N, []).labels, stroke, labelWord(40, run))!;
  const record = labelPatchRecord(patch, { objectId: ID, sceneId: ID, classId: 'road', label: labelWord(40, run), ordinal: 0, ontologyVersion: 1, author: 'bench', at: 0 });
  cache.prime(record.objectId, patch);
  cache.labels(FRAME, N, [record]);
  const apply = performance.now() - t0;
  const t1 = performance.now();
  cache.labels(FRAME, N, []);
  const undo = performance.now() - t1;
  for (const [what, ms] of [['apply', apply], ['undo', undo]] as const) {
    const key = `${name}: ${what}`;
    rows[key] ??= { ms: [], ref: [], note: '' };
    rows[key].ms.push(ms);
    rows[key].ref.push(NaN);
    rows[key].note = `${stroke.length} points changed, ${(encodePatch(patch).length / stroke.length).toFixed(3)} bytes (${(record.patch.length / stroke.length).toFixed(3)} as base64) per changed point`;
  }
}

console.log(`segmentation on ${(N / 1e6).toFixed(1)}M points, median of ${RUNS} runs (reference: one pass over every point's x, y, z)`);
for (const [name, r] of Object.entries(rows)) {
  const ms = median(r.ms);
  const ref = median(r.ref);
  // Rows without a reference print their second figure (undo) or nothing in its place.
  const second = Number.isNaN(ref) ? '' : name.startsWith('1M-point') ? `undo ${ref.toFixed(1)} ms` : `${(ms / ref).toFixed(2)} × reference (${ref.toFixed(1)} ms)`;
  console.log(`${name.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms   ${second}   ${r.note}`);
}
