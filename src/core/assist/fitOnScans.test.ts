import { describe, expect, it } from 'vitest';
import { bevBoxOf, bevCorners, cuboidBevIou } from '../geometry/bevIou';
import { fitAtPoint, fitCuboidAtPoint } from './fitCuboid';
import { evaluateSeededFit, recallTable, seedPointOf, type FitOutcome, type SeededFit } from './fitEvaluation';
import { suggestFitOptions } from './fitOptions';
import { makeSyntheticFrame, type SyntheticClass, type SyntheticFrame } from './syntheticLidar';

// The default ontology's sizes (resources/ontology/default.json), as the app passes them.
const SIZES: Record<string, [number, number, number]> = {
  car: [4.5, 1.9, 1.6],
  truck: [8.0, 2.5, 3.2],
  bus: [11.0, 2.6, 3.2],
  pedestrian: [0.8, 0.8, 1.75],
  cyclist: [1.8, 0.7, 1.7],
  motorcycle: [2.2, 0.9, 1.5],
};
const CLASSES = Object.entries(SIZES).map(([classId, size]) => ({ classId, size }));

const appFit: SeededFit = (points, stride, seed, classId) => fitCuboidAtPoint(points, stride, seed, 'lidar', suggestFitOptions(seed, SIZES[classId]))?.cuboid ?? null;

function outcomes(seeds: number[], classes?: SyntheticClass[], fit = appFit): FitOutcome[] {
  return seeds.flatMap((seed) => {
    const frame = makeSyntheticFrame({ seed, classes });
    return evaluateSeededFit({ name: String(seed), stride: 4, ...frame }, fit);
  });
}

const recallOf = (o: readonly FitOutcome[]) => recallTable(o)[0].recall;

/**
 * Object `k` of the frame fitted alone, seeded as the bench seeds it, at its class's size: its BEV
 * IoU, and the share of the box's points that are object `other`'s.
 */
function fitAlone(frame: SyntheticFrame, k: number, other: number): { iou: number; othersShare: number } {
  let othersShare = 0;
  const objects = frame.objects.map((o, j) => (j === k ? o : { ...o, classId: 'none' }));
  const [outcome] = evaluateSeededFit({ name: '', stride: 4, ...frame, objects }, (points, stride, seedPoint, classId) => {
    if (classId === 'none') return null;
    const fit = fitCuboidAtPoint(points, stride, seedPoint, 'lidar', suggestFitOptions(seedPoint, SIZES[classId]));
    if (fit) othersShare = [...fit.indices].filter((i) => frame.objectOf[i] === other).length / fit.pointCount;
    return fit?.cuboid ?? null;
  }).filter((o) => o.object === k);
  return { iou: outcome.iou, othersShare };
}

