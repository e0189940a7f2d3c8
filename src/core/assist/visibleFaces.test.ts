import { describe, expect, it } from 'vitest';
import { bevIou } from '../geometry/bevIou';
import { amodalBox, denseFace, lShapeYaw, select } from './amodalBox';
import { halfTurn } from './minAreaRectangle';

const CAR = { classId: 'car', size: [4.5, 1.9, 1.6] as const };
const everywhereSeen = () => true;

/** Points every `step` m along the segments (x0, y0, x1, y1) in the object's frame, placed at (dx, dy) turned by yaw. */
function segments(list: number[][], yaw: number, dx: number, dy: number, step = 0.05): Float64Array {
  const out: number[] = [];
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  for (const [x0, y0, x1, y1] of list) {
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 0; k <= steps; k++) {
      const x = x0 + ((x1 - x0) * k) / steps;
      const y = y0 + ((y1 - y0) * k) / steps;
      out.push(dx + c * x - s * y, dy + s * x + c * y);
    }
  }
  return Float64Array.from(out);
}

/**
 * A 3.7 × 1.5 m car at (cx, cy), heading yaw, as a scan shows it: its rear (x = -1.85) and its
 * right side (y = -0.75), joined and ended by corners rounded 0.3 m, each swept by eight rings of
 * the sensor a centimetre apart. With `mirrors`, a door mirror stands 0.03–0.2 m off the side a
 * metre behind the front, hit by two rings only: about 1 % of the points, outside the body's
 * rectangle (a labelled box leaves it out).
 */
function carL(yaw: number, cx: number, cy: number, mirrors: boolean): Float64Array {
  const local: number[] = [];
  const corner = (ox: number, sx: number) => {
    for (let a = 0; a <= Math.PI / 2 + 1e-9; a += 0.1) local.push(ox + sx * 0.3 * Math.sin(a), -0.45 - 0.3 * Math.cos(a));
  };
  for (let r = 0; r < 8; r++) {
    const j = r * 0.01;
    for (let x = -1.55; x <= 1.55; x += 0.05) local.push(x + j, -0.75);
    for (let y = -0.45; y <= 0.75; y += 0.05) local.push(-1.85, y + j);
    corner(-1.55, -1);
    corner(1.55, 1);
  }
  if (mirrors) for (const x of [0.75, 0.78]) for (let y = -0.78; y >= -0.95; y -= 0.03) local.push(x, y);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const out = new Float64Array(local.length);
  for (let k = 0; k < local.length; k += 2) {
    out[k] = cx + c * local[k] - s * local[k + 1];
    out[k + 1] = cy + s * local[k] + c * local[k + 1];
  }
  return out;
}

const yawError = (found: number, truth: number) => Math.abs(halfTurn(2 * (found - truth)) / 2);

describe('lShapeYaw on a body with mirrors', () => {
  it('follows the body, not the rectangle a mirror stretches', () => {
    for (const yaw of [0.25, 1.2, -0.6]) {
      const xy = carL(yaw, 8 * Math.cos(yaw + 0.5), 8 * Math.sin(yaw + 0.5), true);
      expect(yawError(lShapeYaw(xy, xy.length / 2), yaw)).toBeLessThan((1 * Math.PI) / 180);
    }
  });
});

