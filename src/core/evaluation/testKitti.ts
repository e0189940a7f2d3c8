import { parseKittiCalib, quatToMat3 } from '../camera';
import { quatNormalize } from '../geometry/quaternion';

/**
 * A KITTI calibration for tests: the camera turned from the Velodyne as KITTI's is (x right = −y,
 * y down = −z, z forward = x), offset, with a small rectification and stereo offsets.
 */
export const TEST_CALIB_TEXT = [
  'P0: 720 0 610 0 0 720 175 0 0 0 1 0',
  'P1: 720 0 610 -390 0 720 175 0 0 0 1 0',
  'P2: 720 0 610 46 0 720 175 0.2 0 0 1 0.004',
  'P3: 720 0 610 -335 0 720 175 1.5 0 0 1 0.004',
  `R0_rect: ${quatToMat3(quatNormalize([0.001, -0.003, 0.002, 1])).join(' ')}`,
  'Tr_velo_to_cam: 0 -1 0 0.01 0 0 -1 -0.08 1 0 0 -0.27',
].join('\n');

export const TEST_CALIB = parseKittiCalib(TEST_CALIB_TEXT, 'calib/000007.txt');