describe('fit to point on generated scans (only the sensor-facing sides seen)', () => {
  // 31 fits over three full frames: 39 s on a machine shared with other runs, past vitest's 30 s.
  // The test asserts what is found, not how fast.
  it('boxes most road users at BEV IoU ≥ 0.7, seeded as a click would be', { timeout: 600_000 }, () => {
    const all = outcomes([101, 102, 103]);
    expect(all.length).toBeGreaterThan(25);
    expect(recallOf(all)).toBeGreaterThanOrEqual(0.8); // 26 of 31 today, 24 at 481a211
    const cars = all.filter((o) => o.classId === 'car');
    expect(recallOf(cars)).toBeGreaterThanOrEqual(0.9); // 15 of 16 today, 14 at 481a211
  });

  it('boxes pedestrians at about their true size, not around the few points seen', () => {
    const peds = outcomes([201, 202], ['pedestrian']);
    expect(peds.length).toBeGreaterThan(10);
    // People are generated at their labelled size (0.62–1.04 m across, the nuScenes sample's) and
    // fitted at the ontology's 0.8 m square, about the mean labelled footprint's area: 10 of 11
    // reach IoU 0.7 today (4 at the former 0.7 m square). The floor under every one is what says
    // the box is the person's, centred on the body.
    expect(recallOf(peds)).toBeGreaterThanOrEqual(0.8);
    expect(Math.min(...peds.map((o) => o.iou))).toBeGreaterThan(0.6);
  });

  it('boxes cyclists along their frame', () => {
    const bikes = outcomes([301, 302], ['cyclist']);
    expect(bikes.length).toBeGreaterThan(10);
    expect(recallOf(bikes)).toBeGreaterThanOrEqual(0.8);
  });

  it('never joins neighbours 0.3–0.5 m apart into one box', () => {
    for (const seed of [401, 402]) {
      const frame = makeSyntheticFrame({ seed, classes: ['car', 'pedestrian', 'cyclist'], pairProbability: 1 });
      let fitted = 0;
      for (const { object } of evaluateSeededFit({ name: '', stride: 4, ...frame }, () => null)) {
        const k = object;
        const seedPoint = seedPointOf({ stride: 4, ...frame }, k)!;
        const fit = fitCuboidAtPoint(frame.points, 4, seedPoint, 'lidar', suggestFitOptions(seedPoint, SIZES[frame.objects[k].classId]));
        expect(fit).not.toBeNull();
        const others = [...fit!.indices].filter((i) => frame.objectOf[i] >= 0 && frame.objectOf[i] !== k).length;
        expect(others).toBeLessThanOrEqual(0.05 * fit!.pointCount);
        fitted++;
      }
      expect(fitted).toBeGreaterThan(5);
    }
  });

  it('keeps a two-wheeler 0.3–0.5 m in front of a car out of the car’s box', () => {
    // Frames of the bench (seeds 16, 37, 39) where a motorbike or a bicycle stands beside a car,
    // between it and the sensor: reaching along the line of sight joined it to the car, whose box
    // then turned or widened (BEV IoU 0.28–0.36). A point or two of the bike may stand inside the
    // car's completed box; 30–45 % of the box's points were the bike's.
    for (const [seed, car, bike] of [[16, 5, 6], [37, 6, 7], [39, 11, 10]]) {
      const frame = makeSyntheticFrame({ seed });
      const [c, b] = [frame.objects[car], frame.objects[bike]];
      expect(c.classId).toBe('car');
      expect(['motorcycle', 'cyclist']).toContain(b.classId);
      expect(Math.hypot(b.cuboid.center[0], b.cuboid.center[1])).toBeLessThan(Math.hypot(c.cuboid.center[0], c.cuboid.center[1]));
      const { iou, othersShare } = fitAlone(frame, car, bike);
      expect(othersShare).toBeLessThanOrEqual(0.05);
      expect(iou).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('boxes two cars parked 0.30 m apart at 10 m each without the other, range noise in the gap', () => {
    // Generated frame 104, cars 5 and 6: the gap runs along the line of sight and 2 cm of range
    // noise brings points of the two 0.28 m apart; both were boxed as one car 3.8 m wide.
    const frame = makeSyntheticFrame({ seed: 104 });
    for (const [car, other] of [[5, 6], [6, 5]]) {
      expect(frame.objects[car].classId).toBe('car');
      const { iou, othersShare } = fitAlone(frame, car, other);
      expect(othersShare).toBeLessThanOrEqual(0.05);
      expect(iou).toBeGreaterThanOrEqual(0.7);
    }
  });

  // About 140 fits on a 70 m frame: a few seconds alone, past vitest's 30 s default on a machine
  // shared with other test runs; the test asserts what is found, not how fast.
  it('finds the object under a seed that is one of its points, at any range', { timeout: 600_000 }, () => {
    const frame = makeSyntheticFrame({ seed: 601, maxRange: 70 });
    let far = 0;
    const reasons = new Set<string>();
    for (let i = 0; i < frame.objectOf.length; i += 37) {
      const k = frame.objectOf[i];
      if (k < 0) continue;
      const seed = [frame.points[4 * i], frame.points[4 * i + 1], frame.points[4 * i + 2]] as const;
      if (seed[2] - frame.groundZ < 0.3) continue; // a wheel's or a foot's lowest points read as ground
      if (Math.hypot(seed[0], seed[1]) > 30) far++;
      const result = fitAtPoint(frame.points, 4, seed, 'lidar', suggestFitOptions(seed, SIZES[frame.objects[k].classId]));
      if (!('cuboid' in result)) reasons.add(result.reason);
    }
    expect(far).toBeGreaterThan(5);
    expect([...reasons]).toEqual([]);
  });

  it('lays the box of a car cut by the edge of a scan cropped to a camera view across that edge', () => {
    // Generated frame 5's car 9 (9.5 m away), seen in a scan that keeps only the 80° up to an
    // azimuth 55 % of the way across the car, as KITTI's scans cropped to the front camera cut
    // the cars at the image's edge. Taking the cut for the car's end, the fit laid the box back
    // from it (IoU 0.69).
    const frame = makeSyntheticFrame({ seed: 5, classes: ['car'] });
    const k = 9;
    const azimuthOf = (i: number) => Math.atan2(frame.points[4 * i + 1], frame.points[4 * i]);
    const own = [...frame.objectOf.keys()].filter((i) => frame.objectOf[i] === k).map(azimuthOf);
    const edge = Math.min(...own) + 0.55 * (Math.max(...own) - Math.min(...own));
    const kept = [...frame.objectOf.keys()].filter((i) => azimuthOf(i) <= edge && azimuthOf(i) >= edge - (80 * Math.PI) / 180);
    const points = Float32Array.from(kept.flatMap((i) => [...frame.points.subarray(4 * i, 4 * i + 4)]));
    const cropped = { points, stride: 4, objectOf: Int32Array.from(kept, (i) => frame.objectOf[i]), objects: frame.objects };
    const seed = seedPointOf(cropped, k)!;
    const fit = fitCuboidAtPoint(points, 4, seed, 'lidar', suggestFitOptions(seed, SIZES.car))!.cuboid;
    expect(cuboidBevIou(fit, frame.objects[k].cuboid)).toBeGreaterThan(0.85);
    // The box reaches past the edge, where the scan did not look.
    const xy = bevCorners(bevBoxOf(fit));
    const corners = [0, 2, 4, 6].map((j) => Math.atan2(xy[j + 1], xy[j]));
    expect(Math.max(...corners)).toBeGreaterThan(edge + (2 * Math.PI) / 180);
  });

  it('suggests the class from the box size when none is chosen', () => {
    const suggest: Array<[string, string | null]> = [];
    const fit: SeededFit = (points, stride, seed, classId) => {
      const f = fitCuboidAtPoint(points, stride, seed, 'lidar', { ...suggestFitOptions(seed, [4.5, 1.9, 1.6]), classSize: undefined, classes: CLASSES });
      suggest.push([classId, f?.classId ?? null]);
      return f?.cuboid ?? null;
    };
    outcomes([501, 502], ['car', 'pedestrian'], fit);
    const right = suggest.filter(([truth, said]) => truth === said).length;
    expect(suggest.length).toBeGreaterThan(10);
    expect(right / suggest.length).toBeGreaterThanOrEqual(0.7);
  });
});
