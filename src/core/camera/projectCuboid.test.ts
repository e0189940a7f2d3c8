import { describe, expect, it } from 'vitest';
import { seededRandom } from '../assist/syntheticScene';
import { cuboidCorners, type Cuboid } from '../geometry/cuboid';
import { quatFromYaw, quatNormalize } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { projectorFor, projectPoint, type CameraModel, type PinholeModel } from './cameraModel';
import { clipSegmentToNearPlane, CUBOID_EDGES, cuboidMayShow, projectCuboid, projectCuboidPacked, projectPoints, projectPointsIndexed, undistortedPinhole } from './projectCuboid';
import { applyTransform, IDENTITY_TRANSFORM, type RigidTransform } from './rigidTransform';

const ideal: PinholeModel = { kind: 'pinhole', fx: 700, fy: 700, cx: 479.5, cy: 299.5 };
const distorted: PinholeModel = { ...ideal, distortion: { k1: -0.25, k2: 0.08, k3: -0.01, p1: 0.001, p2: -0.0005 } };

/** A box given directly in the camera's optical frame (x right, y down, z forward). */
const boxInCamera = (center: Vec3, size: Vec3): Cuboid => ({ frame: 'camera', center, size, rotation: [0, 0, 0, 1] });

const pointsOf = (uv: Float64Array): [number, number][] =>
  Array.from({ length: uv.length / 2 }, (_, i) => [uv[2 * i], uv[2 * i + 1]]);

describe('clipSegmentToNearPlane', () => {
  it('cuts an edge crossing z = 0 so the clipped end sits at z = near', () => {
    const clipped = clipSegmentToNearPlane([1, 2, -1], [3, 0, 3], 0.1);
    expect(clipped).not.toBeNull();
    const [a, b] = clipped!;
    expect(a[2]).toBe(0.1);
    // On the original line: t = (0.1 − (−1)) / 4 = 0.275.
    expect(a[0]).toBeCloseTo(1 + 0.275 * 2, 14);
    expect(a[1]).toBeCloseTo(2 - 0.275 * 2, 14);
    expect(b).toEqual([3, 0, 3]);
    // Same edge the other way round: the far end is kept, the cut end is the second one.
    const [c, d] = clipSegmentToNearPlane([3, 0, 3], [1, 2, -1], 0.1)!;
    expect(c).toEqual([3, 0, 3]);
    expect(d[2]).toBe(0.1);
  });

  it('keeps edges wholly in front and drops edges wholly behind', () => {
    expect(clipSegmentToNearPlane([0, 0, 1], [1, 1, 2], 0.1)).toEqual([[0, 0, 1], [1, 1, 2]]);
    expect(clipSegmentToNearPlane([0, 0, 0.05], [1, 1, -2], 0.1)).toBeNull();
  });
});

