/**
 * Checks the committed sample in resources/sample. The maths here is written out again on purpose
 * (not imported from the generator) so that a convention error in the generator cannot cancel out.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../resources/sample');

type V3 = [number, number, number];
type Q = [number, number, number, number];
interface Transform { translation: V3; rotation: Q }
interface Camera {
  sensorId: string;
  kind: 'camera';
  opticalConvention: string;
  egoFromSensor: Transform;
  intrinsics: { width: number; height: number; fx: number; fy: number; cx: number; cy: number;
    distortion: { model: string; k1: number; k2: number; p1: number; p2: number; k3: number } };
}
interface Lidar { sensorId: string; kind: 'lidar'; egoFromSensor: Transform }
interface Frame {
  frameId: string;
  index: number;
  timestamp: number;
  worldFromEgo: Transform;
  pointClouds: Record<string, { path: string; encoding: string; pointCount: number; bounds: { min: V3; max: V3 } }>;
  images: Record<string, { path: string; width: number; height: number }>;
}
interface Gt { objectId: string; frameId: string; classId: string; cuboid: { frame: string; center: V3; size: V3; rotation: Q } }
interface Scene { format: string; version: number; sensors: (Camera | Lidar)[]; frames: Frame[]; groundTruth: Gt[] }

const scene = JSON.parse(readFileSync(join(ROOT, 'scene.json'), 'utf8')) as Scene;

/** Expected flat colours per class (the generator's palette, restated). */
const CLASS_RGB: Record<string, V3> = {
  car: [205, 35, 35],
  truck: [235, 140, 20],
  pedestrian: [190, 40, 190],
  cyclist: [20, 185, 205],
};

function matrix(q: Q): number[] {
  const n = Math.hypot(...q);
  const [x, y, z, w] = q.map((c) => c / n);
  return [
    1 - 2 * y * y - 2 * z * z, 2 * x * y - 2 * w * z, 2 * x * z + 2 * w * y,
    2 * x * y + 2 * w * z, 1 - 2 * x * x - 2 * z * z, 2 * y * z - 2 * w * x,
    2 * x * z - 2 * w * y, 2 * y * z + 2 * w * x, 1 - 2 * x * x - 2 * y * y,
  ];
}
const mul = (m: number[], v: V3): V3 => [
  m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
];
const mulT = (m: number[], v: V3): V3 => [
  m[0] * v[0] + m[3] * v[1] + m[6] * v[2], m[1] * v[0] + m[4] * v[1] + m[7] * v[2], m[2] * v[0] + m[5] * v[1] + m[8] * v[2],
];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
/** pointInA = R·pointInB + t */
const apply = (aFromB: Transform, p: V3): V3 => add(mul(matrix(aFromB.rotation), p), aFromB.translation);
const applyInverse = (aFromB: Transform, p: V3): V3 => mulT(matrix(aFromB.rotation), sub(p, aFromB.translation));

/** OpenCV projection with Brown–Conrady distortion; null behind the camera. */
function project(cam: Camera, pointInCamera: V3): [number, number] | null {
  const [X, Y, Z] = pointInCamera;
  if (Z <= 0.5) return null;
  const { fx, fy, cx, cy, distortion: d } = cam.intrinsics;
  const x = X / Z;
  const y = Y / Z;
  const r2 = x * x + y * y;
  const radial = 1 + d.k1 * r2 + d.k2 * r2 * r2 + d.k3 * r2 * r2 * r2;
  const xd = x * radial + 2 * d.p1 * x * y + d.p2 * (r2 + 2 * x * x);
  const yd = y * radial + d.p1 * (r2 + 2 * y * y) + 2 * d.p2 * x * y;
  return [fx * xd + cx, fy * yd + cy];
}

function readPoints(path: string): Float32Array {
  const buf = readFileSync(join(ROOT, path));
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

function readPng(path: string): PNG {
  return PNG.sync.read(readFileSync(join(ROOT, path)));
}

/** Angle between two RGB vectors, degrees: robust to shading, which only scales a flat colour. */
function colourAngle(a: V3, b: V3): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return (Math.acos(Math.min(1, dot / (Math.hypot(...a) * Math.hypot(...b)))) * 180) / Math.PI;
}

