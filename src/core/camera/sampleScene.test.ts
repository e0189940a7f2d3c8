import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { toCuboidLocal, type Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';
import { parseSceneManifest } from '../scene/manifest';
import { projectPoint } from './cameraModel';
import { cameraModelFromIntrinsics } from './manifestCamera';
import { projectCuboid } from './projectCuboid';
import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from './rigidTransform';

/**
 * End to end on the embedded sample scene, whose images were ray-traced with the conventions the
 * manifest documents: ground-truth boxes (lidar_top frame) projected through lidar_top → ego →
 * camera and the lens model must land on pixels of their class colour.
 */
const ROOT = path.resolve(__dirname, '../../../resources/sample');
const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(ROOT, 'scene.json'), 'utf8')), 'resources/sample/scene.json');

/** The generator's flat class colours, restated (resources/sample/README.md). */
const CLASS_RGB: Record<string, Vec3> = {
  car: [205, 35, 35],
  truck: [235, 140, 20],
  pedestrian: [190, 40, 190],
  cyclist: [20, 185, 205],
};

/** Angle between RGB vectors in degrees: shading scales a flat colour, so this ignores it. */
function colourAngle(a: Vec3, b: Vec3): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return (Math.acos(Math.min(1, dot / (Math.hypot(...a) * Math.hypot(...b)))) * 180) / Math.PI;
}

/** Whether segment ab passes through the box (slab test in the box's own axes). */
function segmentHitsBox(a: Vec3, b: Vec3, box: Cuboid): boolean {
  const la = toCuboidLocal(box, a);
  const lb = toCuboidLocal(box, b);
  let t0 = 0;
  let t1 = 1;
  for (let k = 0; k < 3; k++) {
    const h = box.size[k] / 2;
    const d = lb[k] - la[k];
    if (Math.abs(d) < 1e-12) {
      if (Math.abs(la[k]) > h) return false;
      continue;
    }
    const u0 = (-h - la[k]) / d;
    const u1 = (h - la[k]) / d;
    t0 = Math.max(t0, Math.min(u0, u1));
    t1 = Math.min(t1, Math.max(u0, u1));
    if (t0 > t1) return false;
  }
  return true;
}

function sensor<K extends 'camera' | 'lidar'>(id: string, kind: K) {
  const s = manifest.sensors.find((x) => x.sensorId === id);
  if (!s || s.kind !== kind) throw new Error(`sample scene has no ${kind} "${id}"`);
  return s as Extract<(typeof manifest.sensors)[number], { kind: K }>;
}