describe('projectCuboid', () => {
  it('projects all 12 edges of a box in front of the camera, each subdivided, ending on the corners', () => {
    const box = boxInCamera([0.5, 0.2, 10], [2, 1.5, 4]);
    const lines = projectCuboid(box, IDENTITY_TRANSFORM, ideal, { segmentsPerEdge: 16 });
    expect(lines.map((l) => l.edge)).toEqual(CUBOID_EDGES.map((_, i) => i));
    for (const line of lines) expect(line.uv.length).toBe(17 * 2);
    // Edge 0 joins corners 0 (+x +y −z) and 1 (−x +y −z): in the optical frame x = 1.5 and −0.5,
    // y = 0.95, z = 8.
    const p = pointsOf(lines[0].uv);
    expect(p[0][0]).toBeCloseTo(479.5 + (700 * 1.5) / 8, 10);
    expect(p[0][1]).toBeCloseTo(299.5 + (700 * 0.95) / 8, 10);
    expect(p[16][0]).toBeCloseTo(479.5 - (700 * 0.5) / 8, 10);
  });

  it('keeps straight edges straight without distortion and bends them with it', () => {
    // A box spanning much of the view, so edges cross the distorted periphery.
    const box = boxInCamera([0, 0, 4], [6, 4, 1]);
    const deviation = (model: PinholeModel): number => {
      let worst = 0;
      for (const { uv } of projectCuboid(box, IDENTITY_TRANSFORM, model)) {
        const p = pointsOf(uv);
        const [a, b] = [p[0], p[p.length - 1]];
        const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        for (const q of p) {
          const dist = Math.abs((b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0])) / len;
          worst = Math.max(worst, dist);
        }
      }
      return worst;
    };
    expect(deviation(ideal)).toBeLessThan(1e-9);
    expect(deviation(distorted)).toBeGreaterThan(5);
    // And every vertex is the distorted projection of the matching 3D point on the edge.
    const lines = projectCuboid(box, IDENTITY_TRANSFORM, distorted, { segmentsPerEdge: 4 });
    const mid = pointsOf(lines[0].uv)[2];
    // Edge 0 runs from (3, 2, 3.5) to (−3, 2, 3.5): its midpoint is (0, 2, 3.5).
    const expected = projectPoint(distorted, [0, 2, 3.5])!;
    expect(mid[0]).toBeCloseTo(expected.u, 10);
    expect(mid[1]).toBeCloseTo(expected.v, 10);
  });

  it('clips edges that cross behind the camera at the near plane before projecting', () => {
    // The camera sits inside the box's footprint: the box spans z from −1 to 3.
    const box = boxInCamera([0.5, 0.5, 1], [1, 1, 4]);
    const near = 0.25;
    const lines = projectCuboid(box, IDENTITY_TRANSFORM, ideal, { near, segmentsPerEdge: 8 });
    // Only the 4 edges along z cross the plane; the 4 edges of the back face (z = −1) vanish; the
    // 4 of the front face (z = 3) stay whole.
    expect(lines.length).toBe(8);
    // Corners 0 and 4 are (+x, +y, ∓z) in box axes → optical (1, 1, −1) and (1, 1, 3): edge 8.
    const vertical = lines.find((l) => l.edge === 8)!;
    const p = pointsOf(vertical.uv);
    expect(p.length).toBe(9);
    // The clipped end is the projection of (1, 1, near) exactly, not a point behind the camera
    // projected through the origin to the other side of the image.
    expect(p[0][0]).toBeCloseTo(479.5 + 700 / near, 9);
    expect(p[0][1]).toBeCloseTo(299.5 + 700 / near, 9);
    expect(p[8][0]).toBeCloseTo(479.5 + 700 / 3, 9);
    // Points along the clipped edge move monotonically towards the far corner.
    for (let i = 1; i < p.length; i++) expect(p[i][0]).toBeLessThan(p[i - 1][0]);
  });

  it('returns nothing for a box behind the camera', () => {
    expect(projectCuboid(boxInCamera([0, 0, -5], [2, 2, 2]), IDENTITY_TRANSFORM, ideal)).toEqual([]);
  });

  it('breaks an edge where it leaves the valid field of view of the lens model', () => {
    // k1 = −0.3 folds back at r = √(1/0.9) ≈ 1.054, i.e. ~46.5° off axis.
    const folding: PinholeModel = { ...ideal, distortion: { k1: -0.3, k2: 0, k3: 0, p1: 0, p2: 0 } };
    // A thin box along x at z = 1, from x = −0.5 to x = 3: its far part is beyond the fold.
    const box = boxInCamera([1.25, 0, 1], [3.5, 0.01, 0.01]);
    const lines = projectCuboid(box, IDENTITY_TRANSFORM, folding, { segmentsPerEdge: 35 });
    const edge0 = lines.filter((l) => l.edge === 0);
    expect(edge0.length).toBe(1);
    // 3.5 m in 35 steps of 0.1 m, from x = 3 down to −0.5: the points with x ≤ 1.0 are valid.
    expect(edge0[0].uv.length / 2).toBe(16);
  });

  it('uses cameraFromFrame to bring the box into the optical frame', () => {
    // Box in an ego-like frame (x forward, y left, z up), 10 m ahead; the camera at the origin
    // looking along ego +x with OpenCV axes.
    const cameraFromEgo: RigidTransform = { translation: [0, 0, 0], rotation: [0.5, -0.5, 0.5, 0.5] };
    expect(applyTransform(cameraFromEgo, [1, 0, 0])).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12), expect.closeTo(1, 12)]);
    expect(applyTransform(cameraFromEgo, [0, 1, 0])[0]).toBeCloseTo(-1, 12); // ego left → image left
    const box: Cuboid = { frame: 'ego', center: [10, 0, 0], size: [2, 2, 2], rotation: quatFromYaw(0.3) };
    const lines = projectCuboid(box, cameraFromEgo, ideal);
    expect(lines.length).toBe(12);
    const all = lines.flatMap((l) => pointsOf(l.uv));
    const us = all.map((p) => p[0]);
    const vs = all.map((p) => p[1]);
    // The box centre is on the optical axis, so the outline surrounds the principal point...
    expect(Math.min(...us)).toBeLessThan(479.5);
    expect(Math.max(...us)).toBeGreaterThan(479.5);
    expect(Math.min(...vs)).toBeLessThan(299.5);
    expect(Math.max(...vs)).toBeGreaterThan(299.5);
    // ...and a 2 m box 9–11 m away spans roughly f·2/10 = 140 px (more when turned), not metres.
    expect(Math.max(...vs) - Math.min(...vs)).toBeGreaterThan(120);
    expect(Math.max(...us) - Math.min(...us)).toBeLessThan(300);
  });
});

