import { describe, expect, it } from 'vitest';
import { cuboidBevIou } from '../geometry/bevIou';
import { fitCuboidAtPoint } from './fitCuboid';
import { seedPointOf } from './fitEvaluation';
import { suggestFitOptions } from './fitOptions';
import type { GroundPlane } from './ground';
import { occludersOf, strayPiecesInFront } from './occluders';
import { makeSyntheticFrame } from './syntheticLidar';

const GROUND: GroundPlane = { x0: 0, y0: 0, z0: -1.73, slopeX: 0, slopeY: 0, inlierCells: 0 };
const OPTIONS = { neighbourDistance: 0.28, verticalWeight: 0.1, sensor: [0, 0] as const };

/** A vertical face across the line of sight: y = depth, x from x0 to x1, z0 to z1 m above the ground. */
interface Face {
  readonly depth: number;
  readonly x0: number;
  readonly x1: number;
  readonly z0: number;
  readonly z1: number;
}

/**
 * The faces' points every 5 cm as a sensor at the origin (1.73 m above the ground) sees them: a
 * point whose ray passes through a nearer face is hidden by it and left out.
 */
function scan(faces: readonly Face[]): { points: Float64Array; faceOf: number[] } {
  const out: number[] = [];
  const faceOf: number[] = [];
  faces.forEach((f, k) => {
    for (let x = f.x0; x <= f.x1 + 1e-9; x += 0.05) {
      for (let z = f.z0; z <= f.z1 + 1e-9; z += 0.05) {
        const zz = GROUND.z0 + z;
        // The ray to (x, depth, zz) crosses a nearer face's depth at the share t of the way.
        const hidden = faces.some((g) => {
          if (g.depth >= f.depth) return false;
          const t = g.depth / f.depth;
          const gz = zz * t - GROUND.z0;
          return x * t >= g.x0 && x * t <= g.x1 && gz >= g.z0 && gz <= g.z1;
        });
        if (hidden) continue;
        out.push(x, f.depth, zz);
        faceOf.push(k);
      }
    }
  });
  return { points: Float64Array.from(out), faceOf };
}

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const seedOn = (faceOf: number[], face: number) => faceOf.indexOf(face);

describe('what stands in front of the clicked object', () => {
  // A car's side 20 m ahead (0.3–1.5 m up, 4.4 m long).
  const side: Face = { depth: 20, x0: -2.2, x1: 2.2, z0: 0.3, z1: 1.5 };

  it('is a rider 0.4 m in front of a car, joined to it along the line of sight', () => {
    const { points, faceOf } = scan([side, { depth: 19.6, x0: -1, x1: 1, z0: 0, z1: 1.4 }]);
    const out = occludersOf(points, all(faceOf.length), seedOn(faceOf, 0), GROUND, OPTIONS);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((i) => faceOf[i] === 1)).toBe(true);
    expect(out).toHaveLength(faceOf.filter((f) => f === 1).length);
  });

  it('is nothing when the click is on the nearer object', () => {
    const { points, faceOf } = scan([side, { depth: 19.6, x0: -1, x1: 1, z0: 0, z1: 1.4 }]);
    expect(occludersOf(points, all(faceOf.length), seedOn(faceOf, 1), GROUND, OPTIONS)).toEqual([]);
  });

  it("is not the object's own low front before its higher parts (a bicycle's wheel before its rider)", () => {
    // A rider 0.3–1.7 m up, the front wheel 0.9 m nearer and 0.7 m high.
    const { points, faceOf } = scan([{ depth: 20, x0: -0.25, x1: 0.25, z0: 0.3, z1: 1.7 }, { depth: 19.1, x0: -0.1, x1: 0.1, z0: 0, z1: 0.7 }]);
    expect(occludersOf(points, all(faceOf.length), seedOn(faceOf, 0), GROUND, OPTIONS)).toEqual([]);
  });

  it('is nothing when the click is on a part that does not stand on the ground (a roof row)', () => {
    const { points, faceOf } = scan([{ depth: 21, x0: -1.5, x1: 1.5, z0: 1.3, z1: 1.5 }, { depth: 20, x0: -2.2, x1: 2.2, z0: 0.3, z1: 1.25 }]);
    expect(occludersOf(points, all(faceOf.length), seedOn(faceOf, 0), GROUND, OPTIONS)).toEqual([]);
  });

  it('is not the near end of a face seen at a slant, cut from its far part', () => {
    // Two stretches of one side receding from 18 to 21 m, beside each other in azimuth.
    const slant: Face[] = [];
    for (let k = 0; k < 8; k++) slant.push({ depth: 18 + 0.4 * k, x0: 2 + 0.1 * k, x1: 2.04 + 0.1 * k, z0: 0.3, z1: 1.5 });
    const { points, faceOf } = scan(slant);
    expect(occludersOf(points, all(faceOf.length), seedOn(faceOf, 7), GROUND, OPTIONS)).toEqual([]);
  });
});

