import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { projectPoint } from './cameraModel';
import { kittiCamera, parseKittiCalib, type KittiObjectCalib } from './kittiCalib';
import { projectPoints } from './projectCuboid';
import { applyTransform, orthonormalityError, transformFromMat3x4 } from './rigidTransform';

const DRIVING = path.resolve(__dirname, '../../../../shared/data/driving');

/** KITTI object frames under `root`: folders with calib/, velodyne/ (and maybe image_2/) sharing a stem. */
function findKittiFrames(root: string, depth = 4): { name: string; calib: string; velodyne: string; image?: string }[] {
  if (depth < 0 || !existsSync(root) || !statSync(root).isDirectory()) return [];
  const calibDir = path.join(root, 'calib');
  const veloDir = path.join(root, 'velodyne');
  const found = [];
  if (existsSync(calibDir) && existsSync(veloDir)) {
    for (const file of readdirSync(calibDir).filter((f) => f.endsWith('.txt')).sort()) {
      const stem = file.slice(0, -4);
      const velodyne = path.join(veloDir, `${stem}.bin`);
      const image = path.join(root, 'image_2', `${stem}.png`);
      if (existsSync(velodyne)) {
        found.push({
          name: path.relative(DRIVING, path.join(calibDir, file)),
          calib: path.join(calibDir, file),
          velodyne,
          ...(existsSync(image) ? { image } : {}),
        });
      }
    }
  }
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'calib' && entry.name !== 'velodyne') {
      found.push(...findKittiFrames(path.join(root, entry.name), depth - 1));
    }
  }
  return found;
}

const frames = findKittiFrames(DRIVING);

/** KITTI's own pipeline: P_i · R0_rect (as 4×4) · Tr_velo_to_cam (as 4×4), as one 3×4 matrix. */
function kittiProjection(calib: KittiObjectCalib, P: readonly number[]): number[] {
  const R = calib.R0_rect;
  const T = calib.Tr_velo_to_cam;
  const r0h = [R[0], R[1], R[2], 0, R[3], R[4], R[5], 0, R[6], R[7], R[8], 0, 0, 0, 0, 1];
  const trh = [...T, 0, 0, 0, 1];
  const mul = (a: number[], rows: number, b: number[]): number[] => {
    const out: number[] = [];
    for (let i = 0; i < rows; i++) for (let j = 0; j < 4; j++) out.push(a[i * 4] * b[j] + a[i * 4 + 1] * b[4 + j] + a[i * 4 + 2] * b[8 + j] + a[i * 4 + 3] * b[12 + j]);
    return out;
  };
  return mul(mul([...P], 3, r0h), 3, trh);
}

function readVelodyne(file: string): Float32Array {
  const bytes = new Uint8Array(readFileSync(file)); // a copy, so the Float32Array view is aligned
  expect(bytes.length % 16, `${file}: KITTI velodyne files hold 16-byte points`).toBe(0);
  return new Float32Array(bytes.buffer, 0, bytes.length / 4);
}

const SYNTHETIC = [
  'P0: 700 0 600 0 0 710 180 0 0 0 1 0',
  'P1: 700 0 600 -378 0 710 180 0 0 0 1 0',
  'P2: 700 0 600 42 0 710 180 -0.71 0 0 1 0.005',
  'P3: 700 0 600 -336 0 710 180 2.13 0 0 1 0.003',
  'R0_rect: 1 0 0 0 1 0 0 0 1',
  // Velodyne (x forward, y left, z up) → camera (x right, y down, z forward), 0.27 m lower, 0.3 m back.
  'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 -0.08 1 0 0 -0.27',
  'Tr_imu_to_velo: 1 0 0 -0.8 0 1 0 0.3 0 0 1 -0.8',
  '',
].join('\n');

