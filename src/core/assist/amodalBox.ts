/**
 * From the points a LiDAR saw of one object to the box an annotator would draw: heading from the
 * visible faces, then the class's typical size laid out away from the sensor, since a scan sees
 * only the sides turned towards it (a labelled box covers the whole object).
 */

/** A class and its typical size (length, width, height), as the ontology gives them. */
export interface ClassPrior {
  readonly classId: string;
  readonly size: readonly [number, number, number];
}

export interface AmodalBox {
  readonly cx: number;
  readonly cy: number;
  readonly length: number;
  readonly width: number;
  /** Heading of the length axis. */
  readonly yaw: number;
  readonly classId: string | null;
  /** 0–1: how well the visible extent agrees with the class size (1 = exactly). */
  readonly score: number;
}

const SEARCH_STEP = Math.PI / 180;
/**
 * Closeness floor of the L-shape criterion: points nearer an edge than this count as on it. A real
 * body is no plane to 2 cm (doors bulge, corners are rounded): at 2 cm a few points that happen to
 * line up outweighed whole faces on KITTI cars; at 5 cm generated headings stay within a degree.
 */
const CLOSENESS_FLOOR = 0.05;
/**
 * Share of the points at each end of each axis left out of the rectangle the closeness is measured
 * to: a car's door mirrors (about 1 % of its points, 0.15–0.25 m off its side) otherwise set the
 * side's edge, and the search turns by 5–20° to hug them (KITTI 000008's cars).
 */
const EDGE_TRIM = 0.02;
const EDGE_SAMPLE = 1000;

/**
 * Heading in [0, π/2) of the rectangle whose edges the points hug, by a search over angles
 * (Zhang et al., "Efficient L-shape fitting for vehicle detection using laser scanners", 2017,
 * closeness criterion): for each angle, each point scores the inverse of its distance to the
 * nearer edge of the bounding rectangle along either axis. A scan shows one face or two (an L),
 * so the faces, not the spread of the points, give the heading. `floor`: the closeness floor
 * (CLOSENESS_FLOOR, for a vehicle's body, unless given).
 *
 * With `slices` (a height band per point), each band's points are measured to that band's own
 * rectangle: a body's outline changes with height (a car's rear slopes back from its bumper to
 * its boot lid, 0.3 m and more), and across heights a face is a thick band no edge hugs. Seen at
 * range, a few rings across a rear so stacked turned KITTI 000008's car 4 by 38°.
 */
export function lShapeYaw(xy: Float64Array, n: number, floor = CLOSENESS_FLOOR, slices?: Int32Array): number {
  if (n < 2) return 0;
  const [mx, my] = centroid(xy, n);
  // The points in slice order, and where each slice starts in it.
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  if (slices) order.sort((p, q) => slices[p] - slices[q]);
  const starts = [0];
  if (slices) for (let k = 1; k < n; k++) if (slices[order[k]] !== slices[order[k - 1]]) starts.push(k);
  starts.push(n);
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  // The trimmed edges from at most EDGE_SAMPLE evenly spread points: a quantile needs no more,
  // and the search measures them at every angle it tries.
  const s1 = new Float64Array(Math.min(n, EDGE_SAMPLE));
  const s2 = new Float64Array(Math.min(n, EDGE_SAMPLE));
  const score = (theta: number): number => {
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    let beta = 0;
    for (let g = 0; g + 1 < starts.length; g++) {
      const from = starts[g];
      const to = starts[g + 1];
      let lo1 = Infinity;
      let hi1 = -Infinity;
      let lo2 = Infinity;
      let hi2 = -Infinity;
      for (let k = from; k < to; k++) {
        const x = xy[2 * order[k]] - mx;
        const y = xy[2 * order[k] + 1] - my;
        const a = c * x + s * y;
        const b = -s * x + c * y;
        c1[k] = a;
        c2[k] = b;
        if (a < lo1) lo1 = a;
        if (a > hi1) hi1 = a;
        if (b < lo2) lo2 = b;
        if (b > hi2) hi2 = b;
      }
      const every = Math.ceil((to - from) / EDGE_SAMPLE);
      const m = Math.ceil((to - from) / every);
      const trim = Math.floor(EDGE_TRIM * m);
      if (trim > 0) {
        // The edges where the body is, not where a mirror or a stray return stands off it.
        for (let k = 0; k < m; k++) {
          s1[k] = c1[from + k * every];
          s2[k] = c2[from + k * every];
        }
        const t1 = s1.subarray(0, m);
        const t2 = s2.subarray(0, m);
        lo1 = select(t1, trim);
        hi1 = select(t1, m - 1 - trim);
        lo2 = select(t2, trim);
        hi2 = select(t2, m - 1 - trim);
      }
      for (let k = from; k < to; k++) {
        const d1 = Math.min(Math.abs(hi1 - c1[k]), Math.abs(c1[k] - lo1));
        const d2 = Math.min(Math.abs(hi2 - c2[k]), Math.abs(c2[k] - lo2));
        beta += 1 / Math.max(Math.min(d1, d2), floor);
      }
    }
    return beta;
  };
  let best = 0;
  let bestScore = -Infinity;
  for (let k = 0; k < 90; k++) {
    const v = score(k * SEARCH_STEP);
    if (v > bestScore) {
      bestScore = v;
      best = k * SEARCH_STEP;
    }
  }
  const coarse = best;
  for (let k = -9; k <= 9; k++) {
    const t = coarse + (k * SEARCH_STEP) / 10;
    const v = score(t);
    if (v > bestScore) {
      bestScore = v;
      best = t;
    }
  }
  const q = Math.PI / 2;
  return ((best % q) + q) % q;
}