describe('projectPoints', () => {
  const width = 960;
  const height = 600;

  it('keeps points in front and inside the image, packed as (u, v, depth)', () => {
    // stride 4: x y z intensity, in the optical frame.
    const pts = new Float32Array([
      0, 0, 5, 0.9, // centre → (479.5, 299.5), depth 5
      1, 0, 2, 0.1, // → (829.5, 299.5)
      0, 0, -5, 0.5, // behind
      10, 0, 1, 0.5, // far right, outside the image
      // Exact in float32 and in the projection arithmetic (f = z = 700), so the edges are exact:
      -479.5, -299.5, 700, 0, // → (0, 0): the top-left pixel centre
      -480, 0, 700, 0, // u = −0.5: left edge of pixel 0, kept
      480, 0, 700, 0, // u = 959.5 = width − 0.5: rounds to pixel 960, outside, dropped
    ]);
    const out = projectPoints(pts, 4, IDENTITY_TRANSFORM, ideal, width, height);
    expect(out).toBeInstanceOf(Float32Array);
    expect(out.length).toBe(4 * 3);
    expect(Array.from(out.slice(0, 3))).toEqual([479.5, 299.5, 5]);
    expect(out[3]).toBeCloseTo(829.5, 3);
    expect(out[5]).toBe(2);
    expect(Array.from(out.slice(6, 9))).toEqual([0, 0, 700]);
    expect(Array.from(out.slice(9, 12))).toEqual([-0.5, 299.5, 700]);
  });

  it('names the point each projection came from, when asked', () => {
    const pts = new Float32Array([0, 0, -5, 0, 0, 0, 5, 0, 10, 0, 1, 0, 1, 0, 2, 0]);
    const { uvd, index } = projectPointsIndexed(pts, 4, IDENTITY_TRANSFORM, ideal, width, height);
    expect(Array.from(index)).toEqual([1, 3]);
    expect(uvd).toEqual(projectPoints(pts, 4, IDENTITY_TRANSFORM, ideal, width, height));
  });

  it('agrees with projectPoint through a transform and a distorted lens, point by point', () => {
    const cameraFromLidar: RigidTransform = { translation: [0.1, 1.5, -0.3], rotation: [0.5, -0.5, 0.5, 0.5] };
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const n = 20000;
    const pts = new Float32Array(n * 3);
    for (let i = 0; i < pts.length; i += 3) {
      pts[i] = (rand() - 0.3) * 60;
      pts[i + 1] = (rand() - 0.5) * 60;
      pts[i + 2] = (rand() - 0.5) * 6;
    }
    const out = projectPoints(pts, 3, cameraFromLidar, distorted, width, height);
    const expected: number[] = [];
    for (let i = 0; i < pts.length; i += 3) {
      const c = applyTransform(cameraFromLidar, [pts[i], pts[i + 1], pts[i + 2]]);
      const px = projectPoint(distorted, c);
      if (px && px.u >= -0.5 && px.u < width - 0.5 && px.v >= -0.5 && px.v < height - 0.5) expected.push(px.u, px.v, c[2]);
    }
    expect(expected.length).toBeGreaterThan(3000);
    expect(out.length).toBe(expected.length);
    for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThan(1e-3);
  });

  it('rejects a stride too small for x y z', () => {
    expect(() => projectPoints(new Float32Array(6), 2, IDENTITY_TRANSFORM, ideal, width, height)).toThrow(/stride/);
  });
});

