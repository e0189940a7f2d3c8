/**
 * The procedural street, in a "street frame": x along the road (the ego's direction of travel),
 * y to the left, z up, ground at z = 0. Everything is simple primitives so that one ray caster
 * can produce the LiDAR sweeps, the camera images and exact ground truth.
 *
 * Object placements are hand-chosen (so the sample always shows parked rows, oncoming traffic, a
 * crossing, a cyclist…); the seed varies the details (buildings, sizes, small yaw offsets).
 */
import { Rng } from './prng';
import type { Primitive, Material } from './raycast';
import {
  CLASS_COLOURS,
  FacadeMaterial,
  FlatMaterial,
  GroundMaterial,
  SidewalkMaterial,
  type ClassId,
  type Rgb,
  type RoadLayout,
} from './materials';
import { quatFromYaw, type Pose } from './geometry';

export const ROAD: RoadLayout = {
  halfWidth: 6,
  edgeLineY: 3.5,
  xStart: -30,
  xEnd: 95,
  crossing: [44, 48],
  crossStreets: [
    [-42, -30],
    [95, 107],
  ],
};

const SIDEWALK_WIDTH = 4;
const SIDEWALK_HEIGHT = 0.15;
/** Lane centres: the ego drives on the right (y < 0) in the +x direction. */
export const EGO_LANE_Y = -1.75;
const ONCOMING_LANE_Y = 1.75;
const PARKING_Y = 4.75;
export const EGO_SPEED = 10;

export interface Actor {
  /** Stable name; objectIds are derived from it so they survive layout edits elsewhere. */
  name: string;
  classId: ClassId;
  /** Cuboid size: length along the heading, width, height. */
  size: [number, number, number];
  x0: number;
  y0: number;
  yaw: number;
  vx: number;
  vy: number;
  /** Parts relative to the actor's own frame (origin on the ground below the cuboid centre). */
  parts: Primitive[];
}

export interface ActorPose {
  x: number;
  y: number;
  yaw: number;
}

export interface Street {
  statics: Primitive[];
  actors: Actor[];
  ground: Material;
}

export function actorPoseAt(a: Actor, t: number): ActorPose {
  return { x: a.x0 + a.vx * t, y: a.y0 + a.vy * t, yaw: a.yaw };
}

/** Places an actor's parts in the street frame. */
export function actorPrimitives(a: Actor, pose: ActorPose): Primitive[] {
  const c = Math.cos(pose.yaw);
  const s = Math.sin(pose.yaw);
  const place = (lx: number, ly: number): [number, number] => [pose.x + c * lx - s * ly, pose.y + s * lx + c * ly];
  return a.parts.map((p): Primitive => {
    const sh = p.shape;
    if (sh.kind === 'box') {
      const [x, y] = place(sh.center[0], sh.center[1]);
      return { material: p.material, shape: { ...sh, center: [x, y, sh.center[2]], yaw: sh.yaw + pose.yaw } };
    }
    if (sh.kind === 'cylinder') {
      const [x, y] = place(sh.x, sh.y);
      return { material: p.material, shape: { ...sh, x, y } };
    }
    const [x, y] = place(sh.center[0], sh.center[1]);
    return { material: p.material, shape: { ...sh, center: [x, y, sh.center[2]] } };
  });
}

export function primitivesAt(street: Street, t: number): Primitive[] {
  const out = [...street.statics];
  for (const a of street.actors) out.push(...actorPrimitives(a, actorPoseAt(a, t)));
  return out;
}

/** The ego drives straight down its lane; its origin is on the ground below the rear axle. */
export function streetFromEgoAt(t: number): Pose {
  return { translation: [EGO_SPEED * t, EGO_LANE_Y, 0], rotation: quatFromYaw(0) };
}

/**
 * Where the street lies in the world: deliberately not the identity, so that code consuming the
 * sample cannot get away with confusing world and ego coordinates.
 */
export const WORLD_FROM_STREET: Pose = {
  translation: [250, -80, 0],
  rotation: quatFromYaw((20 * Math.PI) / 180),
};

