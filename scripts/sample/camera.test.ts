import { describe, expect, it } from 'vitest';
import { CAMERAS, distort, egoFromOptical, undistort } from './camera';
import { rotate } from './geometry';

describe('camera model', () => {
  it('inverts the Brown–Conrady distortion to well below a pixel across the image', () => {
    for (const cam of CAMERAS) {
      const k = cam.intrinsics;
      for (const [u, v] of [[0, 0], [k.width - 1, 0], [0, k.height - 1], [k.width - 1, k.height - 1], [k.cx, k.cy], [123.4, 456.7]]) {
        const [x, y] = undistort((u - k.cx) / k.fx, (v - k.cy) / k.fy, k.distortion);
        const [xd, yd] = distort(x, y, k.distortion);
        expect(Math.abs(xd * k.fx + k.cx - u)).toBeLessThan(1e-6);
        expect(Math.abs(yd * k.fy + k.cy - v)).toBeLessThan(1e-6);
      }
    }
  });

  it('maps OpenCV optical axes onto ego axes', () => {
    const q = egoFromOptical(0, 0);
    const close = (a: number[], b: number[]): void => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], 9));
    close(rotate(q, [0, 0, 1]), [1, 0, 0]); // optical forward → ego forward
    close(rotate(q, [1, 0, 0]), [0, -1, 0]); // image right → ego right (−y)
    close(rotate(q, [0, 1, 0]), [0, 0, -1]); // image down → ego down
    const left = egoFromOptical(90, 0);
    close(rotate(left, [0, 0, 1]), [0, 1, 0]); // positive yaw looks left
    const down = egoFromOptical(0, 10);
    expect(rotate(down, [0, 0, 1])[2]).toBeLessThan(0); // positive pitch looks down
  });
});
