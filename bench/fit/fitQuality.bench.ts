/**
 * Fit to point, measured: recall (share of ground-truth objects whose fitted box reaches BEV IoU
 * ≥ 0.7) and mean BEV IoU, by class and by range bucket, over objects with ≥ 30 LiDAR points.
 * Each fit is seeded as a user's click: at the object's point nearest its box centre, with the
 * object's class chosen (as the app does, through suggestFitOptions and fitCuboidAtPoint).
 *
 * - generated: `--frames` frames of makeSyntheticFrame (every class, 4–60 m, side-by-side pairs
 *   0.3–0.5 m apart, a 64-beam scan that sees only the sensor-facing sides);
 * - real: the KITTI object frames under ../shared/data/driving (velodyne + label_2 + calib),
 *   skipped when absent.
 *
 *   npx tsx bench/fit/fitQuality.bench.ts [--frames 40] [--seed 1] [--json out.json]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fitCuboidAtPoint, suggestFitOptions } from '../../src/core/assist';
import { evaluateSeededFit, recallTable, type FitOutcome, type LabelledFrame, type SeededFit } from '../../src/core/assist/fitEvaluation';
import { makeSyntheticFrame } from '../../src/core/assist/syntheticLidar';
import { parseKittiCalib } from '../../src/core/camera';
import { toCuboidLocal } from '../../src/core/geometry/cuboid';
import { parseKittiBin } from '../../src/core/formats';
import { KITTI_CLASS_MAP, kittiLabelToCuboid, parseKittiLabels, veloFromRect0 } from '../../src/core/importers/kitti/kittiLabels';

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

function kittiFrames(): LabelledFrame[] {
  const root = path.resolve(repoRoot, '..', 'shared', 'data', 'driving', 'kitti_object_vis', 'training');
  if (!existsSync(path.join(root, 'label_2'))) return [];
  return readdirSync(path.join(root, 'label_2'))
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .map((name) => {
      const stem = name.slice(0, -4);
      const bin = readFileSync(path.join(root, 'velodyne', `${stem}.bin`));
      const cloud = parseKittiBin(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength), `${stem}.bin`);
      const calib = parseKittiCalib(readFileSync(path.join(root, 'calib', name), 'utf8'), name);
      const veloFromRect = veloFromRect0(calib, name);
      const objects = parseKittiLabels(readFileSync(path.join(root, 'label_2', name), 'utf8'), name)
        .filter((l) => KITTI_CLASS_MAP[l.type])
        .map((l) => ({ classId: KITTI_CLASS_MAP[l.type].classId, cuboid: kittiLabelToCuboid(l, veloFromRect, 'lidar') }));
      // An object's points: inside its box, above the 0.15 m next to the ground.
      const objectOf = new Int32Array(cloud.count).fill(-1);
      for (let i = 0; i < cloud.count; i++) {
        const p = [cloud.points[4 * i], cloud.points[4 * i + 1], cloud.points[4 * i + 2]] as const;
        objectOf[i] = objects.findIndex(({ cuboid }) => {
          const [x, y, z] = toCuboidLocal(cuboid, p);
          return Math.abs(x) <= cuboid.size[0] / 2 && Math.abs(y) <= cuboid.size[1] / 2 && Math.abs(z) <= cuboid.size[2] / 2 && z > 0.15 - cuboid.size[2] / 2;
        });
      }
      return { name: `kitti ${stem}`, points: cloud.points, stride: 4, objectOf, objects };
    });
}

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

const real = kittiFrames().flatMap((frame) => evaluateSeededFit(frame, appFit));
if (real.length) {
  printTable('KITTI object frames (../shared/data/driving/kitti_object_vis)', real);
  for (const o of real) process.stdout.write(`  ${o.frame} ${o.classId} at ${o.range.toFixed(1)} m, ${o.points} points: IoU ${o.iou.toFixed(3)}\n`);
} else process.stdout.write('\nKITTI object frames: ../shared/data/driving absent, skipped\n');

if (values.json) writeFileSync(values.json, JSON.stringify({ generated, real }, null, 1));