describe('projectCuboidPacked', () => {
  /** projectCuboid as it was written before the packed form: corners, transform, clip and project, one array at a time. */
  function reference(cuboid: Cuboid, cameraFromFrame: RigidTransform, model: CameraModel, near: number, segments: number): Array<{ edge: number; uv: number[] }> {
    const project = projectorFor(model);
    const corners = cuboidCorners(cuboid).map((c) => applyTransform(cameraFromFrame, c));
    const out: Array<{ edge: number; uv: number[] }> = [];
    const pixel = new Float64Array(2);
    CUBOID_EDGES.forEach(([i, j], edge) => {
      const clipped = clipSegmentToNearPlane(corners[i], corners[j], near);
      if (!clipped) return;
      const [a, b] = clipped;
      let run: number[] = [];
      const flush = () => {
        if (run.length >= 4) out.push({ edge, uv: run });
        run = [];
      };
      for (let k = 0; k <= segments; k++) {
        const t = k / segments;
        if (project(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2]), pixel)) run.push(pixel[0], pixel[1]);
        else flush();
      }
      flush();
    });
    return out;
  }

  it('gives the very numbers of a projection one array at a time, through and behind the near plane and past a fisheye’s field', () => {
    const rnd = seededRandom(3);
    const fisheye: CameraModel = { kind: 'fisheye', fx: 300, fy: 300, cx: 320, cy: 240, distortion: { k1: 0.05, k2: -0.01, k3: 0, k4: 0 } };
    let runs = 0;
    for (let k = 0; k < 300; k++) {
      const model = [ideal, distorted, fisheye][k % 3];
      const yaw = rnd() * 2 * Math.PI;
      const box: Cuboid = {
        frame: 'lidar',
        center: [(rnd() - 0.5) * 20, (rnd() - 0.5) * 8, (rnd() - 0.3) * 30],
        size: [0.5 + rnd() * 6, 0.5 + rnd() * 3, 0.5 + rnd() * 3],
        rotation: k % 2 ? quatNormalize([rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5]) : [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)],
      };
      const cameraFromFrame: RigidTransform = { translation: [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5], rotation: quatNormalize([rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, 2]) };
      const segments = [1, 4, 16][k % 3 === 0 ? 0 : (k >> 1) % 3];
      const near = k % 5 === 0 ? 1 : 0.1;
      const want = reference(box, cameraFromFrame, model, near, segments);
      const packed = projectCuboidPacked(box, cameraFromFrame, model, { near, segmentsPerEdge: segments });
      const got = Array.from(packed.edges, (edge, r) => ({ edge, uv: Array.from(packed.uv.subarray(packed.starts[r], packed.starts[r + 1])) }));
      expect(got).toEqual(want);
      expect(projectCuboid(box, cameraFromFrame, model, { near, segmentsPerEdge: segments }).map(({ edge, uv }) => ({ edge, uv: Array.from(uv) }))).toEqual(want);
      runs += want.length;
    }
    expect(runs).toBeGreaterThan(1000);
  });
});