describe('sample scene: ground truth projected into cam_front', () => {
  const frame = manifest.frames[0];
  const lidar = sensor('lidar_top', 'lidar');
  const cam = sensor('cam_front', 'camera');
  const model = cameraModelFromIntrinsics(cam.intrinsics);
  // cameraFromLidar = cameraFromEgo ∘ egoFromLidar.
  const cameraFromLidar: RigidTransform = composeTransforms(inverseTransform(cam.egoFromSensor), lidar.egoFromSensor);
  const cameraInLidar = applyTransform(inverseTransform(cameraFromLidar), [0, 0, 0]);
  const png = PNG.sync.read(readFileSync(path.join(ROOT, frame.images.cam_front.path)));
  const boxes = manifest.groundTruth.filter((g) => g.frameId === frame.frameId);

  const rgbAt = (u: number, v: number): Vec3 => {
    const o = (Math.round(v) * png.width + Math.round(u)) * 4;
    return [png.data[o], png.data[o + 1], png.data[o + 2]];
  };

  /** Visible, unoccluded ground-truth centres within `maxDistance` m, with their pixels. */
  function visibleCentres(maxDistance: number): { classId: string; objectId: string; u: number; v: number; box: Cuboid }[] {
    const out = [];
    for (const g of boxes) {
      const box: Cuboid = g.cuboid;
      expect(box.frame).toBe('lidar_top');
      if (boxes.some((o) => o !== g && segmentHitsBox(cameraInLidar, box.center, o.cuboid))) continue;
      const inCamera = applyTransform(cameraFromLidar, box.center);
      if (Math.hypot(...inCamera) > maxDistance) continue;
      const px = projectPoint(model, inCamera);
      if (!px) continue;
      // Keep off the border, so rounding cannot step outside the image.
      if (px.u < 2 || px.v < 2 || px.u > png.width - 3 || px.v > png.height - 3) continue;
      out.push({ classId: g.classId, objectId: g.objectId, u: px.u, v: px.v, box });
    }
    return out;
  }

  it('reads an image of the size the manifest gives', () => {
    expect([png.width, png.height]).toEqual([frame.images.cam_front.width, frame.images.cam_front.height]);
    expect([png.width, png.height]).toEqual([cam.intrinsics.width, cam.intrinsics.height]);
  });

  it('lands every visible car centre on a car-coloured pixel', () => {
    const cars = visibleCentres(50).filter((c) => c.classId === 'car');
    expect(cars.length).toBeGreaterThanOrEqual(6);
    for (const c of cars) {
      const rgb = rgbAt(c.u, c.v);
      const what = `car ${c.objectId} at (${c.u.toFixed(1)}, ${c.v.toFixed(1)}) shows rgb(${rgb.join(', ')})`;
      expect(colourAngle(rgb, CLASS_RGB.car), what).toBeLessThan(10);
      const nearest = Object.entries(CLASS_RGB).sort((a, b) => colourAngle(rgb, a[1]) - colourAngle(rgb, b[1]))[0][0];
      expect(nearest, what).toBe('car');
    }
  });

  it('lands narrow objects (pedestrians, cyclists) on their colour too, where a few decimetres would miss', () => {
    const narrow = visibleCentres(50).filter((c) => c.classId === 'pedestrian' || c.classId === 'cyclist');
    expect(narrow.length).toBeGreaterThanOrEqual(1);
    for (const c of narrow) {
      const rgb = rgbAt(c.u, c.v);
      expect(colourAngle(rgb, CLASS_RGB[c.classId]), `${c.classId} ${c.objectId} shows rgb(${rgb.join(', ')})`).toBeLessThan(10);
    }
  });

  it('draws each visible car box around its car: the outline encloses the centre pixel', () => {
    for (const c of visibleCentres(50).filter((x) => x.classId === 'car')) {
      const lines = projectCuboid(c.box, cameraFromLidar, model);
      expect(lines.length).toBeGreaterThan(0);
      const us = lines.flatMap((l) => Array.from(l.uv.filter((_, i) => i % 2 === 0)));
      const vs = lines.flatMap((l) => Array.from(l.uv.filter((_, i) => i % 2 === 1)));
      expect(Math.min(...us)).toBeLessThan(c.u);
      expect(Math.max(...us)).toBeGreaterThan(c.u);
      expect(Math.min(...vs)).toBeLessThan(c.v);
      expect(Math.max(...vs)).toBeGreaterThan(c.v);
      // A car (≥ 1.5 m) within 50 m spans at least f·1.5/50 ≈ 21 px.
      expect(Math.max(...us) - Math.min(...us)).toBeGreaterThan(20);
    }
  });

  it('fails the check with a wrong convention (a guard that the check can fail)', () => {
    // Using egoFromCamera where cameraFromEgo is needed must put centres off their cars.
    const wrong = composeTransforms(cam.egoFromSensor, lidar.egoFromSensor);
    let hits = 0;
    for (const c of visibleCentres(50).filter((x) => x.classId === 'car')) {
      const px = projectPoint(model, applyTransform(wrong, c.box.center));
      if (!px || px.u < 0 || px.v < 0 || px.u > png.width - 1 || px.v > png.height - 1) continue;
      if (colourAngle(rgbAt(px.u, px.v), CLASS_RGB.car) < 10) hits++;
    }
    expect(hits).toBeLessThan(2);
  });
});