describe('stray pieces in front of the clicked one', () => {
  // A roof row 21 m ahead, 3 m across, 1.3–1.5 m up: the clicked piece (the body below is hidden).
  const roof: Face = { depth: 21, x0: -1.5, x1: 1.5, z0: 1.3, z1: 1.5 };

  it('are a few points of something else standing in front, at the clicked piece’s azimuths', () => {
    // A post 1 m nearer, 0.1 m wide and 0.3 m high: 14 points against the roof's 305.
    const { points, faceOf } = scan([roof, { depth: 20, x0: 0.5, x1: 0.6, z0: 1.2, z1: 1.5 }]);
    const out = strayPiecesInFront(points, all(faceOf.length), seedOn(faceOf, 0), OPTIONS);
    expect(out.length).toBeGreaterThan(0);
    expect(out).toEqual(faceOf.flatMap((f, i) => (f === 1 ? [i] : [])));
  });

  it('are measured against the clicked piece at their own azimuth, where its face recedes', () => {
    // A truck's side seen at a slant, 20 m away at its near end and 21.8 m at its far end, in ten
    // joined steps; a person 0.5 m in front of its far part, farther than its near end.
    const side: Face[] = [];
    for (let k = 0; k < 10; k++) side.push({ depth: 20 + 0.2 * k, x0: -3 + 0.6 * k, x1: -2.45 + 0.6 * k, z0: 0.5, z1: 3 });
    const person: Face = { depth: 21.1, x0: 2.2, x1: 2.3, z0: 1.0, z1: 1.6 };
    const { points, faceOf } = scan([...side, person]);
    const pieces = new Set(faceOf);
    expect(pieces.has(10)).toBe(true);
    const out = strayPiecesInFront(points, all(faceOf.length), seedOn(faceOf, 0), OPTIONS);
    expect(out).toEqual(faceOf.flatMap((f, i) => (f === 10 ? [i] : [])));
  });

  it('are not a piece holding more than a tenth of the cluster, nor one behind the clicked piece', () => {
    const big = scan([roof, { depth: 20, x0: -1, x1: 0.5, z0: 1.0, z1: 1.5 }]);
    expect(strayPiecesInFront(big.points, all(big.faceOf.length), seedOn(big.faceOf, 0), OPTIONS)).toEqual([]);
    const behind = scan([roof, { depth: 22, x0: 1.7, x1: 1.8, z0: 1.2, z1: 1.5 }]);
    expect(strayPiecesInFront(behind.points, all(behind.faceOf.length), seedOn(behind.faceOf, 0), OPTIONS)).toEqual([]);
  });

  it('are a piece beside the clicked one and wholly below it, but nothing where the clicked piece is a few points', () => {
    // The hood of a car in front, 1 m nearer, beside the roof in azimuth and below it.
    const hood: Face = { depth: 20, x0: 1.8, x1: 2.0, z0: 0.8, z1: 0.9 };
    const { points, faceOf } = scan([roof, hood]);
    expect(strayPiecesInFront(points, all(faceOf.length), seedOn(faceOf, 0), OPTIONS)).toEqual(faceOf.flatMap((f, i) => (f === 1 ? [i] : [])));
    // Clicked on a lone return (6 points) beside the rest of the cluster, a few points in front of it stay.
    const lone = scan([{ depth: 21, x0: 0, x1: 0.1, z0: 1.4, z1: 1.45 }, { depth: 21.5, x0: 3, x1: 6, z0: 0.3, z1: 1.5 }, { depth: 20, x0: 0, x1: 0.05, z0: 1.2, z1: 1.3 }]);
    expect(lone.faceOf.filter((f) => f === 2).length).toBeLessThan(0.1 * lone.faceOf.length);
    expect(strayPiecesInFront(lone.points, all(lone.faceOf.length), seedOn(lone.faceOf, 0), OPTIONS)).toEqual([]);
  });

  it('are not the near strips of a face seen at a slant, clicked at its far end', () => {
    // Twenty strips of one side receding from 18 to 25.6 m, 0.4 m apart, each a twentieth of its points.
    const slant: Face[] = [];
    for (let k = 0; k < 20; k++) slant.push({ depth: 18 + 0.4 * k, x0: 2 + 0.1 * k, x1: 2.04 + 0.1 * k, z0: 0.3, z1: 1.5 });
    const { points, faceOf } = scan(slant);
    expect(strayPiecesInFront(points, all(faceOf.length), seedOn(faceOf, 19), OPTIONS)).toEqual([]);
  });

  it('leave generated vehicles boxed as themselves', () => {
    // Frame 38's car 1 at 53 m: a few points of what stands in front joined it along the line of
    // sight. Frame 105's car 10 at 10 m: its roof over the car in front, whose hood joined it.
    // Frame 117's truck 4 and car 13 at 56–58 m: a person at the truck's side, the corner of the
    // car parked beside.
    for (const [seed, object, size] of [[38, 1, [4.5, 1.9, 1.6]], [105, 10, [4.5, 1.9, 1.6]], [117, 4, [8, 2.5, 3.2]], [117, 13, [4.5, 1.9, 1.6]]] as const) {
      const frame = makeSyntheticFrame({ seed });
      const at = seedPointOf({ stride: 4, ...frame }, object)!;
      const fit = fitCuboidAtPoint(frame.points, 4, at, 'lidar', suggestFitOptions(at, size))!;
      expect(cuboidBevIou(fit.cuboid, frame.objects[object].cuboid)).toBeGreaterThan(0.7);
    }
  });
});