describe('parseKittiCalib', () => {
  it('reads every matrix row-major', () => {
    const calib = parseKittiCalib(SYNTHETIC, 'synthetic.txt');
    expect(calib.P2).toEqual([700, 0, 600, 42, 0, 710, 180, -0.71, 0, 0, 1, 0.005]);
    expect(calib.R0_rect).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(calib.Tr_imu_to_velo?.[3]).toBe(-0.8);
  });

  it('accepts the KITTI tracking spelling (R_rect, Tr_velo_cam, no colon) and CRLF line ends', () => {
    const tracking = SYNTHETIC.replace('R0_rect:', 'R_rect').replace('Tr_velo_to_cam:', 'Tr_velo_cam').replace('Tr_imu_to_velo:', 'Tr_imu_velo').replace(/\n/g, '\r\n');
    expect(parseKittiCalib(tracking, 't.txt')).toEqual(parseKittiCalib(SYNTHETIC, 's.txt'));
  });

  it('explains what is wrong, naming the file, the line and the key', () => {
    const without = (key: string): string => SYNTHETIC.split('\n').filter((l) => !l.startsWith(key)).join('\n');
    expect(() => parseKittiCalib(without('R0_rect'), 'calib/000042.txt')).toThrow(/^calib\/000042\.txt: missing "R0_rect"/);
    expect(() => parseKittiCalib(without('P3'), 'a.txt')).toThrow(/a\.txt: missing "P3"/);
    expect(() => parseKittiCalib(SYNTHETIC.replace(' 0.005', ''), 'a.txt')).toThrow(/a\.txt line 3: "P2" has 11 numbers, expected 12/);
    expect(() => parseKittiCalib(SYNTHETIC.replace('-0.71', 'abc'), 'a.txt')).toThrow(/a\.txt line 3: "P2" has "abc", which is not a finite number/);
    expect(() => parseKittiCalib(`${SYNTHETIC}P2: 1 2 3 4 5 6 7 8 9 10 11 12\n`, 'a.txt')).toThrow(/a\.txt line 8: "P2" appears twice/);
    expect(() => parseKittiCalib('721.5 0 609.5 44.8\n', 'lidar2img.txt')).toThrow(/lidar2img\.txt line 1: expected "KEY: numbers"/);
    // Tr_imu_to_velo is optional; unknown keys are ignored.
    const calib = parseKittiCalib(`${without('Tr_imu_to_velo')}calib_time: 15-Mar-2012 11:37:16\n`, 'a.txt');
    expect(calib.Tr_imu_to_velo).toBeUndefined();
  });
});

describe('kittiCamera', () => {
  const calib = parseKittiCalib(SYNTHETIC, 'synthetic.txt');

  it('takes K from P2 and all of K⁻¹·p₄ as the offset from the rectified camera 0', () => {
    const cam = kittiCamera(calib, 2);
    expect(cam.model).toEqual({ kind: 'pinhole', fx: 700, fy: 710, cx: 600, cy: 180 });
    // tz = 0.005; ty = (−0.71 − 180·0.005) / 710; tx = (42 − 600·0.005) / 700.
    const [tx, ty, tz] = cam.cameraFromRect0.translation;
    expect(tx).toBeCloseTo(39 / 700, 15);
    expect(ty).toBeCloseTo(-1.61 / 710, 15);
    expect(tz).toBe(0.005);
    // P0 has no offset.
    expect(kittiCamera(calib, 0).cameraFromRect0.translation).toEqual([0, 0, 0]);
  });

  it('places a velodyne point where P2 · R0_rect · Tr_velo_to_cam puts it (hand-computed)', () => {
    const cam = kittiCamera(calib, 2);
    // 20 m ahead, 2 m left, 1 m up → camera 0: x = −2, y = −1 − 0.08, z = 20 − 0.27.
    const inCam = applyTransform(cam.cameraFromVelo, [20, 2, 1]);
    expect(inCam[0]).toBeCloseTo(-2 + 39 / 700, 12);
    expect(inCam[1]).toBeCloseTo(-1.08 - 1.61 / 710, 12);
    expect(inCam[2]).toBeCloseTo(19.73 + 0.005, 12);
    const px = projectPoint(cam.model, inCam)!;
    const w = 19.73 + 0.005;
    expect(px.u).toBeCloseTo((700 * -2 + 600 * 19.73 + 42) / w, 9);
    expect(px.v).toBeCloseTo((710 * -1.08 + 180 * 19.73 - 0.71) / w, 9);
  });

  it('refuses projection matrices it would misread', () => {
    const skewed = SYNTHETIC.replace('P2: 700 0 600', 'P2: 700 0.5 600');
    expect(() => kittiCamera(parseKittiCalib(skewed, 's.txt'), 2, 's.txt')).toThrow(/s\.txt: "P2" has a skew term/);
    const rotated = SYNTHETIC.replace('P2: 700 0 600 42 0 710 180 -0.71 0 0 1', 'P2: 700 0 600 42 0 710 180 -0.71 0.1 0 1');
    expect(() => kittiCamera(parseKittiCalib(rotated, 's.txt'), 2, 's.txt')).toThrow(/"P2" is not of the form K·\[I \| t\]/);
    const scaled = SYNTHETIC.replace('R0_rect: 1 0 0 0 1 0 0 0 1', 'R0_rect: 1.1 0 0 0 1 0 0 0 1');
    expect(() => kittiCamera(parseKittiCalib(scaled, 's.txt'), 2, 's.txt')).toThrow(/not a rotation/);
  });
});

