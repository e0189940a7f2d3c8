import { describe, expect, it } from 'vitest';
import { growByPieces, piecesOf } from './pieces';

const CAR = { classId: 'car', size: [4.5, 1.9, 1.6] as const };

/** Points every 5 cm along horizontal segments (x0, y0, x1, y1) at height z, stride 3. */
function rows(list: number[][], z = 0): number[] {
  const out: number[] = [];
  for (const [x0, y0, x1, y1] of list) {
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / 0.05));
    for (let k = 0; k <= steps; k++) out.push(x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps, z);
  }
  return out;
}

const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, k) => from + k);

describe('the pieces of a cluster', () => {
  it('splits at a gap of the neighbour distance and joins what is closer', () => {
    // Two rows 0.2 m apart (one piece) and a third 0.5 m beyond.
    const pts = Float64Array.from([...rows([[0, 0, 2, 0]]), ...rows([[0, 0.2, 2, 0.2]]), ...rows([[0, 0.7, 2, 0.7]])]);
    const n = pts.length / 3;
    const pieces = piecesOf(pts, range(0, n), 0.28, 0.1);
    expect(pieces.map((p) => p.length).sort((a, b) => a - b)).toEqual([41, 82]);
  });

  it('counts vertical gaps at their weight: a roof row a beam above the side is the same piece', () => {
    const pts = Float64Array.from([...rows([[0, 0, 2, 0]], 0), ...rows([[0, 0, 2, 0]], 1)]);
    expect(piecesOf(pts, range(0, pts.length / 3), 0.28, 0.1)).toHaveLength(1);
    expect(piecesOf(pts, range(0, pts.length / 3), 0.28, 1)).toHaveLength(2);
  });
});

describe('an object grown by pieces', () => {
  // A car's near side 20 m ahead (along y = 20, x 0–4.4), seen from the origin.
  const side = rows([[0, 20, 4.4, 20]]);
  const start = range(0, side.length / 3);

  it('takes in its own far pieces (a rear split off by a shadow, a roof row behind the side)', () => {
    const own = [...rows([[4.4, 20.2, 4.4, 21.8]]), ...rows([[0.8, 21, 3.6, 21]])];
    const pts = Float64Array.from([...side, ...own]);
    const rest = range(start.length, pts.length / 3);
    const pieces = piecesOf(pts, rest, 0.28, 0.1);
    expect(pieces.length).toBe(2);
    expect(growByPieces(pts, start, pieces, [CAR]).length).toBe(pts.length / 3);
  });

  it('leaves out a car parked beside it, 0.4 m beyond its far side', () => {
    const roof = rows([[0.8, 21, 3.6, 21]]);
    const neighbour = rows([[0, 22.3, 4.4, 22.3]]);
    const pts = Float64Array.from([...side, ...roof, ...neighbour]);
    const pieces = piecesOf(pts, range(start.length, pts.length / 3), 0.28, 0.1);
    const grown = growByPieces(pts, start, pieces, [CAR]);
    expect(grown.length).toBe((side.length + roof.length) / 3);
  });

  it('leaves out what stands in front of it, though the two would fit the class together', () => {
    // A 1.2 m strip 0.5 m nearer the sensor, in the car's sector: a car in front, seen over.
    const own = rows([[0, 20, 2, 20]]);
    const front = rows([[0.5, 19.5, 1.7, 19.5]]);
    const pts = Float64Array.from([...own, ...front]);
    const ownStart = range(0, own.length / 3);
    const pieces = piecesOf(pts, range(own.length / 3, pts.length / 3), 0.28, 0.1);
    expect(growByPieces(pts, ownStart, pieces, [CAR]).length).toBe(own.length / 3);
    // The same strip off to one side of the sector (not hiding the car) is taken: it fits.
    const beside = rows([[2.3, 19.5, 3.5, 19.5]]);
    const pts2 = Float64Array.from([...own, ...beside]);
    const pieces2 = piecesOf(pts2, range(own.length / 3, pts2.length / 3), 0.28, 0.1);
    expect(growByPieces(pts2, ownStart, pieces2, [CAR]).length).toBe(pts2.length / 3);
  });
});
