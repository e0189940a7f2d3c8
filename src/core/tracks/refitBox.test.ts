import { describe, expect, it } from 'vitest';
import { CAR_YAW, makeScene } from '../assist/syntheticScene';
import { quatFromYaw, yawOf } from '../geometry/quaternion';
import type { Cuboid } from '../geometry/cuboid';
import { refitBox } from './refitBox';

const scene = makeScene({ seed: 3 });

function offCar(dx: number, dy: number, yaw = CAR_YAW + 0.25): Cuboid {
  const c = scene.car.center;
  return { ...scene.car, center: [c[0] + dx, c[1] + dy, c[2]], rotation: quatFromYaw(yaw) };
}

describe('refitBox', () => {
  it('moves a guess that is off by most of a metre back onto the car, keeping a locked size', () => {
    const locked: [number, number, number] = [4.2, 1.8, 1.4];
    const box = refitBox(scene.points, scene.stride, offCar(0.7, -0.5), { lockedSize: locked })!;
    expect(box).not.toBeNull();
    expect(Math.hypot(box.center[0] - scene.car.center[0], box.center[1] - scene.car.center[1])).toBeLessThan(0.25);
    const yawError = Math.abs(Math.sin(yawOf(box.rotation) - CAR_YAW));
    expect(yawError).toBeLessThan(0.05);
    expect(box.size).toEqual(locked);
    expect(box.frame).toBe('lidar');
  });

  it('keeps the guess (null) where there is nothing to fit, or when the fit would jump too far', () => {
    expect(refitBox(scene.points, scene.stride, offCar(-8, -8), { lockedSize: null })).toBeNull();
    expect(refitBox(scene.points, scene.stride, offCar(0.7, -0.5), { lockedSize: null, maxShift: 0.1 })).toBeNull();
  });
});
