/**
 * Track interpolation: every frame of a sequence of cuboid tracks evaluated from their keyframes
 * (src/core/annotations/cuboid/interpolate.ts), as the timeline and the track strip need them.
 * Three ways over the same tracks, each timed over whole passes after warm-up passes:
 *  - evaluateTrack, linear centre (the default), one pass per track into a reused buffer;
 *  - evaluateTrack, Catmull-Rom centre;
 *  - interpolateCuboid frame by frame (a search and a fresh box per frame): what a caller that
 *    asks frame by frame pays;
 * against a reference in the same run: copying each frame's previous keyframe box into the same
 * buffer (sample and hold), the least work that fills it.
 *
 *   npx tsx bench/interpolation.bench.ts [--tracks 200] [--frames 1000] [--every 10] [--runs 30] [--warmup 5]
 *
 * Issue 10 target: 200 tracks × 1,000 frames in ≤ 50 ms.
 */
import { cpus } from 'node:os';
import { BOX_STRIDE, evaluateTrack, interpolateCuboid, type CuboidInterpolationOptions, type CuboidKey } from '../src/core/annotations/cuboid/interpolate';
import { quatFromYaw } from '../src/core/geometry/quaternion';
import { seededRandom } from '../src/core/random/seededRandom';

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback);
}

const TRACKS = arg('tracks', '200');
const FRAMES = arg('frames', '1000');
const EVERY = arg('every', '10');
const RUNS = arg('runs', '30');
const WARMUP = arg('warmup', '5');

/** Cars wandering on a plane: a keyframe every EVERY frames, position and heading drifting. */
function makeTracks(): CuboidKey[][] {
  const random = seededRandom(10);
  const tracks: CuboidKey[][] = [];
  for (let t = 0; t < TRACKS; t++) {
    let x = random() * 200 - 100;
    let y = random() * 200 - 100;
    let yaw = random() * 2 * Math.PI - Math.PI;
    const keys: CuboidKey[] = [];
    for (let f = 0; f < FRAMES; f += EVERY) {
      keys.push({ frameIndex: f, cuboid: { frame: 'lidar', center: [x, y, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(yaw) } });
      x += Math.cos(yaw) * EVERY * 0.5;
      y += Math.sin(yaw) * EVERY * 0.5;
      yaw += (random() - 0.5) * 0.6;
    }
    if (keys[keys.length - 1].frameIndex !== FRAMES - 1) {
      keys.push({ frameIndex: FRAMES - 1, cuboid: { ...keys[keys.length - 1].cuboid, center: [x, y, 0.8] } });
    }
    tracks.push(keys);
  }
  return tracks;
}

const tracks = makeTracks();
const out = new Float64Array(FRAMES * BOX_STRIDE);
let sink = 0;

function evaluateAll(options: CuboidInterpolationOptions): void {
  for (const keys of tracks) {
    evaluateTrack(keys, 0, FRAMES - 1, options, out);
    sink += out[BOX_STRIDE * (FRAMES >> 1)];
  }
}

function perFrame(): void {
  for (const keys of tracks) {
    for (let f = 0; f < FRAMES; f++) sink += interpolateCuboid(keys, f)!.center[0];
  }
}

function sampleAndHold(): void {
  for (const keys of tracks) {
    let i = 0;
    for (let f = 0, o = 0; f < FRAMES; f++, o += BOX_STRIDE) {
      while (i + 1 < keys.length && keys[i + 1].frameIndex <= f) i++;
      const { center, size, rotation } = keys[i].cuboid;
      out[o] = center[0]; out[o + 1] = center[1]; out[o + 2] = center[2];
      out[o + 3] = size[0]; out[o + 4] = size[1]; out[o + 5] = size[2];
      out[o + 6] = rotation[0]; out[o + 7] = rotation[1]; out[o + 8] = rotation[2]; out[o + 9] = rotation[3];
    }
    sink += out[BOX_STRIDE * (FRAMES >> 1)];
  }
}

function time(run: () => void): { median: number; min: number; max: number } {
  for (let i = 0; i < WARMUP; i++) run();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[ms.length >> 1], min: ms[0], max: ms[ms.length - 1] };
}

const keyframes = tracks.reduce((n, k) => n + k.length, 0);
console.log(`${TRACKS} tracks × ${FRAMES} frames (${keyframes} keyframes, one every ${EVERY} frames); ${RUNS} passes after ${WARMUP} warm-up; ${cpus().length} cores, Node ${process.version}`);
const reference = time(sampleAndHold);
const rows: Array<[string, { median: number; min: number; max: number }]> = [
  ['evaluateTrack, linear', time(() => evaluateAll({}))],
  ['evaluateTrack, catmull-rom', time(() => evaluateAll({ centre: 'catmull-rom' }))],
  ['interpolateCuboid per frame', time(perFrame)],
  ['reference: sample and hold', reference],
];
const fmt = (v: number) => v.toFixed(2).padStart(8);
console.log(`${'pass'.padEnd(30)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}   ms   ratio (median / reference)`);
for (const [name, r] of rows) console.log(`${name.padEnd(30)} ${fmt(r.median)} ${fmt(r.min)} ${fmt(r.max)}        ${(r.median / reference.median).toFixed(2)}`);
if (Number.isNaN(sink)) console.log('(unexpected NaN in the results)');