/**
 * The k-th smallest of `v` (0-based), in linear time on average (Hoare's selection); reorders `v`.
 * The L-shape search needs four such edges per angle tried, on clusters of up to thousands of points.
 */
export function select(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  while (hi > lo) {
    const pivot = v[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

/** Direction of the points' largest spread (the major axis of their covariance), in (-π/2, π/2]. */
export function principalYaw(xy: Float64Array, n: number): number {
  const [mx, my] = centroid(xy, n);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] - mx;
    const y = xy[2 * i + 1] - my;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  return 0.5 * Math.atan2(2 * sxy, sxx - syy);
}

function centroid(xy: Float64Array, n: number): [number, number] {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xy[2 * i];
    my += xy[2 * i + 1];
  }
  return [mx / n, my / n];
}

function medianAlong(xy: Float64Array, n: number, c: number, s: number): number {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = c * xy[2 * i] + s * xy[2 * i + 1];
  v.sort();
  return n % 2 ? v[n >> 1] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/** Extent of the points along the unit axis (c, s): [min, max]. */
function extentAlong(xy: Float64Array, n: number, c: number, s: number): [number, number] {
  const [lo, hi] = extremesAlong(xy, n, c, s);
  return [lo, hi];
}

/** Extent of the points along the unit axis (c, s), and the indices of the points at each end. */
function extremesAlong(xy: Float64Array, n: number, c: number, s: number): [number, number, number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let iLo = 0;
  let iHi = 0;
  for (let i = 0; i < n; i++) {
    const v = c * xy[2 * i] + s * xy[2 * i + 1];
    if (v < lo) [lo, iLo] = [v, i];
    if (v > hi) [hi, iHi] = [v, i];
  }
  return [lo, hi, iLo, iHi];
}

/**
 * Whether the points' footprint (heading from lShapeYaw) fits inside some prior's footprint, with
 * `slack` (a fraction) of the length and `widthSlack` of the width, plus 0.1 m of room, either way
 * round. A cluster that does not has taken in a neighbour. Widths vary less than lengths within a
 * class (cars 1.6–2.1 m wide, 3.5–5.2 m long), and a car parked beside another, seen over its
 * roof, joins it across the width: 20 % on a car's 1.9 m let two cars 0.3 m apart pass as one.
 */
export function fitsSomePrior(xy: Float64Array, n: number, priors: readonly ClassPrior[], slack = 0.2, widthSlack = 0.1): boolean {
  if (n < 2) return true;
  const t = lShapeYaw(xy, n);
  const [a0, a1] = extentAlong(xy, n, Math.cos(t), Math.sin(t));
  const [b0, b1] = extentAlong(xy, n, -Math.sin(t), Math.cos(t));
  const e1 = a1 - a0;
  const e2 = b1 - b0;
  return priors.some(({ size: [L, W] }) => {
    const l = L * (1 + slack) + 0.1;
    const w = W * (1 + widthSlack) + 0.1;
    return (e1 <= l && e2 <= w) || (e1 <= w && e2 <= l);
  });
}

/**
 * How badly a prior explains a visible extent (0 = exactly): a visible extent larger than the
 * size costs much (the object cannot be smaller than what was seen), a smaller one little (the
 * far sides are hidden), a height unlike the class's in between.
 */
function priorCost(extL: number, extW: number, height: number | null, prior: ClassPrior, shortWeightL = 1, shortWeightW = 1): number {
  const [L, W, H] = prior.size;
  const over = Math.max(0, extL - L) / L + Math.max(0, extW - W) / W;
  const shortL = (L - Math.min(extL, L)) / L;
  const shortW = (W - Math.min(extW, W)) / W;
  const under = shortL * shortWeightL + shortW * shortWeightW;
  const tall = height !== null && height > 0 ? Math.abs(Math.log(height / H)) : 0;
  return 4 * over + 0.5 * under + 2 * tall;
}

/**
 * A face in view shows the object's whole extent along it, so falling short of the class there
 * counts this many times what it does along a hidden one: the 2.8 m rear of a semi-trailer seen
 * from behind is its width a little over the class's, not 2.8 m of an 8 m side seen side-on.
 */
const UNDER_IN_VIEW = 2;
/** …and a face in view with both its ends really there shows the extent itself: as much as excess. */
const UNDER_SEEN_WHOLE = 4;

/**
 * Whether the sensor sees the face that runs along `axis` (it stands off the object across it,
 * at more than a graze): that face then shows the object's whole extent along `axis`.
 */
function faceInView(axis: { lo: number; hi: number; sensorAt: number }, across: { lo: number; hi: number; sensorAt: number }): boolean {
  const off = across.sensorAt < across.lo ? across.lo - across.sensorAt : across.sensorAt - across.hi;
  const along = Math.abs((axis.lo + axis.hi) / 2 - axis.sensorAt);
  return off > 0 && Math.atan2(off, along) >= GRAZING;
}

/** Points this near a face's line are on it. */
const FACE_BAND = 0.2;
/** A face with fewer points on it is too sparse to say it was seen whole. */
const DENSE_FACE_POINTS = 20;
/** …and with a gap along it wider than this, its points may stop short of its end. */
const DENSE_FACE_GAP = 0.25;
/**
 * The face's points reach this near each end of the object's extent along it: its corners are
 * rounded, and mirrors stand 0.15–0.25 m beyond the body at its ends (the object's extent runs to them).
 */
const DENSE_FACE_END = 0.35;
/** Under this angle to the line of sight a face is edge-on, however many points it shows. */
const EDGE_ON = (2 * Math.PI) / 180;
/**
 * A face shorter than this is no face to end on: the few centimetres a side seen edge-on spans
 * across it would pass as a face densely seen from end to end (a bus's side cut short by a car in
 * front, its cut taken for the bus's rear).
 */
const DENSE_FACE_MIN_SPAN = 1;

interface AxisSpan {
  readonly c: number;
  readonly s: number;
  readonly lo: number;
  readonly hi: number;
  readonly sensorAt: number;
}

/**
 * Whether the face running along `axis`, on the sensor's side across it, was sampled densely end
 * to end: at least DENSE_FACE_MIN_SPAN long, enough points on it, no gap along it over
 * DENSE_FACE_GAP, and not edge-on. A scan that
 * sampled it so closely would have shown more of it had it gone on, whatever its slant.
 */
export function denseFace(xy: Float64Array, n: number, axis: AxisSpan, across: AxisSpan): boolean {
  const edge = across.sensorAt < across.lo ? across.lo : across.sensorAt > across.hi ? across.hi : null;
  if (edge === null || axis.hi - axis.lo < DENSE_FACE_MIN_SPAN) return false;
  const off = Math.abs(edge - across.sensorAt);
  const along = Math.abs((axis.lo + axis.hi) / 2 - axis.sensorAt);
  if (Math.atan2(off, along) < EDGE_ON) return false;
  const on: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (Math.abs(across.c * x + across.s * y - edge) <= FACE_BAND) on.push(axis.c * x + axis.s * y);
  }
  if (on.length < DENSE_FACE_POINTS) return false;
  on.sort((p, q) => p - q);
  if (on[0] - axis.lo > DENSE_FACE_END || axis.hi - on[on.length - 1] > DENSE_FACE_END) return false;
  for (let k = 1; k < on.length; k++) if (on[k] - on[k - 1] > DENSE_FACE_GAP) return false;
  return true;
}

/**
 * The points this near an end facing the sensor along the axis are its face (a car's rear: the
 * bumper and the boot lid or hatch above it)…
 */
const END_FACE_BAND = 0.3;
/**
 * …when they span this much across the axis; the end of a side seen at a slant spans a mirror's
 * width at most. A rounded rear shows less than its width so near its extreme point: 0.92 of
 * KITTI 000008's car 1's 1.50 m.
 */
const END_FACE_SPAN = 0.6;

/**
 * The corners of the face at `edge` along `axis`: of the points within END_FACE_BAND of it, those
 * farthest either way along `across`, as indices into `xy`; null when they span less than
 * END_FACE_SPAN. An end facing the sensor is really there when nothing hides what lies past
 * either corner: judged at its one extreme point, the rear of a car seen face-on beside the car
 * parked nearer (KITTI 000008's car 1) was taken for hidden, that car standing just past the
 * corner where the bumper's extreme point lay.
 */
function cornersOfFace(xy: Float64Array, n: number, axis: AxisSpan, edge: number, across: AxisSpan): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  let iLo = -1;
  let iHi = -1;
  for (let i = 0; i < n; i++) {
    if (Math.abs(axis.c * xy[2 * i] + axis.s * xy[2 * i + 1] - edge) > END_FACE_BAND) continue;
    const v = across.c * xy[2 * i] + across.s * xy[2 * i + 1];
    if (v < lo) [lo, iLo] = [v, i];
    if (v > hi) [hi, iHi] = [v, i];
  }
  return hi - lo >= END_FACE_SPAN ? [iLo, iHi] : null;
}

