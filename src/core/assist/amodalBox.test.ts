import { describe, expect, it } from 'vitest';
import { bevIou } from '../geometry/bevIou';
import { halfTurn } from './minAreaRectangle';
import { amodalBox, fitsSomePrior, lShapeYaw, principalYaw, torsoHeading } from './amodalBox';

const CAR = { classId: 'car', size: [4.5, 1.9, 1.6] as const };
const PEDESTRIAN = { classId: 'pedestrian', size: [0.7, 0.7, 1.75] as const };
const CYCLIST = { classId: 'cyclist', size: [1.8, 0.7, 1.7] as const };

/** Points every 5 cm along the given segments (x0, y0, x1, y1), turned by yaw about the origin and shifted. */
function segments(list: number[][], yaw = 0, dx = 0, dy = 0): Float64Array {
  const out: number[] = [];
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  for (const [x0, y0, x1, y1] of list) {
    const steps = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / 0.05));
    for (let k = 0; k <= steps; k++) {
      const x = x0 + ((x1 - x0) * k) / steps;
      const y = y0 + ((y1 - y0) * k) / steps;
      out.push(dx + c * x - s * y, dy + s * x + c * y);
    }
  }
  return Float64Array.from(out);
}

describe('lShapeYaw', () => {
  it('follows the faces of an L, not the spread of the points', () => {
    for (const yaw of [0, 0.3, 1.2, -0.7]) {
      // A long side 4 m and a short end 1 m: the points' principal axis is off the faces.
      const xy = segments([[0, 0, 4, 0], [0, 0, 0, 1]], yaw);
      const found = lShapeYaw(xy, xy.length / 2);
      expect(Math.abs(halfTurn(2 * (found - yaw)) / 2)).toBeLessThan(0.01); // equal modulo 90°
    }
  });

  it('gives the direction of a thin object through principalYaw', () => {
    const xy = segments([[-0.9, 0, 0.9, 0], [-0.2, -0.25, -0.2, 0.25]], 0.4);
    expect(principalYaw(xy, xy.length / 2)).toBeCloseTo(0.4, 2);
  });
});

/** The points `xy` with a deterministic range-like jitter of up to ±`amount` on each coordinate. */
function jitter(xy: Float64Array, amount: number, seed = 7): Float64Array {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return xy.map((v) => v + 2 * amount * next());
}

/** Heading difference modulo a half turn, radians. */
const headingOff = (a: number, b: number) => Math.abs(halfTurn(a - b));

describe('torsoHeading', () => {
  // A torso 0.24 m deep along the heading and 0.42 m across it, 15 m from the sensor at the origin.
  // Three scan rings over it, each with its own noise.
  const at = (yaw: number, faces: number[][]) => Float64Array.from([1, 2, 3].flatMap((ring) => [...jitter(segments(faces, yaw, 15, 0), 0.02, ring)]));
  const CHEST = [0.12, -0.21, 0.12, 0.21];
  const SIDE = [-0.12, -0.21, 0.12, -0.21];

  it('heads a person across the shoulders, whichever way the torso shows', () => {
    for (const yaw of [0, 0.4, -1.1, 2.5]) {
      // Chest and one side (an L), and the chest alone (walking towards the sensor or away).
      expect(headingOff(torsoHeading(at(yaw, [CHEST, SIDE]))!, yaw)).toBeLessThan(0.1);
      expect(headingOff(torsoHeading(at(yaw, [CHEST]))!, yaw)).toBeLessThan(0.1);
      // A side alone, narrower than shoulders: the heading runs along it.
      expect(headingOff(torsoHeading(at(yaw, [SIDE]))!, yaw)).toBeLessThan(0.1);
    }
  });

  it('gives no heading from a handful of points', () => {
    expect(torsoHeading(Float64Array.from([15, 0, 15.1, 0.1, 15.2, 0.2, 15, 0.3, 15.1, 0.4]))).toBeNull();
  });
});

