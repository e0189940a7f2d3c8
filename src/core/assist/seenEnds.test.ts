import { describe, expect, it } from 'vitest';
import { bevIou } from '../geometry/bevIou';
import { yawOf } from '../geometry/quaternion';
import { amodalBox } from './amodalBox';
import { fitAmodalCluster } from './amodalFit';

const CAR = { classId: 'car', size: [4.5, 1.9, 1.6] as const };

/** Points every 5 cm along segments (x0, y0, x1, y1) in a box frame at (dx, dy), turned by yaw. */
function segments(list: number[][], yaw: number, dx: number, dy: number): Float64Array {
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

describe('amodalBox with the ends of what was seen', () => {
  // A small car, 3.6 × 1.6 m, at (10, 5), yaw -0.3: the sensor at the origin sees its rear and
  // the side facing it (at 40°), each whole.
  const yaw = -0.3;
  const small = { cx: 10, cy: 5, length: 3.6, width: 1.6, yaw };
  const xy = segments([[-1.8, -0.8, 1.8, -0.8], [-1.8, -0.8, -1.8, 0.8]], yaw, 10, 5);

  it('boxes a car seen whole, both ends in view, at its own size rather than the class size', () => {
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: () => true });
    expect(box.length).toBeCloseTo(3.7, 1); // what was seen, and 5 cm of surface each end
    expect(box.width).toBeCloseTo(1.7, 1);
    expect(bevIou(box, small)).toBeGreaterThan(0.85);
    // Without knowing the ends, the class size: a fifth too long and wide.
    expect(bevIou(amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5), small)).toBeLessThan(0.7);
  });

  it('keeps the class size when an end may be hidden', () => {
    const far = [10 + 1.8 * Math.cos(yaw) + 0.8 * Math.sin(yaw), 5 + 1.8 * Math.sin(yaw) - 0.8 * Math.cos(yaw)];
    const hidden = (x: number, y: number) => Math.hypot(x - far[0], y - far[1]) > 0.1; // the far end of the side
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: hidden });
    expect(box.length).toBeCloseTo(4.5, 6);
  });

  it('takes a rear seen face-on for the car’s end, though something nearer stands just past one of its corners', () => {
    // The small car's rear, sparsely sampled (a point every 15 cm: too few for a face seen end to
    // end), its bumper's corner away from the side standing 15 cm out, the extreme point of the
    // rear; the car parked nearer stands just past that corner (KITTI 000008's car 1). The rest
    // of the rear shows with nothing past it: the car ends there.
    const rear = segments([[-1.8, -0.8, -1.8, 0.4], [-1.8, 0.4, -1.95, 0.8]], yaw, 10, 5).filter((_, i) => (i >> 1) % 3 === 0);
    const side = segments([[-1.8, -0.8, 1.8, -0.8]], yaw, 10, 5);
    const seen = Float64Array.from([...rear, ...side]);
    const corner = [10 + Math.cos(yaw) * -1.95 - Math.sin(yaw) * 0.8, 5 + Math.sin(yaw) * -1.95 + Math.cos(yaw) * 0.8];
    const endIsSeen = (x: number, y: number) => Math.hypot(x - corner[0], y - corner[1]) > 0.15;
    const box = amodalBox(seen, seen.length / 2, [0, 0], [CAR], 1.5, { endIsSeen });
    // What was seen (1.8 + 1.95 m) and 5 cm of surface each end, not the class's 4.5 m.
    expect(box.length).toBeCloseTo(3.85, 1);
  });

  it('grows a car away from its far end when something in front hides its near end', () => {
    // A 4.5 m car seen end-on-ish from behind and the side: only the far 2.5 m of its side show,
    // the rear and the near 2 m are behind a van. The class length is laid back from the far end.
    const truth = { cx: 10, cy: 5, length: 4.5, width: 1.9, yaw };
    const part = segments([[-0.25, -0.95, 2.25, -0.95]], yaw, 10, 5);
    const nearEnd = [10 + Math.cos(yaw) * -0.25 + Math.sin(yaw) * 0.95, 5 + Math.sin(yaw) * -0.25 - Math.cos(yaw) * 0.95];
    const endIsSeen = (x: number, y: number) => Math.hypot(x - nearEnd[0], y - nearEnd[1]) > 0.1;
    const box = amodalBox(part, part.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: endIsSeen });
    expect(bevIou(box, truth)).toBeGreaterThan(0.8);
    // Taken as a real end, the near end would lay the car 2 m too far.
    expect(bevIou(amodalBox(part, part.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: () => true }), truth)).toBeLessThan(0.6);
  });
});

