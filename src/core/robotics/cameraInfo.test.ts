import { describe, expect, it } from 'vitest';
import { cameraFromCameraInfo, type CameraInfoMessage } from './cameraInfo';

const K = [500, 0, 320, 0, 510, 240, 0, 0, 1];
const info = (distortion_model: string, D: number[], extra: Partial<CameraInfoMessage> = {}): CameraInfoMessage => ({
  header: { stamp: { sec: 0 }, frame_id: 'cam' },
  width: 640,
  height: 480,
  distortion_model,
  D,
  K,
  R: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  ...extra,
});

describe('cameraFromCameraInfo', () => {
  it('maps plumb_bob to a Brown–Conrady pinhole', () => {
    const { intrinsics, warnings } = cameraFromCameraInfo(info('plumb_bob', [0.1, -0.2, 0.001, 0.002, 0.03]), 'ci');
    expect(intrinsics).toEqual({ model: 'pinhole', width: 640, height: 480, fx: 500, fy: 510, cx: 320, cy: 240, distortion: { model: 'brown-conrady', k1: 0.1, k2: -0.2, p1: 0.001, p2: 0.002, k3: 0.03 } });
    expect(warnings).toEqual([]);
  });

  it('maps rational_polynomial with zero k4–k6, and refuses it otherwise', () => {
    const { intrinsics } = cameraFromCameraInfo(info('rational_polynomial', [0.1, 0, 0, 0, 0, 0, 0, 0]), 'ci');
    expect(intrinsics.model).toBe('pinhole');
    expect(() => cameraFromCameraInfo(info('rational_polynomial', [0.1, 0, 0, 0, 0, 0.5, 0, 0]), '/cam/camera_info')).toThrow(/\/cam\/camera_info: rational_polynomial distortion with non-zero k4–k6/);
  });

  it('maps equidistant (ROS 2 lowercase fields) to a Kannala–Brandt fisheye', () => {
    const ros2: CameraInfoMessage = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'cam' }, width: 640, height: 480, distortion_model: 'equidistant', d: [0.01, 0.02, 0.03, 0.04], k: K, r: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expect(cameraFromCameraInfo(ros2, 'ci').intrinsics).toMatchObject({ model: 'fisheye', fx: 500, distortion: { model: 'kannala-brandt', k1: 0.01, k2: 0.02, k3: 0.03, k4: 0.04 } });
  });

  it('takes an empty distortion as an undistorted pinhole whatever the model says', () => {
    expect(cameraFromCameraInfo(info('', []), 'ci').intrinsics).toEqual({ model: 'pinhole', width: 640, height: 480, fx: 500, fy: 510, cx: 320, cy: 240 });
  });

  it('refuses an unknown model and an uncalibrated K clearly, and warns about a rectification it ignores', () => {
    expect(() => cameraFromCameraInfo(info('double_sphere', [0.1, 0.2]), '/c/camera_info')).toThrow(/\/c\/camera_info: distortion model "double_sphere" is not one Cairn knows/);
    expect(() => cameraFromCameraInfo(info('plumb_bob', [], { K: [0, 0, 0, 0, 0, 0, 0, 0, 0] }), 'ci')).toThrow(/K is not a calibrated camera matrix/);
    expect(() => cameraFromCameraInfo(info('plumb_bob', [], { width: 0 }), 'ci')).toThrow(/no image size/);
    const { warnings } = cameraFromCameraInfo(info('plumb_bob', [], { R: [0, -1, 0, 1, 0, 0, 0, 0, 1] }), 'ci');
    expect(warnings[0]).toMatch(/rectification rotation R is not used/);
  });
});