/**
 * Whether the object really ends at the seen point (x, y): true when nothing nearer the sensor
 * hides what lies just beyond it, so the object would have been seen there had it gone on.
 */
export type EndIsSeen = ((x: number, y: number) => boolean) & {
  /**
   * How far (up to `limit`) the object could go on from (x, y) along the unit direction (ux, uy)
   * and stay hidden behind what stands nearer the sensor: beyond that it would have been seen.
   */
  readonly roomBeyond?: (x: number, y: number, ux: number, uy: number, limit: number) => number;
  /**
   * Whether the scan did not look just beyond (x, y): it stands at the edge of a scan cropped to
   * a camera's view, past which the object may go on unseen.
   */
  readonly pastScanEdge?: (x: number, y: number) => boolean;
};

/** What the scan shows of an object beyond its footprint's points, each optional. */
export interface SeenDetail {
  /** Whether an end is really there (nothing nearer hides what lies beyond it). */
  readonly endIsSeen?: EndIsSeen;
  /** A two-wheeler's points below its rider (x, y pairs), for its heading (thinHeading). */
  readonly wheels?: Float64Array;
  /** A person's points between hips and shoulders (x, y pairs), for theirs (torsoHeading). */
  readonly torso?: Float64Array;
  /**
   * The points were all seen above the object's body line (a car's roof over the one in front of
   * it): their ends are the roof's, and the rest of the object lies either side of them.
   */
  readonly upperOnly?: boolean;
  /**
   * The points on the object's sides (x, y pairs), for a wide object's heading, where its top was
   * seen from above. A scan ring crossing a roof runs at one range from the sensor, an arc across
   * the line of sight whatever the heading, and the L-shape search hugs it as if it were a face.
   */
  readonly sides?: Float64Array;
  /** Each point's height band, for a wide object's heading (lShapeYaw): each band has its own outline. */
  readonly slices?: Int32Array;
}