describe('which way the class length lies, with the ends of what was seen', () => {
  it('takes a rear seen end to end for a width, though the side seen beside it is as short', () => {
    // A 4.5 × 1.64 m car at (20, 5), yaw 0: its whole rear (1.64 m) and 1.75 m of its side show,
    // the rest of the side is behind something nearer. Seen as extents only, 1.64 × 1.75 m reads
    // as well one way as the other; the rear's two real ends say it is all there is of it.
    const xy = segments([[-2.25, -0.82, -2.25, 0.82], [-2.25, -0.82, -0.5, -0.82]], 0, 20, 5);
    const cut = [19.5, 5 - 0.82];
    const endIsSeen = (x: number, y: number) => Math.hypot(x - cut[0], y - cut[1]) > 0.1;
    const box = amodalBox(xy, xy.length / 2, [0, 0], [CAR], 1.5, { endIsSeen: endIsSeen });
    expect(Math.abs(Math.sin(box.yaw))).toBeLessThan(0.05);
    expect(bevIou(box, { cx: 20, cy: 5, length: 4.5, width: 1.64, yaw: 0 })).toBeGreaterThan(0.8);
  });
});

describe('fitAmodalCluster: which ends are really there', () => {
  /** A small car's side and rear as a scan would show them: rows at 0.5, 0.9, 1.3 m above ground at -1.7. */
  function scene(occluder: boolean) {
    const xy = segments([[-1.8, -0.8, 1.8, -0.8], [-1.8, -0.8, -1.8, 0.8]], -0.3, 10, 5);
    const pts: number[] = [];
    for (let i = 0; i < xy.length / 2; i++) for (const h of [0.5, 0.9, 1.3]) pts.push(xy[2 * i], xy[2 * i + 1], -1.7 + h);
    const members = Uint32Array.from({ length: pts.length / 3 }, (_, i) => i);
    if (occluder) {
      // A post 3 m nearer than the side's far end, on the line of sight just past it.
      const end = [10 + 1.8 * Math.cos(-0.3) + 0.8 * Math.sin(-0.3), 5 + 1.8 * Math.sin(-0.3) - 0.8 * Math.cos(-0.3)];
      const r = Math.hypot(end[0], end[1]);
      const a = Math.atan2(end[1], end[0]) + 0.004;
      for (let k = 0; k < 10; k++) pts.push(((r - 3) * Math.cos(a)), ((r - 3) * Math.sin(a)), -1.2 + 0.1 * k);
    }
    return { points: Float32Array.from(pts), members };
  }
  const ground = { x0: 0, y0: 0, z0: -1.7, slopeX: 0, slopeY: 0, inlierCells: 100 };

  it('sizes a car whose side ends in open view at what was seen', () => {
    const { points, members } = scene(false);
    const fit = fitAmodalCluster(points, members, ground, [CAR], 'lidar');
    expect(fit.cuboid.size[0]).toBeCloseTo(3.7, 1);
    expect(Math.abs(yawOf(fit.cuboid.rotation) + 0.3)).toBeLessThan(0.02);
  });

  it('keeps the class length when a post in front may hide the rest of the side', () => {
    const { points, members } = scene(true);
    const fit = fitAmodalCluster(points, members, ground, [CAR], 'lidar');
    expect(fit.cuboid.size[0]).toBeCloseTo(4.5, 1);
  });
});
