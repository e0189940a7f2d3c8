/**
 * The plausibility checks (cairn lint, the Checks panel) over 1,000 frames × 150 boxes: 150
 * tracks driving through a 1,000-frame sequence at 10 Hz with ego poses, every box a keyframe
 * (the worst case: imported ground truth stores every frame), the track and frame rules (size,
 * heading, speed, acceleration, overlap, attributes; the point rules need scans and are timed by
 * the app per frame). Plausible motion, so the findings should be few. Printed beside a reference measured in the same loop: one pass that reads
 * every box's centre and size, the least any check over all boxes must do. Target: ≤ 2 s.
 *
 *   nice -n 10 npx tsx bench/plausibility/checks.bench.ts [--frames 1000] [--objects 150] [--runs 5]
 */
import type { CuboidAnnotation } from '../../src/core/annotations/cuboid/schema';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { testOntology } from '../../src/core/ontology/testOntology';
import { runChecks } from '../../src/core/plausibility/runChecks';
import { DEFAULT_PLAUSIBILITY } from '../../src/core/plausibility/settings';
import { seededRandom } from '../../src/core/random/seededRandom';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const FRAMES = arg('frames', 1000);
const OBJECTS = arg('objects', 150);
const RUNS = arg('runs', 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const random = seededRandom(9);
const frames = Array.from({ length: FRAMES }, (_, i) => ({ frameId: `f${i}`, index: i, timestamp: i / 10 }));
const records: CuboidAnnotation[] = [];
for (let o = 0; o < OBJECTS; o++) {
  // A lane each, so no two objects share space; pedestrians at walking pace.
  const lane = o * 3.5 - 260;
  const start = (random() - 0.5) * 100;
  const speed = o % 10 === 0 ? 1 + random() : 5 + random() * 20;
  for (let i = 0; i < FRAMES; i++) {
    const x = start + (speed * i) / 10 + (random() - 0.5) * 0.1;
    records.push({
      kind: 'cuboid',
      objectId: `o${o}-${i}`,
      trackId: `t${o}`,
      sceneId: 's',
      frameId: `f${i}`,
      classId: o % 10 === 0 ? 'pedestrian' : 'car',
      ontologyVersion: 1,
      attributes: { occlusion: 'none' },
      cuboid: { frame: 'lidar', center: [x - 8 * (i / 10), lane, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw((random() - 0.5) * 0.05) },
      author: 'bench',
      createdAt: 0,
      updatedAt: 0,
    });
  }
}
const ontology = testOntology();
// The ego drives at 8 m/s along x: boxes are in its moving frame.
const worldFrom = (_frame: string, t: number) => ({ translation: [8 * t, 0, 0] as const, rotation: [0, 0, 0, 1] as const });

function reference(): number {
  let s = 0;
  for (const r of records) s += r.cuboid.center[0] + r.cuboid.size[0];
  return s;
}

const times: number[] = [];
const cpuTimes: number[] = [];
const refs: number[] = [];
let findings = 0;
for (let run = 0; run < RUNS; run++) {
  const r0 = performance.now();
  reference();
  refs.push(performance.now() - r0);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  findings = runChecks({ ontology, settings: DEFAULT_PLAUSIBILITY, frames, records, worldFrom }).findings.length;
  const cpu = process.cpuUsage(c0);
  times.push(performance.now() - t0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
const ms = median(times);
// CPU time too: on a machine shared with other work the wall time says more about the load than about the checks.
console.log(
  `checks over ${FRAMES} frames × ${OBJECTS} boxes (${records.length} keyframes, poses on, no scans): ${ms.toFixed(0)} ms median of ${RUNS}, CPU ${median(cpuTimes).toFixed(0)} ms (${(ms / median(refs)).toFixed(0)} × one read of every box, ${median(refs).toFixed(1)} ms); ${findings} findings`,
);