describe('denseFace', () => {
  // A side along x at y = 1 (in front of the sensor at the origin, across it), from x = 5 to 12:
  // seen at 5–11° to the line of sight, under the 10° a sparse scan needs.
  const axis = { c: 1, s: 0, lo: 5, hi: 12, sensorAt: 0 };
  const across = { c: 0, s: 1, lo: 1, hi: 2.5, sensorAt: 0 };
  const side = (step: number) => segments([[5, 1, 12, 1], [5, 1, 5, 2.5]], 0, 0, 0, step);

  it('takes a side sampled every few centimetres at a slant as seen end to end', () => {
    const xy = side(0.05);
    expect(denseFace(xy, xy.length / 2, axis, across)).toBe(true);
  });

  it('does not take a side sampled every 0.4 m, or one seen edge-on', () => {
    const sparse = side(0.4);
    expect(denseFace(sparse, sparse.length / 2, axis, across)).toBe(false);
    const xy = side(0.05);
    const edgeOn = { ...across, lo: 0.1, hi: 1.6 };
    const shifted = segments([[5, 0.1, 12, 0.1]], 0, 0, 0);
    expect(denseFace(shifted, shifted.length / 2, axis, edgeOn)).toBe(false);
    // The sensor beside the face (between its lines across): no face of this side is turned to it.
    expect(denseFace(xy, xy.length / 2, axis, { ...across, sensorAt: 1.5 })).toBe(false);
  });

  it('does not take the cut end of a side seen alone for a face across it', () => {
    // Eight rings along a side (y = 1, x 5–12), nothing across it: at the near end (x = 5) the
    // points within the band span the side's few millimetres, no face to end on.
    const rings = segments(Array.from({ length: 8 }, (_, r) => [5, 1 + r * 0.001, 12, 1 + r * 0.001]), 0, 0, 0);
    const alongY = { c: 0, s: 1, lo: 1, hi: 1.007, sensorAt: 0 };
    const alongX = { c: 1, s: 0, lo: 5, hi: 12, sensorAt: 0 };
    expect(denseFace(rings, rings.length / 2, alongY, alongX)).toBe(false);
  });

  it('does not take a side whose points stop short of the extent (a gap where something hid it)', () => {
    const xy = segments([[5, 1, 8, 1], [9, 1, 12, 1]], 0, 0, 0);
    expect(denseFace(xy, xy.length / 2, axis, across)).toBe(false);
  });
});

describe('amodalBox from the faces seen', () => {
  it('boxes a car at its seen length when its side, seen densely at a slant, ends where it ends', () => {
    // A 3.7 m car 9 m out, its heading 12° off the line of sight: its side is seen at a slant of
    // about 7° (under the 10° a sparse scan needs) but sampled every 5 cm. The class says 4.5 m.
    const bearing = 0.4;
    const yaw = bearing - (12 * Math.PI) / 180;
    const cx = 9 * Math.cos(bearing);
    const cy = 9 * Math.sin(bearing);
    const xy = carL(yaw, cx, cy, false);
    const truth = { cx, cy, length: 3.7, width: 1.5, yaw };
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: everywhereSeen });
    expect(Math.max(box.length, box.width)).toBeLessThan(3.9);
    expect(bevIou(box, truth)).toBeGreaterThan(0.85);
  });

  it('takes the near end as real when the face across it is in view, though something nearer stands beside it', () => {
    // Seen at a corner 30° off its heading; a post just in front of the rear corner makes that
    // end look hidden to the occlusion test, but the rear face itself is in full view.
    const bearing = 0.2;
    const yaw = bearing - Math.PI / 6;
    const cx = 12 * Math.cos(bearing);
    const cy = 12 * Math.sin(bearing);
    const xy = carL(yaw, cx, cy, false);
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    const rearCornerX = cx + c * -1.85 - s * -0.75;
    const rearCornerY = cy + s * -1.85 + c * -0.75;
    const postHides = (x: number, y: number) => Math.hypot(x - rearCornerX, y - rearCornerY) > 0.3;
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: postHides });
    expect(bevIou(box, { cx, cy, length: 3.7, width: 1.5, yaw })).toBeGreaterThan(0.85);
  });
});

describe('select', () => {
  it('gives the k-th smallest value, as a sort would, duplicates included', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (const n of [1, 2, 5, 50, 501]) {
      const values = Float64Array.from({ length: n }, () => Math.round(rnd() * 20) / 4);
      const sorted = Float64Array.from(values).sort();
      for (const k of [0, n >> 1, n - 1]) expect(select(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});
