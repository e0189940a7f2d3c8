import { describe, expect, it } from 'vitest';
import { gridShape } from './pillarGrid';
import { pillarise, PILLAR_FEATURES, type PillariseOptions } from './pillarise';
import { scatterPillars } from './scatter';

/** A 4 m × 2 m range in 1 m cells (4 columns, 2 rows), z from −1 to 3 (pillar centre z = 1). */
const grid: PillariseOptions = {
  range: [0, -1, -1, 4, 1, 3],
  voxelSize: [1, 1, 4],
  maxPointsPerPillar: 3,
  maxPillars: 3,
  features: PILLAR_FEATURES.filter((f) => f !== 'zero'),
};

// x, y, z, intensity
const points = new Float32Array([
  0.5, -0.5, 0, 0.1, // cell (0, 0): pillar 0
  2.25, 0.5, 1, 0.2, // cell (2, 1): pillar 1
  0.25, -0.75, 2, 0.3, // cell (0, 0)
  9, 0, 0, 0.4, // outside in x
  1, 0, 5, 0.5, // outside in z
  0.75, -0.25, 1, 0.6, // cell (0, 0), its third point
  0.5, -0.5, 1.5, 0.7, // cell (0, 0): full, dropped
  3.5, 0.5, 0, 0.8, // cell (3, 1): pillar 2
  1.5, 0.5, 0, 0.9, // cell (1, 1): a fourth pillar, over maxPillars, dropped
  NaN, 0, 0, 1, // not a point
]);

describe('pillarise', () => {
  it('numbers pillars by first point, keeps the first points of each and writes the PointPillars features', () => {
    const p = pillarise(points, 4, grid);
    expect(gridShape(grid)).toEqual({ nx: 4, ny: 2 });
    expect(p.count).toBe(3);
    expect(p.rows).toBe(3);
    expect([...p.numPoints]).toEqual([3, 1, 1]);
    expect([...p.cells]).toEqual([0, 0, 2, 1, 3, 1]);
    expect(p.droppedPoints).toBe(2);
    // Pillar 0: points (0.5, −0.5, 0), (0.25, −0.75, 2), (0.75, −0.25, 1); mean (0.5, −0.5, 1); centre (0.5, −0.5, 1).
    const row = (pillar: number, slot: number) => [...p.features.subarray((pillar * 3 + slot) * 10, (pillar * 3 + slot + 1) * 10)];
    const close = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    close(row(0, 0), [0.5, -0.5, 0, 0.1, 0, 0, -1, 0, 0, -1]);
    close(row(0, 1), [0.25, -0.75, 2, 0.3, -0.25, -0.25, 1, -0.25, -0.25, 1]);
    close(row(0, 2), [0.75, -0.25, 1, 0.6, 0.25, 0.25, 0, 0.25, 0.25, 0]);
    // Pillar 1: one point (2.25, 0.5, 1) in the cell centred (2.5, 0.5, 1).
    close(row(1, 0), [2.25, 0.5, 1, 0.2, 0, 0, 0, -0.25, 0, 0]);
    expect(row(1, 1)).toEqual(new Array(10).fill(0));
  });

  it('writes the channels in the card’s order, scales intensity and pads to maxPillars for fixed graphs', () => {
    const p = pillarise(points, 4, { ...grid, features: ['xCentre', 'intensity', 'zero', 'x'], intensityScale: 255, padToMax: true, maxPillars: 5 });
    expect(p.count).toBe(4);
    expect(p.rows).toBe(5);
    expect(p.features.length).toBe(5 * 3 * 4);
    expect([...p.features.subarray(0, 4)].map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 25.5, 0, 0.5]);
    expect([...p.cells.subarray(8)]).toEqual([-1, -1]);
    expect(p.numPoints[4]).toBe(0);
  });

  it('scatters pillar vectors into the pseudo-image at their cells, from either output layout', () => {
    const p = pillarise(points, 4, grid);
    // Two channels per pillar: 10 + pillar, 20 + pillar.
    const pc = new Float32Array([10, 20, 11, 21, 12, 22]);
    const cp = new Float32Array([10, 11, 12, 20, 21, 22]);
    const want = new Float32Array(2 * 8);
    // cells (x, y): pillar 0 (0, 0) → 0, pillar 1 (2, 1) → 6, pillar 2 (3, 1) → 7.
    want.set([10, 0, 0, 0, 0, 0, 11, 12], 0);
    want.set([20, 0, 0, 0, 0, 0, 21, 22], 8);
    expect(scatterPillars(pc, 'PC', 3, 2, p, 4, 2)).toEqual(want);
    expect(scatterPillars(cp, 'CP', 3, 2, p, 4, 2)).toEqual(want);
    expect(() => scatterPillars(pc, 'PC', 2, 2, p, 4, 2)).toThrow(/6 values, not 2 pillars/);
  });
});