function box(center: [number, number, number], size: [number, number, number], material: Material, yaw = 0): Primitive {
  return { shape: { kind: 'box', center, size, yaw }, material };
}

function shade(c: Rgb, f: number): Rgb {
  return [Math.round(c[0] * f), Math.round(c[1] * f), Math.round(c[2] * f)];
}

const PLATE = new FlatMaterial([235, 235, 225], 0.95);

const TYRE = new FlatMaterial([34, 34, 36], 0.1);

/** Four tyres as dark boxes: they fill the gap under the body so a car does not look like it floats. */
function wheels(axleX: number, width: number, diameter: number): Primitive[] {
  const y = width / 2 - 0.13;
  return [-1, 1].flatMap((sx) => [-1, 1].map((sy) => box([sx * axleX, sy * y, diameter / 2], [diameter, 0.24, diameter], TYRE)));
}

function car(rng: Rng, name: string, x0: number, y0: number, yaw: number, speed: number): Actor {
  const l = rng.uniform(4.2, 4.8);
  const w = rng.uniform(1.75, 1.9);
  const h = rng.uniform(1.45, 1.6);
  const paint = new FlatMaterial(CLASS_COLOURS.car, 0.45);
  const glass = new FlatMaterial(shade(CLASS_COLOURS.car, 0.72), 0.12);
  const beltline = h * 0.64;
  const bodyLen = l - 0.04;
  const cabinLen = l * rng.uniform(0.48, 0.56);
  const parts: Primitive[] = [
    box([0, 0, (0.25 + beltline) / 2], [bodyLen, w, beltline - 0.25], paint),
    box([-l * 0.06, 0, (beltline + h) / 2], [cabinLen, w - 0.16, h - beltline], glass),
    // Licence plates: small, very reflective patches, as on real cars.
    box([l / 2 - 0.01, 0, 0.45], [0.02, 0.52, 0.12], PLATE),
    box([-l / 2 + 0.01, 0, 0.45], [0.02, 0.52, 0.12], PLATE),
    ...wheels(l * 0.33, w, 0.64),
  ];
  return { name, classId: 'car', size: [l, w, h], x0, y0, yaw, vx: speed * Math.cos(yaw), vy: speed * Math.sin(yaw), parts };
}

function truck(name: string, x0: number, y0: number, yaw: number): Actor {
  const l = 8.0;
  const w = 2.5;
  const h = 3.4;
  const paint = new FlatMaterial(CLASS_COLOURS.truck, 0.5);
  const cab = new FlatMaterial(shade(CLASS_COLOURS.truck, 0.8), 0.45);
  const parts: Primitive[] = [
    box([-1.1, 0, 1.95], [5.8, w, 2.9], paint),
    box([3.0, 0, 1.65], [1.98, w - 0.1, 2.5], cab),
    box([0, 0, 0.45], [7.6, 1.2, 0.3], cab),
    ...wheels(2.6, w - 0.1, 0.9),
    box([-l / 2 + 0.01, 0, 0.7], [0.02, 0.52, 0.12], PLATE),
  ];
  return { name, classId: 'truck', size: [l, w, h], x0, y0, yaw, vx: 0, vy: 0, parts };
}

function pedestrian(rng: Rng, name: string, x0: number, y0: number, yaw: number, speed: number): Actor {
  const h = rng.uniform(1.6, 1.88);
  const r = rng.uniform(0.2, 0.25);
  const head = 0.115;
  const cloth = new FlatMaterial(CLASS_COLOURS.pedestrian, 0.3);
  const skin = new FlatMaterial(shade(CLASS_COLOURS.pedestrian, 0.75), 0.25);
  const parts: Primitive[] = [
    { shape: { kind: 'cylinder', x: 0, y: 0, radius: r, z0: 0, z1: h - 2 * head }, material: cloth },
    { shape: { kind: 'sphere', center: [0, 0, h - head], radius: head }, material: skin },
  ];
  const d = 2 * r + 0.12;
  return { name, classId: 'pedestrian', size: [d, d, h], x0, y0, yaw, vx: speed * Math.cos(yaw), vy: speed * Math.sin(yaw), parts };
}