/** A face seen at less than this angle to the line of sight shows too few points to end on. */
const GRAZING = (10 * Math.PI) / 180;
/** Under this share of the class size, a seen extent is a part of the object, not all of it. */
const MIN_SEEN_SHARE = 0.6;
/** A seen extent under this share of the class size is a face seen edge-on, not one with ends. */
const MIN_FACE_SHARE = 0.25;
/** Labelled boxes hold the surface points with this much to spare, all round. */
const SURFACE_MARGIN = 0.05;

/**
 * The whole object's footprint from the visible points' footprint (`xy`, n points): heading by
 * lShapeYaw; which axis is the length, and (without a chosen class) which class, from the prior
 * that best explains the visible extent; each axis grown to the class size away from the sensor
 * (the visible face nearest the sensor stays where it was seen). A visible extent larger than the
 * class size is kept. `height` is the visible height above the ground (null: not used to choose).
 *
 * With `endIsSeen`, an extent seen whole is the object's own size, smaller than the class's or
 * not: along an axis whose side face the sensor sees (not at a graze), with both ends seen as
 * real ends (nothing nearer hides what lies beyond them), and at least MIN_SEEN_SHARE of the class
 * size. A small car is then boxed at its size, not the class's.
 *
 * `seen` says more of how the points were seen (SeenDetail).
 */