describe('cuboidMayShow', () => {
  // ideal's image: 960 × 600 (cx, cy at its centre).
  const W = 960;
  const H = 600;
  const fisheye: CameraModel = { kind: 'fisheye', fx: 300, fy: 300, cx: 479.5, cy: 299.5, distortion: { k1: 0.05, k2: -0.01, k3: 0, k4: 0 } };

  it('leaves out a box behind the near plane, for any lens', () => {
    for (const model of [ideal, distorted, fisheye]) {
      expect(cuboidMayShow(boxInCamera([0, 0, -5], [2, 2, 2]), IDENTITY_TRANSFORM, model, W, H)).toBe(false);
      // In front of the camera but nearer than a near plane of 1 m.
      expect(cuboidMayShow(boxInCamera([0, 0, 0.5], [0.4, 0.4, 0.4]), IDENTITY_TRANSFORM, model, W, H, 1)).toBe(false);
      expect(cuboidMayShow(boxInCamera([0, 0, 0.5], [0.4, 0.4, 0.4]), IDENTITY_TRANSFORM, model, W, H)).toBe(true);
    }
  });

  it('leaves out a box past one border of an undistorted pinhole and keeps one that reaches into the image', () => {
    // At 10 m the image spans x in [-6.85, 6.86] m and y in [-4.28, 4.29] m.
    expect(cuboidMayShow(boxInCamera([-10, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(false);
    expect(cuboidMayShow(boxInCamera([10, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(false);
    expect(cuboidMayShow(boxInCamera([0, -7, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(false);
    expect(cuboidMayShow(boxInCamera([0, 7, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(false);
    expect(cuboidMayShow(boxInCamera([0, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(true);
    // Across the left border, and a wall beside the camera running from behind it to far ahead.
    expect(cuboidMayShow(boxInCamera([-7, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(true);
    expect(cuboidMayShow(boxInCamera([-10, 0, 0], [2, 2, 40]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(true);
    // Beside the image at every corner but not past one border: off the top-left corner's diagonal.
    expect(cuboidMayShow(boxInCamera([-7.5, -3, 10], [1, 4, 1]), IDENTITY_TRANSFORM, ideal, W, H)).toBe(true);
    // A lens that bends edges: a corner's side of a border says nothing of the edge, so it is kept.
    expect(undistortedPinhole(distorted)).toBe(false);
    expect(cuboidMayShow(boxInCamera([-10, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, distorted, W, H)).toBe(true);
    expect(cuboidMayShow(boxInCamera([-10, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, fisheye, W, H)).toBe(true);
    // Distortion given but all zero is a straight-edged pinhole.
    expect(cuboidMayShow(boxInCamera([-10, 0, 10], [2, 2, 2]), IDENTITY_TRANSFORM, { ...ideal, distortion: { k1: 0, k2: 0, k3: 0, p1: 0, p2: 0 } }, W, H)).toBe(false);
  });

  it('leaves out only boxes whose projected edges all miss the image, and most of those an undistorted pinhole misses', () => {
    const rnd = seededRandom(11);
    let missed = 0;
    let missedAndCulled = 0;
    for (let k = 0; k < 3000; k++) {
      const model = [ideal, ideal, distorted, fisheye][k % 4];
      const yaw = rnd() * 2 * Math.PI;
      const box: Cuboid = {
        frame: 'lidar',
        center: [(rnd() - 0.5) * 40, (rnd() - 0.5) * 20, (rnd() - 0.4) * 40],
        size: [0.3 + rnd() * 6, 0.3 + rnd() * 3, 0.3 + rnd() * 3],
        rotation: k % 3 ? [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)] : quatNormalize([rnd() - 0.5, rnd() - 0.5, rnd() - 0.5, rnd() - 0.5]),
      };
      const cameraFromFrame: RigidTransform = { translation: [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5], rotation: quatNormalize([(rnd() - 0.5) * 0.3, (rnd() - 0.5) * 0.3, (rnd() - 0.5) * 0.3, 1]) };
      const near = k % 5 === 0 ? 1 : 0.1;
      const { uv } = projectCuboidPacked(box, cameraFromFrame, model, { near, segmentsPerEdge: model === ideal ? 1 : 16 });
      let [minU, minV, maxU, maxV] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let i = 0; i < uv.length; i += 2) {
        minU = Math.min(minU, uv[i]);
        maxU = Math.max(maxU, uv[i]);
        minV = Math.min(minV, uv[i + 1]);
        maxV = Math.max(maxV, uv[i + 1]);
      }
      const meets = maxU > 0 && minU < W && maxV > 0 && minV < H;
      const mayShow = cuboidMayShow(box, cameraFromFrame, model, W, H, near);
      if (meets) expect(mayShow).toBe(true);
      if (model === ideal && !meets) {
        missed++;
        if (!mayShow) missedAndCulled++;
      }
    }
    expect(missed).toBeGreaterThan(300);
    expect(missedAndCulled).toBeGreaterThan(0.8 * missed);
  });
});