function cyclist(name: string, x0: number, y0: number, yaw: number, speed: number): Actor {
  const frame = new FlatMaterial(CLASS_COLOURS.cyclist, 0.6);
  const rider = new FlatMaterial(shade(CLASS_COLOURS.cyclist, 0.85), 0.3);
  const parts: Primitive[] = [
    box([0, 0, 0.5], [1.7, 0.1, 0.9], frame),
    { shape: { kind: 'cylinder', x: -0.15, y: 0, radius: 0.2, z0: 0.95, z1: 1.56 }, material: rider },
    { shape: { kind: 'sphere', center: [-0.05, 0, 1.68], radius: 0.115 }, material: rider },
  ];
  return { name, classId: 'cyclist', size: [1.8, 0.6, 1.8], x0, y0, yaw, vx: speed * Math.cos(yaw), vy: speed * Math.sin(yaw), parts };
}

const WALLS: Rgb[] = [
  [198, 182, 150],
  [172, 176, 180],
  [150, 164, 176],
  [206, 196, 170],
  [182, 170, 160],
  [160, 172, 150],
  [214, 206, 190],
];

function buildingsAlongSide(rng: Rng, side: 1 | -1, out: Primitive[]): void {
  let x = ROAD.xStart;
  while (x < ROAD.xEnd - 3) {
    const width = Math.min(rng.uniform(8, 18), ROAD.xEnd - x);
    const floors = rng.int(2, 7);
    const height = floors * 3.2 + rng.uniform(0.3, 1.2);
    const depth = rng.uniform(10, 16);
    const setback = rng.uniform(0, 1.2);
    const face = ROAD.halfWidth + SIDEWALK_WIDTH + setback;
    const material = new FacadeMaterial({
      wall: rng.pick(WALLS),
      windowPitch: rng.uniform(2.4, 3.2),
      windowWidth: rng.uniform(1.0, 1.5),
      windowOffset: rng.uniform(0, 3),
    });
    out.push(box([x + width / 2, side * (face + depth / 2), height / 2], [width, depth, height], material));
    x += width;
    if (rng.next() < 0.25) x += rng.uniform(2, 4);
  }
}

/** A row of buildings closing the view across a cross street at either end. */
function endRow(rng: Rng, x0: number, x1: number, out: Primitive[]): void {
  let y = -50;
  while (y < 50) {
    const width = rng.uniform(14, 26);
    const height = rng.int(3, 7) * 3.2 + 0.8;
    const material = new FacadeMaterial({ wall: rng.pick(WALLS), windowPitch: 2.8, windowWidth: 1.3, windowOffset: rng.uniform(0, 3) });
    out.push(box([(x0 + x1) / 2, y + width / 2, height / 2], [x1 - x0, width, height], material));
    y += width;
  }
}

