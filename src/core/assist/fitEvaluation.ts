import { bevIou, cuboidBevIou } from '../geometry/bevIou';
import type { Cuboid } from '../geometry/cuboid';
import { yawOf } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import type { PointArray } from './points';

/** A labelled frame: points with, for each, the index of the ground-truth object it belongs to (-1 for none). */
export interface LabelledFrame {
  readonly name: string;
  readonly points: PointArray;
  readonly stride: number;
  readonly objectOf: Int32Array;
  readonly objects: ReadonlyArray<{ readonly classId: string; readonly cuboid: Cuboid }>;
}

/** Fits one box at a seed point; the class is the user's choice. Null when it gives none. */
export type SeededFit = (points: PointArray, stride: number, seed: Vec3, classId: string) => Cuboid | null;

export interface FitOutcome {
  readonly frame: string;
  readonly object: number;
  readonly classId: string;
  /** Horizontal distance from the sensor (origin) to the box centre, metres. */
  readonly range: number;
  readonly points: number;
  /** 0 when no box came back. */
  readonly iou: number;
  /** The ground-truth box and the fitted one (null when none came back), to say why a fit missed. */
  readonly truth: Cuboid;
  readonly fitted: Cuboid | null;
}

export const RANGE_BUCKETS = ['0–20 m', '20–40 m', '40+ m'] as const;
export const rangeBucket = (range: number): (typeof RANGE_BUCKETS)[number] => (range < 20 ? RANGE_BUCKETS[0] : range < 40 ? RANGE_BUCKETS[1] : RANGE_BUCKETS[2]);

/**
 * Seeds the fit as a user's click would: at the object's point nearest its box centre (3D), for
 * every object with at least `minPoints` points, and scores the box by BEV IoU with the truth.
 */
export function evaluateSeededFit(frame: LabelledFrame, fit: SeededFit, minPoints = 30): FitOutcome[] {
  const { points, stride, objectOf, objects } = frame;
  const count = new Int32Array(objects.length);
  const nearest = new Int32Array(objects.length).fill(-1);
  const best = new Float64Array(objects.length).fill(Infinity);
  for (let i = 0; i < objectOf.length; i++) {
    const k = objectOf[i];
    if (k < 0) continue;
    count[k]++;
    const c = objects[k].cuboid.center;
    const d = (points[i * stride] - c[0]) ** 2 + (points[i * stride + 1] - c[1]) ** 2 + (points[i * stride + 2] - c[2]) ** 2;
    if (d < best[k]) {
      best[k] = d;
      nearest[k] = i;
    }
  }
  const out: FitOutcome[] = [];
  objects.forEach((o, k) => {
    if (count[k] < minPoints) return;
    const i = nearest[k];
    const seed: Vec3 = [points[i * stride], points[i * stride + 1], points[i * stride + 2]];
    const box = fit(points, stride, seed, o.classId);
    out.push({
      frame: frame.name,
      object: k,
      classId: o.classId,
      range: Math.hypot(o.cuboid.center[0], o.cuboid.center[1]),
      points: count[k],
      iou: box ? cuboidBevIou(box, o.cuboid) : 0,
      truth: o.cuboid,
      fitted: box,
    });
  });
  return out;
}

/** Where evaluateSeededFit clicks on one object: its point nearest its box centre (3D); null when it has none. */
export function seedPointOf(frame: Pick<LabelledFrame, 'points' | 'stride' | 'objectOf' | 'objects'>, object: number): Vec3 | null {
  const { points, stride, objectOf } = frame;
  const c = frame.objects[object].cuboid.center;
  let nearest = -1;
  let best = Infinity;
  for (let i = 0; i < objectOf.length; i++) {
    if (objectOf[i] !== object) continue;
    const d = (points[i * stride] - c[0]) ** 2 + (points[i * stride + 1] - c[1]) ** 2 + (points[i * stride + 2] - c[2]) ** 2;
    if (d < best) [best, nearest] = [d, i];
  }
  return nearest < 0 ? null : [points[nearest * stride], points[nearest * stride + 1], points[nearest * stride + 2]];
}

export interface RecallRow {
  readonly label: string;
  readonly objects: number;
  /** Share of objects whose box reaches the IoU threshold. */
  readonly recall: number;
  readonly meanIou: number;
}