describe.skipIf(frames.length === 0)('real KITTI object frames (../shared/data/driving)', () => {
  it('found frames with calibration and velodyne scans', () => {
    expect(frames.length).toBeGreaterThan(0);
  });

  describe.each(frames.map((f) => [f.name, f] as const))('%s', (_name, frame) => {
    const calib = parseKittiCalib(readFileSync(frame.calib, 'utf8'), frame.calib);
    const cam = kittiCamera(calib, 2, frame.calib);
    const A = kittiProjection(calib, calib.P2);
    const points = readVelodyne(frame.velodyne);
    const n = points.length / 4;
    const png = frame.image ? PNG.sync.read(readFileSync(frame.image)) : undefined;
    const width = png?.width ?? 1242;
    const height = png?.height ?? 375;

    /** KITTI's pixel and depth for point i. */
    const kitti = (i: number): [number, number, number] => {
      const x = points[i * 4], y = points[i * 4 + 1], z = points[i * 4 + 2];
      const u = A[0] * x + A[1] * y + A[2] * z + A[3];
      const v = A[4] * x + A[5] * y + A[6] * z + A[7];
      const w = A[8] * x + A[9] * y + A[10] * z + A[11];
      return [u / w, v / w, w];
    };
    const inImage = (u: number, v: number): boolean => u >= -0.5 && u < width - 0.5 && v >= -0.5 && v < height - 0.5;

    it('parses all the matrices, with rigid Tr matrices', () => {
      expect(cam.model.fx).toBeGreaterThan(500);
      expect(cam.model.cx).toBeGreaterThan(width / 3);
      expect(cam.model.cx).toBeLessThan((2 * width) / 3);
      expect(() => transformFromMat3x4(calib.Tr_velo_to_cam, 'Tr_velo_to_cam')).not.toThrow();
      expect(calib.Tr_imu_to_velo).toBeDefined();
      expect(() => transformFromMat3x4(calib.Tr_imu_to_velo!, 'Tr_imu_to_velo')).not.toThrow();
      // Camera 2 is the left colour camera, ~6 cm left of camera 0 (camera x points right).
      expect(cam.cameraFromRect0.translation[0]).toBeGreaterThan(0.04);
      expect(cam.cameraFromRect0.translation[0]).toBeLessThan(0.08);
    });

    it('reproduces P2 · R0_rect · Tr_velo_to_cam for every velodyne point to 1e-6 px', () => {
      const M = cam.cameraFromVeloMatrix;
      let inside = 0;
      let worstInside = 0;
      let worstRelative = 0;
      let worstDepth = 0;
      const visibilityMismatches: number[] = [];
      // One expect per check, not per point: 100k+ points would make expect() the cost of the test.
      for (let i = 0; i < n; i++) {
        const x = points[i * 4], y = points[i * 4 + 1], z = points[i * 4 + 2];
        const c: [number, number, number] = [
          M[0] * x + M[1] * y + M[2] * z + M[3],
          M[4] * x + M[5] * y + M[6] * z + M[7],
          M[8] * x + M[9] * y + M[10] * z + M[11],
        ];
        const [ku, kv, kw] = kitti(i);
        const px = projectPoint(cam.model, c);
        if ((px !== null) !== kw > 0) visibilityMismatches.push(i);
        if (!px) continue;
        worstDepth = Math.max(worstDepth, Math.abs(c[2] - kw));
        // Points just in front of the camera land far outside the image; compare those relatively.
        const scale = Math.max(1, Math.abs(ku) / 1e3, Math.abs(kv) / 1e3);
        const err = Math.max(Math.abs(px.u - ku), Math.abs(px.v - kv));
        worstRelative = Math.max(worstRelative, err / scale);
        if (inImage(ku, kv)) {
          inside++;
          worstInside = Math.max(worstInside, err);
        }
      }
      expect(visibilityMismatches.slice(0, 10)).toEqual([]);
      expect(worstDepth).toBeLessThan(1e-9);
      expect(worstRelative).toBeLessThan(1e-6);
      expect(inside).toBeGreaterThan(5000);
      expect(worstInside).toBeLessThan(1e-6);
    });

    it('agrees through the rigid camera2FromVelo and projectPoints to well under a millipixel', () => {
      // KITTI prints R0_rect and Tr_velo_to_cam to 7 digits, so their product is a rotation only to
      // ~1e-7; a rigid transform cannot reproduce that non-orthogonality, which moves points by
      // ~1e-5 px. That is the bound here, not 1e-6.
      const R = cam.cameraFromVeloMatrix;
      expect(orthonormalityError([R[0], R[1], R[2], R[4], R[5], R[6], R[8], R[9], R[10]])).toBeLessThan(1e-6);
      let worst = 0;
      const expected: number[] = [];
      for (let i = 0; i < n; i++) {
        const [ku, kv, kw] = kitti(i);
        if (!(kw > 0) || !inImage(ku, kv)) continue;
        expected.push(ku, kv, kw);
        const px = projectPoint(cam.model, applyTransform(cam.cameraFromVelo, [points[i * 4], points[i * 4 + 1], points[i * 4 + 2]]))!;
        worst = Math.max(worst, Math.abs(px.u - ku), Math.abs(px.v - kv));
      }
      expect(worst).toBeLessThan(1e-4);
      const out = projectPoints(points, 4, cam.cameraFromVelo, cam.model, width, height);
      expect(out.length).toBe(expected.length);
      // Float32 output: ~1e-4 px of rounding at u ≈ 1000.
      let worstPacked = 0;
      for (let i = 0; i < out.length; i++) worstPacked = Math.max(worstPacked, Math.abs(out[i] - expected[i]));
      expect(worstPacked).toBeLessThan(1e-3);
    });

    it('needs all of K⁻¹·p₄: the x baseline alone (P2[0][3] / fx) misplaces points by over half a pixel', () => {
      const t = cam.cameraFromRect0.translation;
      expect(Math.abs(t[2])).toBeGreaterThan(1e-3);
      const shortcut = { ...cam.cameraFromVelo, translation: [
        cam.cameraFromVelo.translation[0] - t[0] + calib.P2[3] / cam.model.fx,
        cam.cameraFromVelo.translation[1] - t[1],
        cam.cameraFromVelo.translation[2] - t[2],
      ] as const };
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const [ku, kv, kw] = kitti(i);
        if (!(kw > 0) || !inImage(ku, kv)) continue;
        const px = projectPoint(cam.model, applyTransform(shortcut, [points[i * 4], points[i * 4 + 1], points[i * 4 + 2]]))!;
        worst = Math.max(worst, Math.hypot(px.u - ku, px.v - kv));
      }
      expect(worst).toBeGreaterThan(0.5);
    });
  });
});

describe.skipIf(!existsSync(path.join(DRIVING, 'mmdet3d_demo/kitti/000008.txt')))('mmdet3d demo "calib" file', () => {
  it('is a bare 4×4 matrix, not a KITTI calibration, and says so', () => {
    const file = path.join(DRIVING, 'mmdet3d_demo/kitti/000008.txt');
    expect(() => parseKittiCalib(readFileSync(file, 'utf8'), file)).toThrow(/000008\.txt line 1: expected "KEY: numbers"/);
  });
});