export function buildStreet(seed: number): Street {
  const layout = new Rng(seed, 'street.layout');
  const sizes = new Rng(seed, 'street.actors');
  const statics: Primitive[] = [];

  const sidewalk = new SidewalkMaterial();
  const len = ROAD.xEnd - ROAD.xStart;
  for (const side of [1, -1] as const) {
    statics.push(
      box([(ROAD.xStart + ROAD.xEnd) / 2, side * (ROAD.halfWidth + SIDEWALK_WIDTH / 2), SIDEWALK_HEIGHT / 2], [len, SIDEWALK_WIDTH, SIDEWALK_HEIGHT], sidewalk),
    );
    buildingsAlongSide(layout, side, statics);
  }
  endRow(layout, 107, 122, statics);
  endRow(layout, -57, -42, statics);

  const bark = new FlatMaterial([96, 70, 46], 0.25);
  const leaves = new FlatMaterial([62, 122, 52], 0.3);
  const steel = new FlatMaterial([118, 120, 128], 0.55);
  // Trees and street lights stand on the outer half of the sidewalk, clear of the parking lanes.
  const treeXs: [number, 1 | -1][] = [
    [-22, -1], [-6, 1], [2, -1], [16, 1], [21, -1], [40, -1], [35, 1], [60, 1], [64, -1], [80, -1], [84, 1],
  ];
  for (const [tx, side] of treeXs) {
    const x = tx + layout.uniform(-1, 1);
    const y = side * 7.3;
    const r = layout.uniform(1.5, 2.1);
    const trunkTop = layout.uniform(3.0, 3.6);
    statics.push({ shape: { kind: 'cylinder', x, y, radius: 0.17, z0: 0, z1: trunkTop }, material: bark });
    statics.push({ shape: { kind: 'sphere', center: [x, y, trunkTop + r * 0.7], radius: r }, material: leaves });
  }
  for (let i = 0; i < 9; i++) {
    const side = i % 2 === 0 ? -1 : 1;
    const x = -25 + i * 14;
    const y = side * 6.45;
    statics.push({ shape: { kind: 'cylinder', x, y, radius: 0.09, z0: 0, z1: 7.5 }, material: steel });
    statics.push(box([x, y - side * 0.9, 7.4], [0.25, 1.8, 0.14], steel));
  }

  const actors: Actor[] = [];
  const jitter = (): number => sizes.uniform(-0.04, 0.04);
  // Parked rows: right side faces +x, left side faces -x (parked with the traffic on that side).
  [7, 13.5, 24, 31.5, 51, 58.5, 72, 86].forEach((x, i) => {
    actors.push(car(sizes, `car.parked.right.${i}`, x, -PARKING_Y + sizes.uniform(-0.1, 0.1), jitter(), 0));
  });
  [-2.5, 9.5, 20.5, 38, 66, 78.5].forEach((x, i) => {
    actors.push(car(sizes, `car.parked.left.${i}`, x, PARKING_Y + sizes.uniform(-0.1, 0.1), Math.PI + jitter(), 0));
  });
  actors.push(truck('truck.parked.left', 53, PARKING_Y + 0.15, Math.PI));
  actors.push(car(sizes, 'car.lead', 21, EGO_LANE_Y, 0, 9));
  actors.push(car(sizes, 'car.following', -14, EGO_LANE_Y, 0, 11));
  actors.push(car(sizes, 'car.oncoming.0', 40, ONCOMING_LANE_Y, Math.PI, 9));
  actors.push(car(sizes, 'car.oncoming.1', 76, ONCOMING_LANE_Y, Math.PI, 8));
  actors.push(car(sizes, 'car.oncoming.2', -9, ONCOMING_LANE_Y, Math.PI, 10));

  actors.push(pedestrian(sizes, 'pedestrian.right.0', 11, -8.0, 0, 1.4));
  actors.push(pedestrian(sizes, 'pedestrian.right.1', 19.5, -8.4, Math.PI / 2, 0));
  actors.push(pedestrian(sizes, 'pedestrian.right.2', 34, -7.6, Math.PI, 1.2));
  actors.push(pedestrian(sizes, 'pedestrian.right.3', 34.8, -8.3, Math.PI, 1.2));
  actors.push(pedestrian(sizes, 'pedestrian.right.4', 62, -8.0, 0, 1.3));
  actors.push(pedestrian(sizes, 'pedestrian.left.0', 6, 8.2, Math.PI, 1.3));
  actors.push(pedestrian(sizes, 'pedestrian.left.1', 27, 8.6, -Math.PI / 2, 0));
  actors.push(pedestrian(sizes, 'pedestrian.left.2', 44, 8.0, 0, 1.5));
  actors.push(pedestrian(sizes, 'pedestrian.left.kerb', 4, 7.0, -Math.PI / 2, 0));
  actors.push(pedestrian(sizes, 'pedestrian.crossing', 46, -4.2, Math.PI / 2, 1.3));
  actors.push(cyclist('cyclist.0', 9, -3.2, 0, 5.5));

  return { statics, actors, ground: new GroundMaterial(ROAD) };
}