const lidar = scene.sensors.find((s): s is Lidar => s.kind === 'lidar' && s.sensorId === 'lidar_top');
const cameras = scene.sensors.filter((s): s is Camera => s.kind === 'camera');
const camera = (id: string): Camera => {
  const c = cameras.find((s) => s.sensorId === id);
  if (!c) throw new Error(`no camera ${id}`);
  return c;
};

describe('committed sample (resources/sample)', () => {
  it('is a cairn.scene v1 with the expected sensors and frames', () => {
    expect(scene.format).toBe('cairn.scene');
    expect(scene.version).toBe(1);
    expect(lidar).toBeDefined();
    expect(cameras.map((c) => c.sensorId)).toEqual(expect.arrayContaining(['cam_front', 'cam_front_left']));
    expect(scene.frames.map((f) => f.timestamp)).toEqual([0, 0.1, 0.2, 0.3]);
    for (const c of cameras) expect(c.opticalConvention).toBe('opencv');
  });

  it('has every referenced file, with sizes, bounds and dimensions matching the manifest', () => {
    for (const frame of scene.frames) {
      for (const pc of Object.values(frame.pointClouds)) {
        expect(existsSync(join(ROOT, pc.path)), pc.path).toBe(true);
        expect(pc.encoding).toBe('kitti-bin-xyzi');
        expect(statSync(join(ROOT, pc.path)).size).toBe(pc.pointCount * 16);
        expect(pc.pointCount).toBeGreaterThan(100_000);
        const pts = readPoints(pc.path);
        const min: V3 = [Infinity, Infinity, Infinity];
        const max: V3 = [-Infinity, -Infinity, -Infinity];
        let badIntensity = 0;
        for (let i = 0; i < pts.length; i += 4) {
          for (let k = 0; k < 3; k++) {
            min[k] = Math.min(min[k], pts[i + k]);
            max[k] = Math.max(max[k], pts[i + k]);
          }
          if (!(pts[i + 3] >= 0 && pts[i + 3] <= 1)) badIntensity++;
        }
        expect(badIntensity).toBe(0);
        expect(pc.bounds.min.map(Math.fround)).toEqual(min);
        expect(pc.bounds.max.map(Math.fround)).toEqual(max);
      }
      for (const [id, img] of Object.entries(frame.images)) {
        expect(existsSync(join(ROOT, img.path)), img.path).toBe(true);
        const png = readPng(img.path);
        expect([png.width, png.height]).toEqual([img.width, img.height]);
        expect([png.width, png.height]).toEqual([camera(id).intrinsics.width, camera(id).intrinsics.height]);
      }
    }
  });

  it('keeps one class per objectId and each object at most once per frame', () => {
    const classOf = new Map<string, string>();
    const seen = new Set<string>();
    const frameIds = new Set(scene.frames.map((f) => f.frameId));
    for (const g of scene.groundTruth) {
      expect(frameIds.has(g.frameId)).toBe(true);
      expect(g.cuboid.frame).toBe('lidar_top');
      expect(classOf.get(g.objectId) ?? g.classId).toBe(g.classId);
      classOf.set(g.objectId, g.classId);
      const key = `${g.frameId}/${g.objectId}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(new Set(classOf.values())).toEqual(new Set(['car', 'truck', 'pedestrian', 'cyclist']));
  });

  it('puts the ground at z ≈ -1.8 in the lidar frame', () => {
    const pts = readPoints(scene.frames[0].pointClouds.lidar_top.path);
    // Points within 6 m straight ahead of the sensor on the ego lane are road surface.
    const zs: number[] = [];
    for (let i = 0; i < pts.length; i += 4) {
      if (pts[i] > 4 && pts[i] < 6 && Math.abs(pts[i + 1]) < 1) zs.push(pts[i + 2]);
    }
    expect(zs.length).toBeGreaterThan(100);
    const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
    expect(mean).toBeGreaterThan(-1.85);
    expect(mean).toBeLessThan(-1.75);
  });

  /** Whether the segment a→b (lidar frame) passes through a cuboid. */
  function segmentHitsBox(a: V3, b: V3, box: Gt['cuboid']): boolean {
    const m = matrix(box.rotation);
    const la = mulT(m, sub(a, box.center));
    const lb = mulT(m, sub(b, box.center));
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

  /**
   * Projects ground-truth centres of frame 0 into a camera and checks the pixel shows the object's
   * class colour. Centres hidden behind another ground-truth box are skipped; the street is laid out
   * so that nothing else (trees, poles) hides them. Pedestrians within 30 m are also checked at the
   * head (the generator's pedestrians have a 0.23 m head at the top of their box), which a
   * vertical calibration error of a decimetre or two misses. Returns the checks made.
   */
  function checkProjections(camId: string, classes: string[], maxDistance: number): string[] {
    const frame = scene.frames[0];
    const cam = camera(camId);
    const png = readPng(frame.images[camId].path);
    if (!lidar) throw new Error('no lidar');
    const camInLidar = applyInverse(lidar.egoFromSensor, cam.egoFromSensor.translation);
    const boxes = scene.groundTruth.filter((g) => g.frameId === frame.frameId);
    const checked: string[] = [];
    for (const g of boxes) {
      if (!classes.includes(g.classId)) continue;
      const targets: [string, V3][] = [[g.classId, g.cuboid.center]];
      if (g.classId === 'pedestrian' && Math.hypot(...g.cuboid.center) < 30) {
        const up = mul(matrix(g.cuboid.rotation), [0, 0, g.cuboid.size[2] / 2 - 0.115]);
        targets.push(['pedestrian-head', add(g.cuboid.center, up)]);
      }
      for (const [label, point] of targets) {
        if (boxes.some((o) => o !== g && segmentHitsBox(camInLidar, point, o.cuboid))) continue;
        const inCam = applyInverse(cam.egoFromSensor, apply(lidar.egoFromSensor, point));
        if (Math.hypot(...inCam) > maxDistance) continue;
        const uv = project(cam, inCam);
        if (!uv) continue;
        const u = Math.round(uv[0]);
        const v = Math.round(uv[1]);
        if (u < 2 || v < 2 || u > png.width - 3 || v > png.height - 3) continue;
        const o = (v * png.width + u) * 4;
        const rgb: V3 = [png.data[o], png.data[o + 1], png.data[o + 2]];
        const angle = colourAngle(rgb, CLASS_RGB[g.classId]);
        const nearest = Object.entries(CLASS_RGB).sort((a, b) => colourAngle(rgb, a[1]) - colourAngle(rgb, b[1]))[0][0];
        const what = `${camId} ${label} ${g.objectId} at (${u}, ${v}) shows rgb(${rgb.join(', ')})`;
        expect(angle, what).toBeLessThan(10);
        expect(nearest, what).toBe(g.classId);
        checked.push(label);
      }
    }
    return checked;
  }

  const ALL = ['car', 'truck', 'pedestrian', 'cyclist'];

  it('projects ground-truth cars onto car-coloured pixels in cam_front', () => {
    const checked = checkProjections('cam_front', ALL, 50);
    expect(checked.filter((c) => c === 'car').length).toBeGreaterThanOrEqual(6);
    // Narrow objects make the check sharp: a few decimetres of error falls off them.
    expect(checked).toContain('cyclist');
    expect(checked).toContain('pedestrian');
  });

  it('projects ground-truth objects onto their class colour in cam_front_left', () => {
    const checked = checkProjections('cam_front_left', ALL, 30);
    expect(checked.length).toBeGreaterThanOrEqual(3);
    expect(checked).toContain('pedestrian-head');
  });

  it('has LiDAR points on every nearby ground-truth object', () => {
    const MIN_POINTS: Record<string, [number, number]> = {
      // class: [range of centre from the sensor, minimum points inside the box]
      car: [30, 50],
      truck: [60, 100],
      pedestrian: [20, 10],
      cyclist: [30, 30],
    };
    let checked = 0;
    for (const frame of scene.frames) {
      const pts = readPoints(frame.pointClouds.lidar_top.path);
      for (const g of scene.groundTruth) {
        if (g.frameId !== frame.frameId) continue;
        const [range, minPoints] = MIN_POINTS[g.classId];
        if (Math.hypot(...g.cuboid.center) > range) continue;
        const m = matrix(g.cuboid.rotation);
        const half = g.cuboid.size.map((s) => s / 2 + 0.05);
        let inside = 0;
        for (let i = 0; i < pts.length; i += 4) {
          const p = mulT(m, sub([pts[i], pts[i + 1], pts[i + 2]], g.cuboid.center));
          if (Math.abs(p[0]) <= half[0] && Math.abs(p[1]) <= half[1] && Math.abs(p[2]) <= half[2]) inside++;
        }
        expect(inside, `${g.classId} ${g.objectId} in frame ${frame.index}`).toBeGreaterThanOrEqual(minPoints);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
