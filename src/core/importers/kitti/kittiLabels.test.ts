import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { countPointsInCuboid } from '../../assist';
import { kittiCamera, parseKittiCalib, projectPoint } from '../../camera';
import { applyTransform } from '../../camera/rigidTransform';
import { cuboidCorners } from '../../geometry/cuboid';
import { yawOf } from '../../geometry/quaternion';
import { kittiLabelToCuboid, parseKittiLabels, veloFromRect0 } from './kittiLabels';

// An idealised rig: rectified camera 0 = velodyne with KITTI's axis change, camera 2 on axis.
const IDEAL_CALIB = [
  'P0: 700 0 600 0 0 700 180 0 0 0 1 0',
  'P1: 700 0 600 0 0 700 180 0 0 0 1 0',
  'P2: 700 0 600 0 0 700 180 0 0 0 1 0',
  'P3: 700 0 600 0 0 700 180 0 0 0 1 0',
  'R0_rect: 1 0 0 0 1 0 0 0 1',
  'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0',
  'Tr_imu_to_velo: 1 0 0 0 0 1 0 0 0 0 1 0',
].join('\n');

describe('KITTI labels', () => {
  it('parses every field and names the file, line and field of a bad one', () => {
    const [l] = parseKittiLabels('Car 0.50 1 -1.2 10 20 110 220 1.5 1.8 4.2 2.0 1.6 12.0 0.3\n', 'a.txt');
    expect(l).toMatchObject({ type: 'Car', truncated: 0.5, occluded: 1, bbox: [10, 20, 110, 220], height: 1.5, width: 1.8, length: 4.2, bottomInRect0: [2, 1.6, 12], rotationY: 0.3, line: 1 });
    expect(l.score).toBeUndefined();
    expect(parseKittiLabels('Car 0 0 0 0 0 1 1 1 1 1 0 0 5 0 0.87', 'det.txt')[0].score).toBe(0.87);
    expect(() => parseKittiLabels('\nCar 0 0 0 0 0 1 1 1 1 1 0 0 5', 'b.txt')).toThrow('b.txt line 2: expected 15 fields');
    expect(() => parseKittiLabels('Car 0 0 x 0 0 1 1 1 1 1 0 0 5 0', 'c.txt')).toThrow('c.txt line 1: field 4 is not a finite number');
  });

  it('converts the camera-frame bottom centre and rotation_y to a Velodyne-frame centre and yaw', () => {
    const calib = parseKittiCalib(IDEAL_CALIB, 'ideal.txt');
    const t = veloFromRect0(calib);
    // 12 m ahead, 2 m right, standing on a road 1.6 m below the camera, facing along +x of the camera.
    const [label] = parseKittiLabels('Car 0 0 0 0 0 1 1 1.5 1.8 4.2 2.0 1.6 12.0 0', 'x.txt');
    const cuboid = kittiLabelToCuboid(label, t);
    expect(cuboid.center[0]).toBeCloseTo(12, 9);
    expect(cuboid.center[1]).toBeCloseTo(-2, 9);
    expect(cuboid.center[2]).toBeCloseTo(-1.6 + 0.75, 9);
    expect(cuboid.size).toEqual([4.2, 1.8, 1.5]);
    // Camera +x (right) is Velodyne −y: a heading of −90°.
    expect(yawOf(cuboid.rotation)).toBeCloseTo(-Math.PI / 2, 9);
    const [ahead] = parseKittiLabels(`Car 0 0 0 0 0 1 1 1.5 1.8 4.2 0 1.6 12.0 ${-Math.PI / 2}`, 'y.txt');
    expect(yawOf(kittiLabelToCuboid(ahead, t).rotation)).toBeCloseTo(0, 9); // facing away from the car: along +x
  });

  const kitti = path.resolve(__dirname, '../../../../../shared/data/driving/kitti_object_vis/training');
  describe.skipIf(!existsSync(kitti))('on real KITTI frames', () => {
    for (const frame of ['000000', '000001']) {
      it(`frame ${frame}: boxes hold their points and project onto their 2D boxes`, () => {
        const calibFile = path.join(kitti, 'calib', `${frame}.txt`);
        const calib = parseKittiCalib(readFileSync(calibFile, 'utf8'), calibFile);
        const camera = kittiCamera(calib, 2, calibFile);
        const t = veloFromRect0(calib, calibFile);
        const scan = readFileSync(path.join(kitti, 'velodyne', `${frame}.bin`));
        const points = new Float32Array(scan.buffer, scan.byteOffset, scan.byteLength / 4);
        const image = PNG.sync.read(readFileSync(path.join(kitti, 'image_2', `${frame}.png`)));
        const labels = parseKittiLabels(readFileSync(path.join(kitti, 'label_2', `${frame}.txt`), 'utf8'), frame).filter((l) => l.type !== 'DontCare');
        expect(labels.length).toBeGreaterThan(0);
        for (const label of labels) {
          const cuboid = kittiLabelToCuboid(label, t);
          // The 3D box's corners, projected, span about the annotated 2D box (clipped to the image).
          const uv = cuboidCorners(cuboid).map((c) => projectPoint(camera.model, applyTransform(camera.cameraFromVelo, c))!);
          const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi - 1);
          const box = [
            clamp(Math.min(...uv.map((p) => p.u)), image.width),
            clamp(Math.min(...uv.map((p) => p.v)), image.height),
            clamp(Math.max(...uv.map((p) => p.u)), image.width),
            clamp(Math.max(...uv.map((p) => p.v)), image.height),
          ];
          const cx = (box[0] + box[2]) / 2 - (label.bbox[0] + label.bbox[2]) / 2;
          const cy = (box[1] + box[3]) / 2 - (label.bbox[1] + label.bbox[3]) / 2;
          expect(Math.hypot(cx, cy), `${frame} line ${label.line} ${label.type}`).toBeLessThan(12);
          // Near, unoccluded objects have LiDAR returns inside their box.
          const range = Math.hypot(cuboid.center[0], cuboid.center[1]);
          if (range < 40 && label.occluded === 0) {
            expect(countPointsInCuboid(points, 4, cuboid), `${frame} line ${label.line} ${label.type}`).toBeGreaterThan(20);
          }
        }
      });
    }
  });
});