/** Recall at `threshold` and mean BEV IoU, overall, by class and by range bucket. */
export function recallTable(outcomes: readonly FitOutcome[], threshold = 0.7): RecallRow[] {
  const row = (label: string, sel: readonly FitOutcome[]): RecallRow => ({
    label,
    objects: sel.length,
    recall: sel.length ? sel.filter((o) => o.iou >= threshold).length / sel.length : 0,
    meanIou: sel.length ? sel.reduce((s, o) => s + o.iou, 0) / sel.length : 0,
  });
  const rows = [row('all', outcomes)];
  for (const cls of [...new Set(outcomes.map((o) => o.classId))].sort()) rows.push(row(cls, outcomes.filter((o) => o.classId === cls)));
  for (const bucket of RANGE_BUCKETS) rows.push(row(bucket, outcomes.filter((o) => rangeBucket(o.range) === bucket)));
  return rows;
}

export interface FitError {
  /** Fitted minus true length and width (m), the fitted box's axes matched to the truth's by heading. */
  readonly dLength: number;
  readonly dWidth: number;
  /** Heading error modulo a half turn, degrees in (-90, 90]. */
  readonly dYawDeg: number;
  /** Centre offset along and across the true heading (m). */
  readonly dAlong: number;
  readonly dAcross: number;
}

/**
 * How a fitted box differs from the truth in the ground plane: size, heading (a box is the same
 * turned half round, and one turned a quarter with length and width swapped) and centre.
 */
export function fitError(fitted: Cuboid, truth: Cuboid): FitError {
  const t = yawOf(truth.rotation);
  let d = yawOf(fitted.rotation) - t;
  let [l, w] = [fitted.size[0], fitted.size[1]];
  d = ((((d + Math.PI / 2) % Math.PI) + Math.PI) % Math.PI) - Math.PI / 2;
  if (Math.abs(d) > Math.PI / 4) {
    // The fitted length axis lies across the truth's: compare like with like.
    [l, w] = [w, l];
    d -= Math.sign(d) * (Math.PI / 2);
  }
  const dx = fitted.center[0] - truth.center[0];
  const dy = fitted.center[1] - truth.center[1];
  const c = Math.cos(t);
  const s = Math.sin(t);
  return {
    dLength: l - truth.size[0],
    dWidth: w - truth.size[1],
    dYawDeg: (d * 180) / Math.PI,
    dAlong: c * dx + s * dy,
    dAcross: -s * dx + c * dy,
  };
}

/**
 * The best BEV IoU with `truth` that any box of footprint `size` (length, width) reaches: both
 * centred on one point (for two centrally symmetric shapes no shift adds overlap), over headings
 * a quarter degree apart. Under 0.7, no box of that size reaches 0.7 with the object, wherever
 * it is laid (a 2.47 m car labelled in KITTI: 0.46 at a 4.5 × 1.9 m class size), and a fit boxes
 * it only by measuring its size from the points, where it sees all of it.
 */
export function sizeCeiling(truth: Cuboid, size: readonly [number, number]): number {
  // In the truth's own frame; a rectangle turned by a and by -a (or 180° - a) overlaps it alike.
  const box = { cx: 0, cy: 0, length: truth.size[0], width: truth.size[1], yaw: 0 };
  let best = 0;
  for (let k = 0; k <= 360; k++) best = Math.max(best, bevIou(box, { cx: 0, cy: 0, length: size[0], width: size[1], yaw: (k * Math.PI) / 720 }));
  return best;
}

/** One line on an outcome: IoU, and for a miss the sizes, heading and centre errors that explain it. */
export function describeOutcome(o: FitOutcome): string {
  const head = `${o.frame} #${o.object} ${o.classId} at ${o.range.toFixed(1)} m, ${o.points} points: IoU ${o.iou.toFixed(3)}`;
  if (!o.fitted) return `${head} (no box)`;
  const e = fitError(o.fitted, o.truth);
  const f = (v: number) => (v >= 0 ? '+' : '') + v.toFixed(2);
  return `${head} (true ${o.truth.size[0].toFixed(2)}×${o.truth.size[1].toFixed(2)}; size ${f(e.dLength)}×${f(e.dWidth)}, yaw ${f(e.dYawDeg)}°, centre ${f(e.dAlong)} along ${f(e.dAcross)} across)`;
}