describe('amodalBox', () => {
  it('completes a car seen at a corner away from the sensor', () => {
    // Truth: a 4.5 × 1.9 car centred at (10, 5), yaw 0.3. The sensor at the origin sees the
    // rear face and the side facing it.
    const yaw = 0.3;
    const truth = { cx: 10, cy: 5, length: 4.5, width: 1.9, yaw };
    const xy = segments([[-2.25, -0.95, 1.2, -0.95], [-2.25, -0.95, -2.25, 0.95]], yaw, 10, 5);
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5);
    expect(bevIou(box, truth)).toBeGreaterThan(0.97);
    expect(box.classId).toBe('car');
  });

  it('lays a car seen only from behind along the line of sight', () => {
    const truth = { cx: 20, cy: 0, length: 4.5, width: 1.9, yaw: 0 };
    const xy = segments([[-2.25, -0.9, -2.25, 0.9]], 0, 20, 0);
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5);
    expect(bevIou(box, truth)).toBeGreaterThan(0.9);
  });

  it('lays a truck seen from behind along the line of sight though its rear is wider than the class', () => {
    // A 2.8 m rear (a semi-trailer, wider than the truck class's 2.5 m) 40 m ahead: as 2.8 m of
    // an 8 m side it would be a side in full view showing a third of itself.
    const rear = segments([[0, -1.4, 0, 1.4]], 0, 40, 0);
    const box = amodalBox(rear, rear.length / 2, [0, 0], [{ classId: 'truck', size: [8, 2.5, 3.2] }], 3);
    expect(Math.abs(halfTurn(box.yaw))).toBeLessThan(0.05);
    expect(box.cx).toBeCloseTo(44, 1);
  });

  it('keeps a visible extent longer than the class size', () => {
    const xy = segments([[-3, -0.95, 3, -0.95], [-3, -0.95, -3, 0.95]], 0, 10, 5);
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5);
    expect(box.length).toBeCloseTo(6, 6);
  });

  it('centres a person on the body, half a torso behind what was seen', () => {
    // The front of a torso 0.42 m across at (8, 0), its centre 0.12 m farther.
    const xy = segments([[-0.12, -0.21, -0.12, 0.21]], 0, 8, 0);
    const box = amodalBox(xy, xy.length / 2, [0, 0], [PEDESTRIAN], 1.7);
    expect(box.cx).toBeCloseTo(8, 6);
    expect(box.cy).toBeCloseTo(0, 6);
    expect([box.length, box.width]).toEqual([0.7, 0.7]);
  });

  it('turns a person by their torso, not by legs apart in a stride', () => {
    // Heading 0.7 rad, 10 m out: chest and side of the torso, two legs 0.5 m apart along the
    // heading and 0.2 m across, a head; 2 cm of noise. All the points together show no L.
    const yaw = 0.7;
    const torso = jitter(segments([[0.12, -0.21, 0.12, 0.21], [-0.12, -0.21, 0.12, -0.21]], yaw, 10, 0), 0.02);
    const legs = jitter(segments([[0.2, 0.04, 0.3, 0.16], [-0.3, -0.16, -0.2, -0.04], [-0.05, -0.05, 0.05, 0.05]], yaw, 10, 0), 0.02, 11);
    const all = Float64Array.from([...torso, ...legs]);
    const square = { classId: 'pedestrian', size: [0.8, 0.8, 1.75] as const };
    const without = amodalBox(all, all.length / 2, [0, 0], [square], 1.75);
    const withTorso = amodalBox(all, all.length / 2, [0, 0], [square], 1.75, { torso });
    // Modulo a quarter turn: a square box is the same turned so.
    const quarterOff = (t: number) => Math.abs(halfTurn(2 * (t - yaw))) / 2;
    expect(quarterOff(without.yaw)).toBeGreaterThan(0.15);
    expect(headingOff(withTorso.yaw, yaw)).toBeLessThan(0.1);
  });

  it('centres a bicycle seen from behind on its rider, not a wheel short', () => {
    // A 1.8 m bicycle heading away at (12, 0): its rear tyre shows nothing, its rider's back
    // (0.4 m across, 0.2 m deep, 0.15 m behind the middle) all there is.
    const rider = segments([[-0.35, -0.2, -0.35, 0.2], [-0.35, -0.2, -0.15, -0.2], [-0.35, 0.2, -0.15, 0.2]], 0, 12, 0);
    const box = amodalBox(rider, rider.length / 2, [0, 0], [CYCLIST], 1.7);
    const truth = { cx: 12, cy: 0, length: 1.8, width: 0.7, yaw: 0 };
    expect(Math.abs(box.cx - 12)).toBeLessThan(0.35);
    expect(bevIou(box, truth)).toBeGreaterThan(0.6);
  });

  it('heads a bicycle along its wheels, not along its rider standing across them', () => {
    // A 1.7 m bicycle at yaw 0.5 rad, 12 m out: its frame and wheels along the heading; its rider's
    // torso (0.45 m across) and arms (to handlebars 0.3 m to one side) dense above them.
    const yaw = 0.5;
    const wheels = segments([[-0.85, 0, 0.85, 0]], yaw, 12, 4);
    const rider = segments([[-0.2, -0.22, -0.2, 0.22], [-0.15, -0.22, -0.15, 0.22], [-0.1, -0.22, -0.1, 0.22], [0.1, 0.3, 0.3, 0.3], [0.1, 0.28, 0.3, 0.28]], yaw, 12, 4);
    const all = Float64Array.from([...wheels, ...rider]);
    const offBy = (t: number) => Math.abs(halfTurn(t - yaw));
    expect(offBy(principalYaw(all, all.length / 2))).toBeGreaterThan(0.05);
    const box = amodalBox(all, all.length / 2, [0, 0], [CYCLIST], 1.7, { wheels });
    expect(offBy(box.yaw)).toBeLessThan(0.02);
    // Wheels seen along less than 0.8 m (from behind: a tyre) say nothing; all the points are used.
    const tyre = segments([[-0.85, 0, -0.6, 0]], yaw, 12, 4);
    expect(amodalBox(all, all.length / 2, [0, 0], [CYCLIST], 1.7, { wheels: tyre }).yaw).toBeCloseTo(halfTurn(principalYaw(all, all.length / 2)), 9);
  });

  it('lays a motorbike at nuScenes’ size (2.10 × 0.76 m) from the side seen, not centred like a bicycle', () => {
    // Side-on at (0, 10): the body's near side 0.2 m off its middle, the rider's legs and torso
    // 0.33 m off, nothing of the far side. The median of these points lies on the near side.
    const near = segments([[-1.05, -0.2, 1.05, -0.2], [-0.4, -0.33, 0.05, -0.33], [-0.3, -0.33, 0, -0.33]], 0, 0, 10);
    const truth = { cx: 0, cy: 10, length: 2.1, width: 0.76, yaw: 0 };
    const box = amodalBox(near, near.length / 2, [0, 0], [{ classId: 'motorcycle', size: [2.1, 0.76, 1.44] }], 1.4);
    expect(Math.abs(box.cy - 10)).toBeLessThan(0.1);
    expect(bevIou(box, truth)).toBeGreaterThan(0.75);
  });

  it('suggests the class whose size explains what was seen', () => {
    const car = segments([[-2.25, -0.95, 2.2, -0.95], [-2.25, -0.95, -2.25, 0.95]], 0, 10, 5);
    expect(amodalBox(car, car.length / 2, [0, 0], [PEDESTRIAN, CYCLIST, CAR], 1.5).classId).toBe('car');
    const person = segments([[-0.12, -0.21, -0.12, 0.21]], 0, 8, 0);
    expect(amodalBox(person, person.length / 2, [0, 0], [PEDESTRIAN, CYCLIST, CAR], 1.75).classId).toBe('pedestrian');
    const bike = segments([[-0.9, 0, 0.9, 0]], 1.2, 8, 0);
    expect(amodalBox(bike, bike.length / 2, [0, 0], [PEDESTRIAN, CYCLIST, CAR], 1.7).classId).toBe('cyclist');
  });

  it('tells two cars side by side, the far one seen over the near one’s roof, from one wide car', () => {
    // The near car's side, its roof's far edge, and the far car's roof 0.35 m beyond: 2.3 m deep.
    const pair = segments([[-2.25, 0, 2.25, 0], [-1, 1.8, 1, 1.8], [-1, 2.3, 1, 2.3]], 0, 20, 0);
    expect(fitsSomePrior(pair, pair.length / 2, [CAR])).toBe(false);
    // A wide car (2.1 m, a van) seen at a corner still fits.
    const van = segments([[-2.4, 0, 2.4, 0], [-2.4, 0, -2.4, 2.1]], 0, 20, 0);
    expect(fitsSomePrior(van, van.length / 2, [CAR])).toBe(true);
  });

  it('tells a cluster that outgrew every class', () => {
    const twoCars = segments([[-2.25, -0.95, -2.25, 3.2]], 0, 20, 0);
    expect(fitsSomePrior(twoCars, twoCars.length / 2, [CAR])).toBe(true); // a rear 4.2 m wide: a car side-on
    const wide = segments([[-2.25, -0.95, 2.25, -0.95], [-2.25, -0.95, -2.25, 3.2]], 0, 20, 0);
    expect(fitsSomePrior(wide, wide.length / 2, [CAR])).toBe(false);
    expect(fitsSomePrior(wide, wide.length / 2, [CAR, { classId: 'bus', size: [11, 2.6, 3.2] }])).toBe(false);
  });
});
