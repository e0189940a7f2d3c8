import { describe, expect, it } from 'vitest';
import { fromScreen, panBy, toScreen, zoomAt, type ViewCamera } from './viewTransform';

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