export function amodalBox(
  xy: Float64Array,
  n: number,
  sensor: readonly [number, number],
  priors: readonly ClassPrior[],
  height: number | null,
  seen: SeenDetail = {},
): AmodalBox {
  if (n < 1 || priors.length === 0) throw new Error('amodalBox needs at least one point and one class');
  const { endIsSeen, wheels, torso, upperOnly = false, sides, slices } = seen;
  // A thin object (a bicycle, a motorbike) shows no L, and its rider's torso and legs stand out
  // from the frame: its heading is its points' principal axis. A wide one shows one or two faces,
  // which the L-shape search follows.
  let thinYaw: number | null = null;
  let wideYaw: number | null = null;
  const headingFor = (prior: ClassPrior): number =>
    isThin(prior) ? (thinYaw ??= thinHeading(xy, n, prior.size[2] >= RIDDEN_HEIGHT ? wheels : undefined)) : (wideYaw ??= sides ? lShapeYaw(sides, sides.length / 2) : lShapeYaw(xy, n, undefined, slices));
  const axesFor = (theta: number) =>
    [theta, theta + Math.PI / 2].map((t) => {
      const c = Math.cos(t);
      const s = Math.sin(t);
      const [lo, hi, iLo, iHi] = extremesAlong(xy, n, c, s);
      return { yaw: t, c, s, lo, hi, iLo, iHi, sensorAt: c * sensor[0] + s * sensor[1] };
    });
  type Axes = ReturnType<typeof axesFor>;
  // A face is in view when the sensor sees it at more than a graze, or sees it densely sampled
  // end to end at a slant (a car side at 9° from 7 m holds hundreds of points).
  const inView = (axis: Axes[0], across: Axes[0]): boolean => faceInView(axis, across) || denseFace(xy, n, axis, across);
  // Whether the end of `axis` on its hi side (else its lo side) is really there: where it faces
  // the sensor and shows a face, seen past either corner of that face; else past its extreme point.
  const endSeen = (axis: Axes[0], across: Axes[0], hi: boolean, seen: EndIsSeen): boolean => {
    const at = hi ? axis.iHi : axis.iLo;
    const corners = (hi ? axis.sensorAt > axis.hi : axis.sensorAt < axis.lo) ? cornersOfFace(xy, n, axis, hi ? axis.hi : axis.lo, across) : null;
    return corners ? corners.some((i) => seen(xy[2 * i], xy[2 * i + 1])) : seen(xy[2 * at], xy[2 * at + 1]);
  };
  // An end is really there when nothing nearer hides what lies beyond it, or when it is the near
  // end and the face across it shows, densely sampled from side to side (the rear of a car seen
  // from behind ends its side; a side cut short by something in front shows no such face).
  const endsReal = (axis: Axes[0], across: Axes[0]) =>
    endIsSeen
      ? {
          lo: endSeen(axis, across, false, endIsSeen) || (axis.sensorAt < axis.lo && denseFace(xy, n, across, axis)),
          hi: endSeen(axis, across, true, endIsSeen) || (axis.sensorAt > axis.hi && denseFace(xy, n, across, axis)),
        }
      : null;
  const seenEnds = (axis: Axes[0], across: Axes[0]): boolean => {
    const ends = endsReal(axis, across);
    return !!ends && ends.lo && ends.hi;
  };
  // How much falling short of the class along `axis` counts: little where the face along it is
  // hidden, more where it is in view, as much as excess where it is in view end to end.
  const shortWeight = (axis: Axes[0], across: Axes[0]): number =>
    !inView(axis, across) ? 1 : seenEnds(axis, across) ? UNDER_SEEN_WHOLE : UNDER_IN_VIEW;
  let best: { cost: number; prior: ClassPrior; lengthAxis: number; axes: Axes | null } = { cost: Infinity, prior: priors[0], lengthAxis: 0, axes: null };
  for (const prior of priors) {
    const axes = axesFor(headingFor(prior));
    for (const lengthAxis of [0, 1]) {
      const a = axes[lengthAxis];
      const b = axes[1 - lengthAxis];
      const cost = priorCost(a.hi - a.lo, b.hi - b.lo, priors.length > 1 ? height : null, prior, shortWeight(a, b), shortWeight(b, a));
      if (cost < best.cost) best = { cost, prior, lengthAxis, axes };
    }
  }
  const axes = best.axes!;
  const lAxis = axes[best.lengthAxis];
  const wAxis = axes[1 - best.lengthAxis];
  // The side face running along `axis` is seen when the sensor stands off it across the other
  // axis (not at a graze, or at one but densely sampled), and seen whole when both ends are real.
  // An end at the edge of the scan may be where the scan stopped looking, not where the object
  // ends: the box goes on past it. Only here, where the box is laid, and not in choosing which
  // axis is the length: a car cut by the edge of the view shows no more of which way it runs
  // than one cut by something in front, and a face running up to the edge would pass for a
  // length cut short (a car's rear, seen whole, boxed as a side).
  const cut = endIsSeen?.pastScanEdge;
  const endsOf = (axis: Axes[0], across: Axes[0]) => {
    const ends = isThin(best.prior) ? null : endsReal(axis, across);
    return ends && cut ? { lo: ends.lo && !cut(xy[2 * axis.iLo], xy[2 * axis.iLo + 1]), hi: ends.hi && !cut(xy[2 * axis.iHi], xy[2 * axis.iHi + 1]) } : ends;
  };
  const place = (axis: Axes[0], size: number, across: Axes[0]): { mid: number; size: number } => {
    const seen = axis.hi - axis.lo;
    if (seen >= size) return { mid: (axis.lo + axis.hi) / 2, size: seen };
    if (upperOnly) {
      // A roof seen alone stands over the middle of its body, which goes on beyond both its ends
      // (seen or not: they are the roof's), no further than it stays hidden there.
      const missing = size - seen;
      const room = endIsSeen?.roomBeyond ?? ((_x: number, _y: number, _ux: number, _uy: number, limit: number) => limit);
      const growLo = Math.min(missing / 2, room(xy[2 * axis.iLo], xy[2 * axis.iLo + 1], -axis.c, -axis.s, missing));
      const growHi = Math.min(missing / 2, room(xy[2 * axis.iHi], xy[2 * axis.iHi + 1], axis.c, axis.s, missing));
      // What has no room either side goes away from the sensor, behind what was seen.
      const left = missing - growLo - growHi;
      const farIsHi = axis.sensorAt <= (axis.lo + axis.hi) / 2;
      return { mid: (axis.lo - growLo - (farIsHi ? 0 : left) + axis.hi + growHi + (farIsHi ? left : 0)) / 2, size };
    }
    // Only a face running along the axis, seen, has its two ends where the object's are (a face
    // seen edge-on along it has no ends to speak of).
    const ends = inView(axis, across) && seen >= MIN_FACE_SHARE * size ? endsOf(axis, across) : null;
    if (ends?.lo && ends.hi && seen >= MIN_SEEN_SHARE * size) {
      return { mid: (axis.lo + axis.hi) / 2, size: Math.min(size, seen + 2 * SURFACE_MARGIN) };
    }
    // Grown away from the end that is really there: the one nearer the sensor unless something
    // in front cut the object short on that side and the other end is seen.
    const fromLo = { mid: axis.lo + size / 2, size };
    const fromHi = { mid: axis.hi - size / 2, size };
    if (ends && !ends.lo && !ends.hi && endIsSeen?.roomBeyond && (axis.sensorAt <= axis.lo || axis.sensorAt >= axis.hi)) {
      // Both ends hidden: the object goes on behind what hides each, no further than it stays
      // hidden there (past that it would have been seen). The far side first, as below, then
      // what it has no room for on the near side.
      const missing = size - seen;
      const room = endIsSeen.roomBeyond;
      const roomLo = room(xy[2 * axis.iLo], xy[2 * axis.iLo + 1], -axis.c, -axis.s, missing);
      const roomHi = room(xy[2 * axis.iHi], xy[2 * axis.iHi + 1], axis.c, axis.s, missing);
      const farIsHi = axis.sensorAt <= axis.lo;
      const far = Math.min(missing, farIsHi ? roomHi : roomLo);
      const nearSide = Math.min(missing - far, farIsHi ? roomLo : roomHi);
      const rest = missing - far - nearSide;
      const growHi = farIsHi ? far + rest : nearSide;
      const growLo = farIsHi ? nearSide : far + rest;
      return { mid: (axis.lo - growLo + axis.hi + growHi) / 2, size };
    }
    const flip = ends && ends.lo !== ends.hi;
    if (axis.sensorAt <= axis.lo) return flip && !ends.lo ? fromHi : fromLo;
    if (axis.sensorAt >= axis.hi) return flip && !ends.hi ? fromLo : fromHi;
    return { mid: (axis.lo + axis.hi) / 2, size };
  };
  if (best.prior.size[0] <= SMALL && best.prior.size[1] <= SMALL) {
    return smallObject(xy, n, sensor, (torso && torsoHeading(torso)) ?? lAxis.yaw, best.prior, best.cost);
  }
  const isBicycle = isThin(best.prior) && !(best.prior.size[2] >= RIDDEN_HEIGHT && best.prior.size[0] >= MOTORBIKE_LENGTH);
  // Seen from behind or ahead, a bicycle's wheels are a tyre's width: what shows is its rider,
  // who sits about its middle. Laid from the rider's back, the box would end a wheel short.
  const l =
    isBicycle && lAxis.hi - lAxis.lo < RIDER_ONLY * best.prior.size[0]
      ? { mid: medianAlong(xy, n, lAxis.c, lAxis.s), size: best.prior.size[0] }
      : place(lAxis, best.prior.size[0], wAxis);
  // A bicycle's frame and wheels, a few centimetres wide, run down its middle with the rider's
  // legs: it is centred across on the median of its points, not laid from the side seen (a
  // motorbike's body is wide enough to be laid like a car's).
  const w = isBicycle ? { mid: medianAlong(xy, n, wAxis.c, wAxis.s), size: Math.max(best.prior.size[1], wAxis.hi - wAxis.lo) } : place(wAxis, best.prior.size[1], lAxis);
  return {
    cx: lAxis.c * l.mid + wAxis.c * w.mid,
    cy: lAxis.s * l.mid + wAxis.s * w.mid,
    length: l.size,
    width: w.size,
    yaw: lAxis.yaw > Math.PI / 2 ? lAxis.yaw - Math.PI : lAxis.yaw,
    classId: best.prior.classId,
    score: Math.exp(-best.cost),
  };
}

