import { fitCuboidAtPoint } from '../assist/fitCuboid';
import { suggestFitOptions } from '../assist/fitOptions';
import { pointCountOf, type PointArray } from '../assist/points';
import { toCuboidLocal, type Cuboid } from '../geometry/cuboid';
import type { Vec3 } from '../geometry/vec3';

export interface RefitOptions {
  /** The track's one size when its size is locked: the refitted box keeps it; null lets the fit size the box. */
  readonly lockedSize: Vec3 | null;
  /** How far the fit may move the centre from the guess; further and it fitted something else. Default: half the box's length, 1.5 m at least. */
  readonly maxShift?: number;
  /** Where the scan was taken from, in the points' frame (default the origin). */
  readonly sensor?: Vec3;
}

/** Grown around the guess when looking for the object's points: a guess is off by this much and more. */
const SEARCH_MARGIN = 0.5;

/** A guess moved onto the frame's points, with how much the fit saw of the object. */
export interface GuessRefit {
  /** The fit's box, at the size the fit gave it (the guess's size completed by what it saw). */
  readonly cuboid: Cuboid;
  /** Points the fitted box was fitted to. */
  readonly pointCount: number;
  /** 0–1, how well the seen extent agrees with the guess's size (the fit's score). */
  readonly score: number;
}

/**
 * A propagated box moved onto the frame's points: the one-click fit seeded at the object's point
 * nearest the guessed centre (a scan has points on surfaces, none at a centre), completed to the
 * track's size. Null (keep the guess) when the guess holds no point above its bottom quarter, when
 * the fit finds nothing there, or when it lands on another object.
 */
export function refitBox(points: PointArray, stride: number, guess: Cuboid, options: RefitOptions): Cuboid | null {
  const fit = refitGuess(points, stride, guess, options);
  if (!fit) return null;
  return options.lockedSize ? { ...fit.cuboid, size: options.lockedSize } : fit.cuboid;
}

/** refitBox's fit before any size is imposed on it, with its point count and score. */
export function refitGuess(points: PointArray, stride: number, guess: Cuboid, options: RefitOptions): GuessRefit | null {
  const size = options.lockedSize ?? guess.size;
  const seed = seedPoint(points, stride, guess);
  if (!seed) return null;
  const fit = fitCuboidAtPoint(points, stride, seed, guess.frame, suggestFitOptions(seed, [size[0], size[1], size[2]], options.sensor));
  if (!fit) return null;
  const maxShift = options.maxShift ?? Math.max(1.5, guess.size[0] / 2);
  const c = fit.cuboid.center;
  if (Math.hypot(c[0] - guess.center[0], c[1] - guess.center[1]) > maxShift) return null;
  return { cuboid: fit.cuboid, pointCount: fit.pointCount, score: fit.score ?? 0 };
}

/** The point in the grown guess, above its bottom quarter (the ground), nearest its centre. */
function seedPoint(points: PointArray, stride: number, guess: Cuboid): Vec3 | null {
  const n = pointCountOf(points, stride);
  const [hx, hy, hz] = guess.size.map((v) => v / 2 + SEARCH_MARGIN);
  const reach = Math.hypot(hx, hy, hz);
  const floor = -guess.size[2] / 4;
  const [cx, cy, cz] = guess.center;
  let best: Vec3 | null = null;
  let bestD2 = Infinity;
  for (let i = 0, o = 0; i < n; i++, o += stride) {
    const dx = points[o] - cx;
    const dy = points[o + 1] - cy;
    const dz = points[o + 2] - cz;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (!(d2 < bestD2 && d2 <= reach * reach)) continue;
    const p: Vec3 = [points[o], points[o + 1], points[o + 2]];
    const [lx, ly, lz] = toCuboidLocal(guess, p);
    if (Math.abs(lx) > hx || Math.abs(ly) > hy || lz > hz || lz < floor) continue;
    best = p;
    bestD2 = d2;
  }
  return best;
}
