import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../../core/geometry/cuboid';
import { fitCamera, fromScreen, overflows, panBy, toScreen, zoomAt, type ViewCamera } from './viewTransform';

const size = { width: 400, height: 300 };
const cam: ViewCamera = { zoom: 50, pan: [1, -0.5] };

describe('box view camera', () => {
  it('puts the pan point at the canvas centre, v up, and maps back', () => {
    expect(toScreen(cam, size, 1, -0.5)).toEqual([200, 150]);
    expect(toScreen(cam, size, 2, 0.5)).toEqual([250, 100]);
    expect(fromScreen(cam, size, 250, 100)).toEqual([2, 0.5]);
  });

  it('zooms about the cursor: the point under it stays under it', () => {
    const zoomed = zoomAt(cam, size, 320, 40, -100);
    expect(zoomed.zoom).toBeCloseTo(60, 9);
    const [u, v] = fromScreen(cam, size, 320, 40);
    const [x, y] = toScreen(zoomed, size, u, v);
    expect(x).toBeCloseTo(320, 9);
    expect(y).toBeCloseTo(40, 9);
  });

  it('pans with the pointer: the point grabbed follows it', () => {
    const [u, v] = fromScreen(cam, size, 100, 100);
    const moved = panBy(cam, 30, -20);
    const [x, y] = toScreen(moved, size, u, v);
    expect(x).toBeCloseTo(130, 9);
    expect(y).toBeCloseTo(80, 9);
  });
});

describe('fitting a box view', () => {
  const box: Cuboid = { frame: 'lidar', center: [5, 1, 0], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] };

  it('fills 90 % of the room the title, the measures and the knob leave, the box centred in it', () => {
    const side = fitCamera(box, 'side', { width: 300, height: 200 });
    // Room: 268 × 154 px; 4 m across → 60.3 px/m, 1.5 m up → 92.4 px/m; the tighter wins.
    expect(side.zoom).toBeCloseTo((0.9 * 268) / 4, 9);
    const [, top] = toScreen(side, { width: 300, height: 200 }, 0, 0.75);
    const [, bottom] = toScreen(side, { width: 300, height: 200 }, 0, -0.75);
    expect((top + bottom) / 2).toBeCloseTo(20 + 154 / 2, 9);
    const topView = fitCamera(box, 'top', { width: 300, height: 200 });
    expect(topView.zoom).toBeCloseTo((0.9 * 216) / 4, 9);
  });

  it('tells when a box has grown out of the room a fit keeps for it', () => {
    expect(overflows([[20, 25], [280, 170]], { width: 300, height: 200 }, 'side')).toBe(false);
    expect(overflows([[20, 25], [290, 170]], { width: 300, height: 200 }, 'side')).toBe(true);
    expect(overflows([[20, 25], [280, 170]], { width: 300, height: 200 }, 'top')).toBe(true);
  });
});