/** A thin class this tall is ridden (a bicycle, a motorbike); a lower one (a barrier) has no rider. */
const RIDDEN_HEIGHT = 1.2;
/** Wheels seen along less than this (a bicycle from behind: a tyre and the legs beside it) give no heading. */
const MIN_WHEELBASE_SEEN = 0.8;

/**
 * A two-wheeler's heading: the principal axis of its wheels and frame (`wheels`, the points below
 * its rider's knees), which run along it, when they are seen over MIN_WHEELBASE_SEEN; else of all
 * its points. The rider's torso and arms stand across the heading and turn the axis of all the
 * points by tens of degrees on a bicycle seen at a slant.
 */
function thinHeading(xy: Float64Array, n: number, wheels?: Float64Array): number {
  const m = wheels ? wheels.length / 2 : 0;
  if (m >= 3) {
    const yaw = principalYaw(wheels!, m);
    const [lo, hi] = extentAlong(wheels!, m, Math.cos(yaw), Math.sin(yaw));
    if (hi - lo >= MIN_WHEELBASE_SEEN) return yaw;
  }
  return principalYaw(xy, n);
}

/** A bicycle seen along less than this share of its length shows only its rider. */
const RIDER_ONLY = 0.4;
/**
 * A ridden two-wheeler this long or longer is a motorbike, whose body is laid from the side seen;
 * shorter ones (bicycles, scooters) and thin objects that are not ridden (barriers) are centred on
 * their frame. By length, not width: the published class means part clearly by length (bicycles
 * 1.68 m in nuScenes, 1.76 m in KITTI, 1.8 m in the default ontology; motorbikes 2.10 m in
 * nuScenes, 2.2 m in the ontology) but not by width (nuScenes' motorbikes are 0.76 m wide, the
 * ontology's bicycles 0.7 m): under the former rule, narrower than 0.8 m, a motorbike at
 * nuScenes' size was centred like a bicycle.
 */
