import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random/seededRandom';
import { estimateGroundSurface, groundSurfaceAt } from './groundSurface';

describe('estimateGroundSurface', () => {
  it('follows a rolling road within 3 cm, under a car whose cells hold only its roof', () => {
    const rnd = seededRandom(4);
    const road = (x: number, y: number) => -1.7 + 1.2 * Math.sin(x / 12) + 0.02 * y;
    const pts: number[] = [];
    for (let k = 0; k < 40_000; k++) {
      const x = -40 + 80 * rnd();
      const y = -40 + 80 * rnd();
      // The car's footprint (10..14, 2..4) shows no ground: it stands there.
      if (x > 10 && x < 14 && y > 2 && y < 4) continue;
      pts.push(x, y, road(x, y) + 0.02 * (rnd() - 0.5));
    }
    for (let x = 10.1; x < 14; x += 0.1) for (let y = 2.1; y < 4; y += 0.1) pts.push(x, y, road(x, y) + 1.5);
    const surface = estimateGroundSurface(Float32Array.from(pts), 3)!;
    for (const [x, y] of [[0, 0], [-30, 20], [25, -35], [30, 30], [-12, -8]]) {
      expect(Math.abs(groundSurfaceAt(surface, x, y) - road(x, y))).toBeLessThan(0.03);
    }
    // Under the car the ground is its surroundings' (filled from 1–2 m away: within 10 cm), not its roof.
    expect(Math.abs(groundSurfaceAt(surface, 12, 3) - road(12, 3))).toBeLessThan(0.1);
  });

  it('is null for no finite point, and takes a lone point as its own ground', () => {
    expect(estimateGroundSurface(Float32Array.of(NaN, 0, 0), 3)).toBeNull();
    expect(groundSurfaceAt(estimateGroundSurface(Float32Array.of(3, 4, -1.5), 3)!, 3, 4)).toBeCloseTo(-1.5, 5);
  });
});
