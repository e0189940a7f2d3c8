import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';
import { testOntology, testRecord } from '../ontology/testOntology';
import { limitsFor } from './classLimits';
import { runChecks } from './runChecks';
import { DEFAULT_PLAUSIBILITY, plausibilitySettingsSchema, type PlausibilitySettingsInput } from './settings';
import type { CheckCloud, CheckFrame, CheckInput } from './types';

const FRAMES: CheckFrame[] = Array.from({ length: 20 }, (_, i) => ({ frameId: `frame-${i}`, index: i, timestamp: 100 + i / 10 }));
const ontology = testOntology();

/** One keyframe per listed frame, on one track; `at(i)` places the box on frame i. */
function track(classId: string, frames: number[], at: (i: number) => Partial<CuboidAnnotation['cuboid']>, attributes: Record<string, string> = { occlusion: 'none' }): CuboidAnnotation[] {
  const first = testRecord(classId, attributes);
  return frames.map((i, k) => ({
    ...first,
    objectId: k === 0 ? first.objectId : `${first.objectId.slice(0, -4)}${(k + 0x1000).toString(16)}`,
    frameId: `frame-${i}`,
    cuboid: { ...first.cuboid, center: [0, 0, 0.8], ...at(i) },
  }));
}

function check(records: CuboidAnnotation[], over: Partial<CheckInput> = {}, settings: PlausibilitySettingsInput = {}) {
  return runChecks({ ontology, settings: plausibilitySettingsSchema.parse(settings), frames: FRAMES, records, worldFrom: () => IDENTITY, ...over });
}

const IDENTITY: RigidTransform = { translation: [0, 0, 0], rotation: [0, 0, 0, 1] };
const rules = (report: ReturnType<typeof check>) => report.findings.map((f) => `${f.rule}@${f.frameIndex}`);