const MOTORBIKE_LENGTH = 1.95;
const isThin = (p: ClassPrior) => p.size[1] <= SMALL && p.size[0] > SMALL;

/** A person's torso seen in fewer points than this gives no heading. */
const MIN_TORSO_POINTS = 6;
/**
 * The L-shape closeness floor on a torso: the scan's range noise (about 2 cm). The 5 cm a car's
 * body needs would hold most points of a 0.25 m-deep chest on an edge at any angle (generated
 * people's heading error 5.0° mean at 5 cm, 3.8° at 2 cm, seeds 1–40).
 */
const TORSO_CLOSENESS_FLOOR = 0.02;
/** A seen torso face this wide or wider is the shoulders (a chest is 0.2–0.3 m deep, shoulders 0.4–0.5 m across). */
const SHOULDERS_SEEN = 0.33;

/**
 * A person's heading from the faces of their torso (`torso`, x, y pairs): the edges its points
 * hug (lShapeYaw), which legs, a head and swinging arms do not show, and the heading across the
 * shoulders, the torso's wide face; a face narrower than a shoulder width is the torso's side,
 * and the heading runs along it. A person's box is near square, so the faces' direction decides
 * how it overlaps the labelled one (turned 45° a square keeps 0.71 of its IoU at best); which of
 * the two is the heading matters where the class is longer than wide (KITTI's 0.8 × 0.6 m). Null
 * when too few torso points were seen.
 */
