import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { insidePolygon, PolygonMask } from './polygonMask';

/** A freehand-like loop: a wobbly circle, possibly crossing itself. */
function wobblyLoop(random: () => number, vertices: number, wobble: number): number[] {
  const xy: number[] = [];
  for (let k = 0; k < vertices; k++) {
    const angle = (k / vertices) * 2 * Math.PI;
    const radius = 100 * (1 + wobble * (random() - 0.5));
    xy.push(400 + radius * Math.cos(angle), 300 + radius * Math.sin(angle));
  }
  return xy;
}

function disagreements(xy: number[], points: Array<[number, number]>): number {
  const mask = new PolygonMask(xy);
  return points.filter(([x, y]) => mask.contains(x, y) !== insidePolygon(xy, x, y)).length;
}

describe('PolygonMask', () => {
  it('answers as the exact even-odd test on random points, for lassos of 3 to 600 vertices, crossing themselves or not', () => {
    const random = seededRandom(7);
    for (const [vertices, wobble] of [[3, 0], [5, 0.5], [40, 0.8], [200, 1.5], [600, 3]] as const) {
      const xy = wobblyLoop(random, vertices, wobble);
      const points: Array<[number, number]> = Array.from({ length: 20_000 }, () => [200 + random() * 400, 100 + random() * 400]);
      expect(disagreements(xy, points)).toBe(0);
    }
  });

  it('answers as the exact test on the grid lines, the vertices and the edges themselves', () => {
    const random = seededRandom(11);
    const xy = wobblyLoop(random, 64, 1);
    const mask = new PolygonMask(xy);
    const points: Array<[number, number]> = [];
    for (let k = 0; k < xy.length; k += 2) {
      const j = (k + 2) % xy.length;
      points.push([xy[k], xy[k + 1]]);
      for (let t = 0.1; t < 1; t += 0.2) points.push([xy[k] + t * (xy[j] - xy[k]), xy[k + 1] + t * (xy[j + 1] - xy[k + 1])]);
    }
    // Cell borders: the bounding box split in as many parts as the mask's grid, and a hair either side.
    for (let c = 0; c <= 256; c++) {
      const x = mask.x0 + ((mask.x1 - mask.x0) * c) / 256;
      for (const dx of [-1e-9, 0, 1e-9]) for (let y = mask.y0; y <= mask.y1; y += 3.7) points.push([x + dx, y]);
    }
    expect(disagreements(xy, points)).toBe(0);
  });

  it('takes a concave lasso and a polygon with no area', () => {
    // A "U": the notch between the arms is outside.
    const u = [0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30];
    const mask = new PolygonMask(u);
    expect(mask.contains(15, 20)).toBe(false);
    expect(mask.contains(5, 20)).toBe(true);
    expect(mask.contains(25, 5)).toBe(true);
    expect(mask.contains(31, 5)).toBe(false);
    const line = new PolygonMask([0, 0, 10, 10, 20, 20]);
    expect(line.contains(5, 5)).toBe(false);
    expect(disagreements([0, 0, 10, 0, 20, 0], [[5, 0], [5, 1], [25, 0]])).toBe(0);
  });
});
