import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import type { RigidTransform } from '../../camera/rigidTransform';
import { testOntology, testRecord } from '../../ontology/testOntology';
import { runChecks } from '../runChecks';
import { plausibilitySettingsSchema, type PlausibilitySettingsInput } from '../settings';
import type { CheckCloud, CheckFrame } from '../types';
import { sweepTimesOnSceneClock, trackVelocities } from './pointTime';

const FRAMES: CheckFrame[] = [0, 1, 2, 3].map((i) => ({ frameId: `frame-${i}`, index: i, timestamp: 50 + i / 10 }));
const ontology = testOntology();
const IDENTITY: RigidTransform = { translation: [0, 0, 0], rotation: [0, 0, 0, 1] };

/** A car on frames 0–3 moving along x at `speed` m/s, each box centred where the car was at its frame's time. */
function car(speed: number): CuboidAnnotation[] {
  const first = testRecord('car', { occlusion: 'none' });
  return FRAMES.map((f, k) => ({
    ...first,
    objectId: `${first.objectId.slice(0, -4)}${(k + 0x1000).toString(16)}`,
    frameId: f.frameId,
    cuboid: { ...first.cuboid, center: [10 + speed * (f.timestamp - 50), 0, 0.8] },
  }));
}

/** 20 points inside a box centred at (x, 0, 0.8), captured at `t` (half of them 1 ms either side). */
function cloudAround(x: number, t: number, timed = true): CheckCloud {
  const points = new Float32Array(20 * 4);
  const time = new Float64Array(20);
  for (let i = 0; i < 20; i++) {
    points.set([x - 1.5 + (i % 10) * 0.3, ((i % 3) - 1) * 0.5, 0.8 + ((i % 2) - 0.5) * 0.6, 0.5], i * 4);
    time[i] = t + (i < 10 ? -0.001 : 0.001);
  }
  return { points, stride: 4, frame: 'lidar', ...(timed && { time }) };
}

function check(records: CuboidAnnotation[], cloud: (frameId: string) => CheckCloud | null, settings: PlausibilitySettingsInput = {}) {
  return runChecks({
    ontology,
    settings: plausibilitySettingsSchema.parse({ disabled: ['empty-box', 'below-ground', 'floating', 'acceleration'], ...settings }),
    frames: FRAMES,
    records,
    worldFrom: () => IDENTITY,
    cloud,
  });
}

describe('per-point time', () => {
  it('flags a fast car whose points were captured 100 ms after its frame: 25 m/s × 0.1 s = 2.5 m', () => {
    const boxes = car(25);
    // Frame 2 (t = 50.2): the sweep saw the car at 50.3; the other frames saw it 10 ms off (0.25 m).
    const report = check(boxes, (id) => {
      const f = FRAMES.find((x) => x.frameId === id)!;
      return cloudAround(10 + 25 * (f.timestamp - 50), f.timestamp + (f.index === 2 ? 0.1 : 0.01));
    });
    expect(report.findings.map((f) => `${f.rule}@${f.frameIndex}`)).toEqual(['point-time@2']);
    const f = report.findings[0];
    expect(f.value).toBeCloseTo(2.5, 6);
    expect(f.limit).toBe(0.5);
    expect(f.severity).toBe('warning');
    expect(f.message).toBe("its points were captured 100 ms after the frame's time: at 25.0 m/s the object was 2.50 m from where they show it (0.5 m allowed)");
  });

  it('leaves a parked car alone however late its points, and follows the class’s tolerance', () => {
    const late = (records: CuboidAnnotation[]) => (id: string) => {
      const f = FRAMES.find((x) => x.frameId === id)!;
      return cloudAround(records[f.index].cuboid.center[0], f.timestamp + 0.1);
    };
    expect(check(car(0), late(car(0))).findings).toEqual([]);
    const fast = car(25);
    expect(check(fast, late(fast)).findings).toHaveLength(4);
    expect(check(fast, late(fast), { classes: [{ classId: 'car', pointTimeTolerance: 3 }] }).findings).toEqual([]);
    expect(check(fast, late(fast), { pointTimeTolerance: 2.6 }).findings).toEqual([]);
  });

  it('says why it did not run: no per-point time, too few points inside, no neighbour to give the speed', () => {
    const boxes = car(25);
    const untimed = check(boxes, () => cloudAround(0, 0, false));
    expect(untimed.notChecked).toContainEqual({ rule: 'point-time', reason: 'the sweep carries no per-point capture time', boxes: 4 });
    const empty = check(boxes, () => cloudAround(-100, 50));
    expect(empty.notChecked).toContainEqual({ rule: 'point-time', reason: 'fewer than 5 timed points inside the box', boxes: 4 });
    const lone = check([boxes[0]], () => cloudAround(10, 60));
    expect(lone.notChecked).toContainEqual({ rule: 'point-time', reason: 'its track has no keyframe near enough to give its speed', boxes: 1 });
  });

  it('measures a track’s speed in the world from its neighbouring keyframes', () => {
    const boxes = car(20).map((r, k) => ({ record: r, frame: FRAMES[k] }));
    const v = trackVelocities(boxes, () => IDENTITY);
    expect(v.get(boxes[1].record.objectId)![0]).toBeCloseTo(20, 9);
    // A sensor moving with the car at 20 m/s: the box stands still in its frame, the car does not in the world.
    const still = car(0).map((r, k) => ({ record: r, frame: FRAMES[k] }));
    const ego = (_: string, t: number): RigidTransform => ({ translation: [20 * (t - 50), 0, 0], rotation: [0, 0, 0, 1] });
    expect(trackVelocities(still, ego).get(still[2].record.objectId)![0]).toBeCloseTo(20, 9);
    expect(trackVelocities(still).get(still[2].record.objectId)![0]).toBeCloseTo(0, 9);
  });

  it('puts per-point times on the scene clock: offsets into the sweep are added to the frame time, stamps kept, another clock refused', () => {
    expect([...sweepTimesOnSceneClock(new Float64Array([0, 0.05, 0.1]), 1000)!]).toEqual([1000, 1000.05, 1000.1]);
    const stamps = new Float64Array([999.95, 1000, 1000.05]);
    expect(sweepTimesOnSceneClock(stamps, 1000)).toBe(stamps);
    expect(sweepTimesOnSceneClock(new Float64Array([1.3e9, 1.3e9]), 1.7e9)).toBeNull();
    expect(sweepTimesOnSceneClock(new Float64Array([]), 0)).toBeNull();
  });
});
