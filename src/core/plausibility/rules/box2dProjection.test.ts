import { describe, expect, it } from 'vitest';
import type { CameraRig } from '../../annotations/box2d/project';
import type { Box2dAnnotation } from '../../annotations/box2d/schema';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import type { PinholeModel } from '../../camera/cameraModel';
import { IDENTITY_TRANSFORM } from '../../camera/rigidTransform';
import { testOntology, testRecord } from '../../ontology/testOntology';
import { runChecks } from '../runChecks';
import { plausibilitySettingsSchema, type PlausibilitySettingsInput } from '../settings';
import type { CheckFrame } from '../types';
import { imageBoxIou } from './box2dProjection';

const FRAMES: CheckFrame[] = [0, 1, 2, 3].map((i) => ({ frameId: `frame-${i}`, index: i, timestamp: i / 10 }));
const model: PinholeModel = { kind: 'pinhole', fx: 100, fy: 100, cx: 50, cy: 50 };
/** The box's frame is the camera's optical frame (z forward), so projections are worked out by hand. */
const rig: CameraRig = { cameraId: 'cam', width: 100, height: 100, model, cameraFrom: (frame) => (frame === 'lidar' ? IDENTITY_TRANSFORM : null) };
const ontology = testOntology();

/** A 2 m cube at (x, 0, 10): its near face (z = 9) spans ±100/9 px around (50 + 100x/9, 50). */
function cube(frame: number, x: number, trackId?: string): CuboidAnnotation {
  const r = testRecord('car', { occlusion: 'none' }, { frameId: `frame-${frame}`, cuboid: { frame: 'lidar', center: [x, 0, 10], size: [2, 2, 2], rotation: [0, 0, 0, 1] } });
  return trackId ? { ...r, trackId } : r;
}

let n = 0;
function box2d(frame: number, linked: string | null, box: Box2dAnnotation['box'], over: Partial<Box2dAnnotation> = {}): Box2dAnnotation {
  const objectId = `50000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
  return {
    kind: 'box2d',
    objectId,
    trackId: objectId,
    sceneId: '20000000-0000-4000-8000-000000000000',
    frameId: `frame-${frame}`,
    classId: 'car',
    ontologyVersion: 1,
    attributes: {},
    author: 'tester',
    createdAt: 1,
    updatedAt: 1,
    cameraId: 'cam',
    box,
    linkedTrackId: linked,
    ...over,
  };
}

const half = 100 / 9;
const tight = (x: number) => ({ x0: 50 + (100 * x) / 9 - half, y0: 50 - half, x1: 50 + (100 * x) / 9 + half, y1: 50 + half });

function check(records: CuboidAnnotation[], boxes2d: Box2dAnnotation[], settings: PlausibilitySettingsInput = {}, rigs: CameraRig[] | null = [rig]) {
  return runChecks({
    ontology,
    settings: plausibilitySettingsSchema.parse({ disabled: ['empty-box', 'below-ground', 'floating', 'point-time', 'speed', 'acceleration'], ...settings }),
    frames: FRAMES,
    records,
    boxes2d,
    ...(rigs ? { rigs: () => rigs } : {}),
  });
}

describe('2D box against the projection of its 3D box', () => {
  it('measures IoU of image boxes', () => {
    expect(imageBoxIou({ x0: 0, y0: 0, x1: 2, y1: 2 }, { x0: 1, y0: 0, x1: 3, y1: 2 })).toBeCloseTo(1 / 3, 12);
    expect(imageBoxIou({ x0: 0, y0: 0, x1: 1, y1: 1 }, { x0: 2, y0: 2, x1: 3, y1: 3 })).toBe(0);
  });

  it('passes a box drawn on the projection, flags one shifted by half its width (IoU 1/3) with the IoU and the 3D box', () => {
    const car = cube(0, 0);
    const on = box2d(0, car.trackId, tight(0));
    const t = tight(0);
    const shifted = box2d(0, car.trackId, { ...t, x0: t.x0 + half, x1: t.x1 + half });
    const report = check([car], [on, shifted]);
    expect(report.findings.map((f) => [f.rule, f.objectId, f.otherObjectId, f.severity])).toEqual([['box2d-projection', shifted.objectId, car.objectId, 'warning']]);
    expect(report.findings[0].value).toBeCloseTo(1 / 3, 3);
    expect(report.findings[0].limit).toBe(0.5);
    expect(report.findings[0].message).toMatch(/^IoU 0\.33 with its 3D box projected into cam/);
    // The threshold is the ontology's: at 0.3 the shifted box passes.
    expect(check([car], [shifted], { projectionIou: 0.3 }).findings).toEqual([]);
  });

  it('compares with the interpolated 3D box between keyframes', () => {
    const a = cube(0, 0);
    const b = cube(2, 0.9, a.trackId);
    // Halfway the cube is at x = 0.45: its projection is centred 5 px right of the image centre.
    expect(check([a, b], [box2d(1, a.trackId, tight(0.45))]).findings).toEqual([]);
    expect(check([a, b], [box2d(1, a.trackId, tight(0))]).findings).toHaveLength(0);
    const far = check([a, b], [box2d(1, a.trackId, tight(2.7))]);
    expect(far.findings.map((f) => f.rule)).toEqual(['box2d-projection']);
    expect(far.findings[0].value).toBe(0);
  });

  it('flags a box whose 3D box does not show in its camera (IoU 0)', () => {
    const behind = testRecord('car', { occlusion: 'none' }, { frameId: 'frame-0', cuboid: { frame: 'lidar', center: [0, 0, -10], size: [2, 2, 2], rotation: [0, 0, 0, 1] } });
    const report = check([behind], [box2d(0, behind.trackId, tight(0))]);
    expect(report.findings.map((f) => [f.rule, f.value, f.message])).toEqual([['box2d-projection', 0, 'its 3D box does not show in cam']]);
  });

  it('leaves out boxes that follow their projection, ignore regions and 2D-only boxes; says which could not be compared', () => {
    const car = cube(0, 0);
    const off = { x0: 0, y0: 0, x1: 5, y1: 5 };
    const following = box2d(0, car.trackId, off, { derived: { sourceTrackId: car.trackId, detached: false } });
    const detached = box2d(0, car.trackId, off, { derived: { sourceTrackId: car.trackId, detached: true } });
    const only2d = box2d(0, null, off);
    const ignored = box2d(0, null, off, { ignore: true, classId: 'DontCare' });
    const noBoxThere = box2d(3, car.trackId, off);
    const otherCamera = box2d(0, car.trackId, off, { cameraId: 'rear' });
    const report = check([car], [following, detached, only2d, ignored, noBoxThere, otherCamera]);
    expect(report.findings.map((f) => f.objectId)).toEqual([detached.objectId]);
    expect(report.notChecked).toEqual([
      { rule: 'box2d-projection', reason: 'its 3D object has no box on that frame', boxes: 1 },
      { rule: 'box2d-projection', reason: 'the scene has no calibration placing its 3D box in that camera', boxes: 1 },
    ]);
    expect(check([car], [detached], {}, null).notChecked).toEqual([{ rule: 'box2d-projection', reason: 'the scene’s cameras were not given', boxes: 1 }]);
  });
});