describe('plausibility checks', () => {
  it('find nothing on a car driving straight at 10 m/s with a constant size and its attributes set', () => {
    const report = check(track('car', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], (i) => ({ center: [i, 5, 0.8] })));
    expect(report.findings).toEqual([]);
    expect(report.notChecked.map((n) => `${n.rule}: ${n.reason} (${n.boxes})`)).toEqual([
      'empty-box: no LiDAR points were given (10)',
      'below-ground: no LiDAR points were given (10)',
      'floating: no LiDAR points were given (10)',
      'point-time: no LiDAR points were given (10)',
    ]);
    expect(report.boxes).toBe(10);
  });

  it('flag a keyframe whose size strays from the track median', () => {
    const report = check(track('car', [0, 1, 2, 3], (i) => ({ center: [i, 5, 0.8], size: i === 2 ? [5.4, 1.9, 1.6] : [4.5, 1.9, 1.6] })));
    expect(rules(report)).toEqual(['track-size@2']);
    expect(report.findings[0].value).toBeCloseTo(0.2, 6);
    expect(report.findings[0].message).toContain('length 5.40 m');
  });

  it('flag a heading that turns round between adjacent frames, in the world when the ego turns too', () => {
    const flip = track('car', [0, 1, 2], (i) => ({ center: [i, 5, 0.8], rotation: quatFromYaw(i === 2 ? Math.PI : 0) }));
    expect(rules(check(flip))).toEqual(['yaw-flip@2']);
    // The sensor turns 100° left between frames 1 and 2 and the box turns 100° right in its frame: the car kept its heading.
    const egoTurn = (frame: string, t: number): RigidTransform => ({ translation: [0, 0, 0], rotation: quatFromYaw(t > 100.15 ? (100 * Math.PI) / 180 : 0) });
    const steady = track('car', [0, 1, 2], (i) => ({ center: [0, 0, 0.8], rotation: quatFromYaw(i === 2 ? (-100 * Math.PI) / 180 : 0) }));
    expect(rules(check(steady, { worldFrom: egoTurn }))).toEqual([]);
    expect(rules(check(steady))).toEqual(['yaw-flip@2']);
    // The same turn spread over two seconds of keyframes is a turn, not a flip.
    expect(rules(check(track('car', [0, 19], () => ({}))))).toEqual([]);
    const slow = track('car', [0, 19], (i) => ({ center: [i, 5, 0.8], rotation: quatFromYaw(i === 19 ? Math.PI : 0) }));
    expect(rules(check(slow))).toEqual([]);
  });

  it('flag speed over the class limit in the world, not motion the ego made', () => {
    const jump = track('car', [0, 1, 2], (i) => ({ center: [i === 2 ? 20 : i, 5, 0.8] }));
    const report = check(jump, {}, { disabled: ['acceleration'] });
    expect(rules(report)).toEqual(['speed@2']);
    expect(report.findings[0].value).toBeCloseTo(190, 6);
    // A parked car seen from an ego moving at 30 m/s: its box moves back 3 m a frame in the sensor's frame.
    const parked = track('car', [0, 1, 2, 3], (i) => ({ center: [40 - 3 * i, 5, 0.8] }));
    const ego = (frame: string, t: number): RigidTransform => ({ translation: [30 * (t - 100), 0, 0], rotation: [0, 0, 0, 1] });
    expect(rules(check(parked, { worldFrom: ego }))).toEqual([]);
    // A pedestrian's limit is lower than a car's.
    const runner = track('pedestrian', [0, 1], (i) => ({ center: [1.5 * i, 5, 0.8] }), {});
    expect(rules(check(runner))).toEqual(['speed@1']);
  });

  it('say the motion rules did not run when the scene has no poses', () => {
    const report = check(track('car', [0, 1], (i) => ({ center: [50 * i, 5, 0.8] })), { worldFrom: undefined });
    expect(rules(report)).toEqual([]);
    expect(report.notChecked.filter((n) => n.reason.includes('poses')).map((n) => `${n.rule} (${n.boxes})`)).toEqual(['speed (2)', 'acceleration (2)']);
  });

  it('flag acceleration over half-second windows, once per jump, and not the jitter of frame-by-frame labels', () => {
    // Standing, then 20 m/s from frame 10 on: 20 m/s within about half a second.
    const launch = track('car', FRAMES.map((f) => f.index), (i) => ({ center: [i <= 10 ? 0 : 2 * (i - 10), 5, 0.8] }));
    const report = check(launch);
    expect(report.findings.map((f) => f.rule)).toEqual(['acceleration']);
    expect(report.findings[0].value).toBeGreaterThan(12);
    // 10 m/s with ±5 cm of labelling noise on every frame.
    const jitter = track('car', FRAMES.map((f) => f.index), (i) => ({ center: [i + (i % 2 ? 0.05 : -0.05), 5, 0.8] }));
    expect(rules(check(jitter))).toEqual([]);
  });

  it('flag two boxes sharing space in one frame, once per pair', () => {
    const a = track('car', [3], () => ({ center: [10, 0, 0.8] }));
    const b = track('car', [3], () => ({ center: [10.5, 0.2, 0.8] }));
    const apart = track('car', [3], () => ({ center: [10, 2.5, 0.8] }));
    const report = check([...a, ...b, ...apart]);
    expect(rules(report)).toEqual(['overlap@3']);
    expect([report.findings[0].objectId, report.findings[0].otherObjectId].sort()).toEqual([a[0].objectId, b[0].objectId].sort());
  });

  it('flag required attributes without a value: per keyframe, or once per track when the attribute is the object’s', () => {
    const missing = track('car', [0, 1], (i) => ({ center: [i, 5, 0.8] }), {});
    expect(rules(check(missing))).toEqual(['required-attribute@0', 'required-attribute@1']);
    const withObjectScope = testOntology({
      classes: [{ classId: 'car', name: 'Car', color: '#ffffff', defaultSize: [4, 2, 1.5], attributes: [{ key: 'model', name: 'Model', type: 'text', scope: 'object', required: true }] }],
      relations: [],
    });
    const report = runChecks({ ontology: withObjectScope, settings: DEFAULT_PLAUSIBILITY, frames: FRAMES, records: missing, worldFrom: () => IDENTITY });
    expect(rules(report)).toEqual(['required-attribute@0']);
  });

  describe('against the frame’s points', () => {
    /** Flat ground at z = 0 every 0.25 m, and 40 points inside the car at (10, 0). */
    function cloud(): CheckCloud {
      const xyz: number[] = [];
      for (let x = -20; x <= 20; x += 0.25) for (let y = -20; y <= 20; y += 0.25) xyz.push(x, y, 0);
      for (let k = 0; k < 40; k++) xyz.push(10 + (k % 8) * 0.4 - 1.4, Math.floor(k / 8) * 0.3 - 0.6, 0.6 + (k % 3) * 0.3);
      return { points: new Float32Array(xyz), stride: 3, frame: 'lidar' };
    }
    const points = cloud();

    it('flag empty boxes, boxes sunk into the ground and boxes floating above it', () => {
      const good = track('car', [0], () => ({ center: [10, 0, 0.8] }));
      const empty = track('car', [0], () => ({ center: [-10, 8, 0.8] }));
      const sunk = track('car', [1], () => ({ center: [10, 0, 0.1] }));
      const floating = track('car', [2], () => ({ center: [10, 0, 2] }));
      const report = check([...good, ...empty, ...sunk, ...floating], { cloud: () => points });
      // The floating box is above the car's points, so it is empty as well.
      expect(rules(report)).toEqual(['empty-box@0', 'below-ground@1', 'empty-box@2', 'floating@2']);
      expect(report.findings[0].objectId).toBe(empty[0].objectId);
      expect(report.findings[1].value).toBeCloseTo(0.7, 1);
      expect(report.findings[3].value).toBeCloseTo(1.2, 1);
      expect(report.notChecked).toEqual([{ rule: 'point-time', reason: 'the sweep carries no per-point capture time', boxes: 4 }]);
    });

    it('count the same points inside a box whether it is alone on its frame or among many', () => {
      // Boxes along a line over the car's points and the ground beside it, each on its own frame,
      // then the same boxes all on one frame (where the points are put in columns first).
      const at = (k: number) => ({ center: [6 + k * 0.7, (k % 3) - 1, 0.8] as [number, number, number], size: [1.5 + (k % 4) * 0.5, 1.2, 1.6] as [number, number, number], rotation: quatFromYaw(k * 0.4) });
      const frames = Array.from({ length: 12 }, (_, k) => k);
      const alone = frames.flatMap((k) => track('car', [k], () => at(k)));
      const together = frames.flatMap((k) => track('car', [0], () => at(k)));
      const settings = { classes: [{ classId: 'car', minPoints: 1000 }] };
      const counts = (report: ReturnType<typeof check>) => report.findings.filter((f) => f.rule === 'empty-box').map((f) => f.value);
      const one = counts(check(alone, { cloud: () => points }, settings));
      expect(one).toHaveLength(12);
      expect(new Set(one).size).toBeGreaterThan(3);
      expect(counts(check(together, { cloud: () => points }, settings)).sort((a, b) => a - b)).toEqual([...one].sort((a, b) => a - b));
    });

    it('relate boxes and points in different frames through the poses, and say when they cannot', () => {
      const box = track('car', [0], () => ({ frame: 'ego', center: [8, 0, 0.8] }));
      // The LiDAR sits 2 m behind the ego origin: the car's points at LiDAR x = 10 are at ego x = 8.
      const placed = (frame: string): RigidTransform => ({ translation: frame === 'lidar' ? [-2, 0, 0] : [0, 0, 0], rotation: [0, 0, 0, 1] });
      expect(rules(check(box, { cloud: () => points, worldFrom: placed }))).toEqual([]);
      const held = box;
      const beside = track('car', [0], () => ({ frame: 'ego', center: [12, 0, 0.8] }));
      expect(rules(check(beside, { cloud: () => points, worldFrom: placed }))).toEqual(['empty-box@0']);
      const unrelated = check(held, { cloud: () => points, worldFrom: undefined }, { disabled: ['speed', 'acceleration'] });
      expect(unrelated.notChecked.map((n) => n.rule)).toEqual(['empty-box', 'below-ground', 'floating', 'point-time']);
      const unread = check(held, { cloud: () => null });
      expect(unread.notChecked.map((n) => `${n.rule}: ${n.reason}`)).toContain('empty-box: the frame’s LiDAR points could not be read');
    });

    it('keep a class’s own minimum, else its nearest ancestor’s', () => {
      const few = track('car', [0], () => ({ center: [10, 0, 0.8] }));
      expect(rules(check(few, { cloud: () => points }, { classes: [{ classId: 'car', minPoints: 50 }] }))).toEqual(['empty-box@0']);
      expect(rules(check(few, { cloud: () => points }, { classes: [{ classId: 'vehicle', minPoints: 50 }] }))).toEqual(['empty-box@0']);
      expect(rules(check(few, { cloud: () => points }, { classes: [{ classId: 'vehicle', minPoints: 50 }, { classId: 'car', minPoints: 10 }] }))).toEqual([]);
    });
  });

  it('runs only the rules the settings leave on', () => {
    const jump = track('car', [0, 1, 2], (i) => ({ center: [i === 2 ? 20 : i, 5, 0.8], size: i === 2 ? [6, 1.9, 1.6] : [4.5, 1.9, 1.6] }));
    expect(rules(check(jump, {}, { disabled: ['speed', 'acceleration'] }))).toEqual(['track-size@2']);
    expect(check(jump, {}, { disabled: ['speed', 'acceleration'] }).rules).not.toContain('speed');
  });
});

describe('class limits', () => {
  it('come from the class, else its nearest ancestor, else built in by the class’s name', () => {
    const settings = plausibilitySettingsSchema.parse({ classes: [{ classId: 'vehicle', maxSpeed: 50, mayFloat: true }, { classId: 'car', maxSpeed: 60 }] });
    expect(limitsFor(ontology, settings, 'car')).toEqual({ maxSpeed: 60, maxAcceleration: 15, minPoints: 5, mayFloat: true, pointTimeTolerance: 0.5 });
    expect(limitsFor(ontology, settings, 'truck').maxSpeed).toBe(50);
    expect(limitsFor(ontology, DEFAULT_PLAUSIBILITY, 'truck')).toEqual({ maxSpeed: 40, maxAcceleration: 6, minPoints: 5, mayFloat: false, pointTimeTolerance: 0.5 });
    expect(limitsFor(ontology, DEFAULT_PLAUSIBILITY, 'pedestrian').maxSpeed).toBe(12);
  });

  it('are refused for classes the ontology does not have', () => {
    expect(() => testOntology({ plausibility: { classes: [{ classId: 'boat', maxSpeed: 10 }] } })).toThrow(/no class "boat"/);
  });
});
