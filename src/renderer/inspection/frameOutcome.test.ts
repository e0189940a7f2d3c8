import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../../core/geometry/quaternion';
import type { FramePrediction } from '../../shared/inspectionContract';
import { frameOutcome, type OutcomeGroundTruth } from './frameOutcome';
import { outcomeStrokes } from './useInspectionOverlay';
import { OUTCOME_COLOURS } from './inspectionColours';

const box = (x: number, y: number) => ({ frame: 'lidar', center: [x, y, -1] as const, size: [4.4, 1.9, 1.6] as const, rotation: quatFromYaw(0) });
const gt = (id: string, classId: string, x: number, y: number): OutcomeGroundTruth => ({ objectId: id, classId, cuboid: box(x, y) });
const pred = (id: string, classId: string, x: number, y: number, score: number): FramePrediction => ({ predictionId: id, classId, score, cuboid: box(x, y) });

describe('frameOutcome', () => {
  const truth = [gt('g-hit', 'car', 10, 0), gt('g-missed', 'car', 20, 5), gt('g-shifted', 'car', 30, -4), gt('g-class', 'pedestrian', 8, 6)];
  const predictions = [
    pred('p-hit', 'car', 10.1, 0, 0.9),
    pred('p-shifted', 'car', 30, -3, 0.8), // 1 m sideways: IoU ≈ 0.3, under car's 0.7
    pred('p-spurious', 'car', 40, 10, 0.7),
    pred('p-class', 'car', 8, 6, 0.9), // on a pedestrian's box but of another class
    pred('p-low', 'car', 20, 5, 0.2), // on the missed car, under the minimum score
  ];
  const result = frameOutcome(truth, predictions, { metric: 'iou3d', minScore: 0.5 });
  const outcomeOf = (id: string) => result.boxes.find((b) => b.id === id)?.outcome;

  it('says what each box is, as the core evaluation judges the frame', () => {
    expect(outcomeOf('p-hit')).toBe('tp');
    expect(outcomeOf('g-hit')).toBe('matchedGt');
    expect(outcomeOf('g-missed')).toBe('fn');
    expect(outcomeOf('p-shifted')).toBe('fp');
    expect(outcomeOf('g-shifted')).toBe('fn');
    expect(outcomeOf('p-spurious')).toBe('fp');
    expect(outcomeOf('p-class')).toBe('fp');
    expect(outcomeOf('g-class')).toBe('fn');
    expect(outcomeOf('p-low')).toBeUndefined();
    expect(result).toMatchObject({ tp: 1, fp: 3, fn: 3, belowScore: 1 });
    const hit = result.boxes.find((b) => b.id === 'p-hit')!;
    expect(hit.partnerId).toBe('g-hit');
    expect(hit.iou3d).toBeGreaterThan(0.9);
    expect(hit.iou3d).toBeLessThan(1);
  });

  it('judges as the host does: a box flagged ignore is no miss and no outcome, a prediction in an ignore region no false positive', () => {
    const hidden = { ...gt('g-missed', 'car', 20, 5), ignore: true };
    // A camera looking along x from the LiDAR (optical x = −y, y = −z, z = x), f = 100 px: the spurious car, 40 m ahead and 10 m
    // left (37.8–42.2 m ahead, 9.05–10.95 m left, 0.2–1.8 m below), spans u 291.0–298.6, v 240.5–244.8; the region holds it whole.
    const regions = [
      {
        cameraId: 'cam2',
        model: { kind: 'pinhole' as const, fx: 100, fy: 100, cx: 320, cy: 240 },
        cameraFromLidar: { translation: [0, 0, 0] as [number, number, number], rotation: [0.5, -0.5, 0.5, 0.5] as [number, number, number, number] },
        width: 640,
        height: 480,
        regions: [{ x0: 285, y0: 230, x1: 300, y1: 250 }],
      },
    ];
    const judged = frameOutcome([truth[0], hidden, truth[2], truth[3]], predictions, { metric: 'iou3d', minScore: 0.5 }, regions);
    const of = (id: string) => judged.boxes.find((b) => b.id === id)?.outcome;
    expect(of('g-missed')).toBeUndefined();
    expect(of('p-spurious')).toBeUndefined();
    expect(judged).toMatchObject({ tp: 1, fp: 2, fn: 2, inIgnoreRegions: 1 });
  });

  it('matches by centre distance when asked: the shifted car is then a hit', () => {
    const byCentre = frameOutcome(truth, predictions, { metric: 'centre', minScore: 0.5 });
    expect(byCentre.boxes.find((b) => b.id === 'p-shifted')?.outcome).toBe('tp');
  });

  it('strokes matched ground truth first and what needs looking at last, the selected box in white', () => {
    const strokes = outcomeStrokes(result, 'p-spurious');
    expect(strokes[0].colour).toBe(OUTCOME_COLOURS.matchedGt);
    expect(strokes.at(-1)!.colour).toBe(OUTCOME_COLOURS.fp);
    expect(strokes.filter((s) => s.colour === '#ffffff')).toHaveLength(1);
    expect(strokes).toHaveLength(result.boxes.length);
  });
});