export function torsoHeading(torso: Float64Array): number | null {
  const m = torso.length / 2;
  if (m < MIN_TORSO_POINTS) return null;
  const t = lShapeYaw(torso, m, TORSO_CLOSENESS_FLOOR);
  const [a0, a1] = extentAlong(torso, m, Math.cos(t), Math.sin(t));
  const [b0, b1] = extentAlong(torso, m, -Math.sin(t), Math.cos(t));
  const [wide, narrow] = a1 - a0 >= b1 - b0 ? [t, t + Math.PI / 2] : [t + Math.PI / 2, t];
  return Math.max(a1 - a0, b1 - b0) >= SHOULDERS_SEEN ? narrow : wide;
}

/** Footprint sides under this (pedestrians, cones): the box is centred on the body, not laid from a face. */
const SMALL = 1;
/** How far a body's centre lies behind the front of its torso. */
const BODY_DEPTH = 0.12;

/**
 * A person is no box: the scan shows the front of a torso and legs, and the labelled box is
 * centred on the body with room for the stride. Centre across the line of sight at the middle of
 * what was seen, along it half a body behind the nearest point; size the class's.
 */
function smallObject(xy: Float64Array, n: number, sensor: readonly [number, number], yaw: number, prior: ClassPrior, cost: number): AmodalBox {
  const [mx, my] = centroid(xy, n);
  const ux0 = mx - sensor[0];
  const uy0 = my - sensor[1];
  const r = Math.hypot(ux0, uy0) || 1;
  const ux = ux0 / r;
  const uy = uy0 / r;
  const depth = new Float64Array(n);
  for (let i = 0; i < n; i++) depth[i] = ux * xy[2 * i] + uy * xy[2 * i + 1];
  depth.sort();
  const [a, b] = extentAlong(xy, n, -uy, ux);
  // The median seen point is on the front of the torso (legs and arms stray either way).
  const along = depth[n >> 1] + BODY_DEPTH;
  const across = (a + b) / 2;
  return {
    cx: ux * along - uy * across,
    cy: uy * along + ux * across,
    length: prior.size[0],
    width: prior.size[1],
    yaw: yaw > Math.PI / 2 ? yaw - Math.PI : yaw,
    classId: prior.classId,
    score: Math.exp(-cost),
  };
}
