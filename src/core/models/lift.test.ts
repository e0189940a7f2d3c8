import { describe, expect, it } from 'vitest';
import { makeSyntheticFrame } from '../assist/syntheticLidar';
import type { Detection2D } from './detection';
import { liftDetections, type LiftCamera } from './lift';
import { dominantDepthGroup, pointsInBox, scanInImage } from './liftFrustum';
import { boxOfCuboid, ringCamera } from './liftTestCamera';

const CLASSES = ['car', 'truck', 'bus', 'pedestrian', 'cyclist', 'motorcycle'] as const;
const SIZES = { car: [4.5, 1.9, 1.6], truck: [8, 2.5, 3.2], bus: [11, 2.6, 3.2], pedestrian: [0.8, 0.8, 1.75], cyclist: [1.8, 0.7, 1.7], motorcycle: [2.2, 0.9, 1.5] } as const;
const RING = [0, 90, 180, 270].map(ringCamera);

describe('liftDetections on generated scans', () => {
  it('lifts a perfect detector’s boxes of unoccluded objects, in four cameras, to one box per object near its label', () => {
    const errors: number[] = [];
    for (const seed of [1, 2]) {
      const frame = makeSyntheticFrame({ seed, maxRange: 35, objects: 30 });
      // The test's detector sees an object when the whole box is in the image and at least 90 %
      // of the object points inside its box are its own (it is not hidden behind another).
      const truthOf = new Map<Detection2D, number>();
      const cameras: LiftCamera[] = RING.map((camera) => {
        const scan = scanInImage(frame.points, 4, camera.cameraFromLidar, camera.model, camera.width, camera.height);
        const detections: Detection2D[] = [];
        frame.objects.forEach((o, k) => {
          const d = boxOfCuboid(o.cuboid, camera, CLASSES.indexOf(o.classId), 0.5 + k / 100);
          if (!d) return;
          const inside = pointsInBox(scan, d, 0.1).filter((i) => frame.objectOf[i] >= 0);
          const own = inside.filter((i) => frame.objectOf[i] === k).length;
          if (own < 30 || own < 0.9 * inside.length) return;
          detections.push(d);
          truthOf.set(d, k);
        });
        return { ...camera, detections };
      });
      const seen = new Set(truthOf.values());
      const { proposals, skipped } = liftDetections(frame.points, 4, cameras, { lidarFrame: 'lidar', classOf: (i) => CLASSES[i], classSizes: SIZES });
      expect(skipped).toEqual([]);
      // Objects seen whole by two cameras are proposed once.
      expect(proposals.map((p) => truthOf.get(p.detection)).sort()).toEqual([...seen].sort());
      for (const p of proposals) {
        const o = frame.objects[truthOf.get(p.detection)!];
        expect(p.classId).toBe(o.classId);
        expect(p.cuboid.frame).toBe('lidar');
        expect(p.fit).toBe('class-size');
        errors.push(Math.hypot(p.cuboid.center[0] - o.cuboid.center[0], p.cuboid.center[1] - o.cuboid.center[1]));
      }
    }
    // Measured: 30 objects, the worst 0.18 m off in BEV, the median 0.05 m.
    errors.sort((a, b) => a - b);
    expect(errors.length).toBeGreaterThanOrEqual(20);
    expect(errors.at(-1)).toBeLessThan(0.5);
    expect(errors[errors.length >> 1]).toBeLessThan(0.1);
  });

  it('says why a detection gets no box: a class the ontology lacks, or nothing but sky in its frustum', () => {
    const frame = makeSyntheticFrame({ seed: 3, maxRange: 30, objects: 4 });
    const camera = ringCamera(0);
    const sky = { x1: 600, y1: 0, x2: 640, y2: 20, classIndex: 0, score: 0.9 };
    const unmapped = { ...sky, classIndex: 7 };
    const { proposals, skipped } = liftDetections(frame.points, 4, [{ ...camera, detections: [sky, unmapped] }], {
      lidarFrame: 'lidar',
      classOf: (i) => CLASSES[i] ?? null,
      classSizes: SIZES,
    });
    expect(proposals).toEqual([]);
    expect(skipped).toEqual([
      { sensorId: 'cam0', detection: sky, reason: 'too-few-points' },
      { sensorId: 'cam0', detection: unmapped, reason: 'unmapped-class' },
    ]);
  });
});

describe('dominantDepthGroup', () => {
  it('takes the largest run of ranges without a gap over the limit, the nearer one on a tie', () => {
    // Points on the x axis at these ranges; stride 3.
    const ranges = [5, 5.5, 6, 9, 9.4, 9.8, 10.2, 20, 20.5, 21];
    const points = new Float32Array(ranges.flatMap((r) => [r, 0, 0]));
    const all = ranges.map((_, i) => i);
    expect(dominantDepthGroup(points, 3, all, [0, 0], 1)).toEqual([3, 4, 5, 6]);
    expect(dominantDepthGroup(points, 3, [0, 1, 2, 7, 8, 9], [0, 0], 1)).toEqual([0, 1, 2]);
    expect(dominantDepthGroup(points, 3, [], [0, 0], 1)).toEqual([]);
  });
});
