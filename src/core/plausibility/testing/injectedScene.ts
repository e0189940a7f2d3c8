import type { CameraRig } from '../../annotations/box2d/project';
import type { Box2dAnnotation } from '../../annotations/box2d/schema';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import type { PinholeModel } from '../../camera/cameraModel';
import { projectCuboidBox } from '../../camera/projectCuboidBox';
import { IDENTITY_TRANSFORM, transformFromMat3x4 } from '../../camera/rigidTransform';
import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, rotateVec3 } from '../../geometry/quaternion';
import { seededRandom } from '../../random/seededRandom';
import type { CheckCloud, CheckFrame, CheckInput, Finding } from '../types';

/**
 * Generated scenes with known label errors, to measure the rules that compare labels with the
 * sensors (box2d-projection, point-time) by precision and recall. A static sensor at the origin
 * (x forward, z up), a front camera, cars driving straight at 0–30 m/s, frames at 10 Hz.
 */

const FRAME_PERIOD = 0.1;
/** The sweep turns once per frame, from azimuth −π at the frame's timestamp to +π a period later. */
const SWEEP_SECONDS = 0.1;
const CAR: readonly [number, number, number] = [4.5, 1.9, 1.6];

export const INJECTED_CAMERA: PinholeModel = { kind: 'pinhole', fx: 1000, fy: 1000, cx: 959.5, cy: 539.5 };
/** The front camera: optical x right, y down, z forward, at the LiDAR's origin. */
export const INJECTED_RIG: CameraRig = {
  cameraId: 'cam_front',
  width: 1920,
  height: 1080,
  model: INJECTED_CAMERA,
  cameraFrom: (frame) => (frame === 'lidar' ? transformFromMat3x4([0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0]) : null),
};

export interface InjectedScene {
  readonly input: Omit<CheckInput, 'ontology' | 'settings'>;
  /** Object ids (of the records the rule reports) that carry an error. */
  readonly erroneous: ReadonlySet<string>;
  /** Object ids the rule could judge (the denominator's universe): every record of the kind it checks. */
  readonly judged: ReadonlySet<string>;
}

interface Mover {
  readonly trackId: string;
  readonly start: readonly [number, number];
  readonly heading: number;
  readonly speed: number;
}

function movers(rnd: () => number, objects: number): Mover[] {
  return Array.from({ length: objects }, (_, k) => {
    // Lanes ahead of the sensor and beside it, so the sweep sees them at every azimuth.
    const azimuth = -Math.PI + (2 * Math.PI * (k + rnd() * 0.5)) / objects;
    const range = 12 + rnd() * 30;
    const heading = rnd() < 0.5 ? azimuth + Math.PI / 2 : azimuth - Math.PI / 2;
    const speed = rnd() < 0.25 ? 0 : 30 * rnd();
    return { trackId: `track-${k}`, start: [range * Math.cos(azimuth), range * Math.sin(azimuth)], heading, speed };
  });
}

const at = (m: Mover, t: number): [number, number, number] => [m.start[0] + m.speed * t * Math.cos(m.heading), m.start[1] + m.speed * t * Math.sin(m.heading), CAR[2] / 2];

function record(m: Mover, frame: CheckFrame, center: readonly [number, number, number]): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: `${m.trackId}@${frame.index}`,
    trackId: m.trackId,
    sceneId: 'injected',
    frameId: frame.frameId,
    classId: 'car',
    ontologyVersion: 1,
    attributes: {},
    cuboid: { frame: 'lidar', center: [...center], size: [...CAR], rotation: quatFromYaw(m.heading) },
    author: 'generator',
    createdAt: 0,
    updatedAt: 0,
  };
}

const framesOf = (n: number): CheckFrame[] => Array.from({ length: n }, (_, i) => ({ frameId: `frame-${i}`, index: i, timestamp: i * FRAME_PERIOD }));

export interface TimeSceneOptions {
  readonly seed: number;
  readonly frames?: number;
  readonly objects?: number;
  /** Metres of misplacement above which a box counts as an error (the rule's tolerance). */
  readonly tolerance?: number;
}

/**
 * Point-time: a rotating LiDAR whose sweep starts at each frame's timestamp sees each car at the
 * moment the beam passes it, and the boxes are fitted to the points (as published datasets fit
 * them): each box sits where its car was at the median capture time of its points, v·Δt from where
 * it was at the frame's time. The error is that misplacement above the tolerance, known exactly.
 */
export function pointTimeScene(o: TimeSceneOptions): InjectedScene {
  const rnd = seededRandom(o.seed);
  const frames = framesOf(o.frames ?? 10);
  const cars = movers(rnd, o.objects ?? 24);
  const tolerance = o.tolerance ?? 0.5;
  const records: CuboidAnnotation[] = [];
  const erroneous = new Set<string>();
  const clouds = new Map<string, CheckCloud>();
  for (const frame of frames) {
    const xyz: number[] = [];
    const time: number[] = [];
    for (const m of cars) {
      const seen: number[] = [];
      for (let p = 0; p < 120; p++) {
        const local: [number, number, number] = [(rnd() - 0.5) * CAR[0], (rnd() - 0.5) * CAR[1], (rnd() - 0.5) * CAR[2]];
        const offset = rotateVec3(quatFromYaw(m.heading), local);
        const here = at(m, frame.timestamp);
        const azimuth = Math.atan2(here[1] + offset[1], here[0] + offset[0]);
        const dt = ((azimuth + Math.PI) / (2 * Math.PI)) * SWEEP_SECONDS;
        const then = at(m, frame.timestamp + dt);
        xyz.push(then[0] + offset[0], then[1] + offset[1], then[2] + offset[2], 0.5);
        time.push(frame.timestamp + dt);
        seen.push(dt);
      }
      seen.sort((a, b) => a - b);
      const median = (seen[59] + seen[60]) / 2;
      const fitted = at(m, frame.timestamp + median);
      // Fitting jitter of a careful annotator: a few centimetres.
      const jitter = () => (rnd() - 0.5) * 0.06;
      const r = record(m, frame, [fitted[0] + jitter(), fitted[1] + jitter(), fitted[2]]);
      records.push(r);
      if (m.speed * median > tolerance) erroneous.add(r.objectId);
    }
    clouds.set(frame.frameId, { points: Float32Array.from(xyz), stride: 4, frame: 'lidar', time: Float64Array.from(time) });
  }
  return {
    input: { frames, records, worldFrom: () => IDENTITY_TRANSFORM, cloud: (id) => clouds.get(id) ?? null },
    erroneous,
    judged: new Set(records.map((r) => r.objectId)),
  };
}

export interface ProjectionSceneOptions {
  readonly seed: number;
  readonly frames?: number;
  readonly objects?: number;
  /** Fraction of 2D boxes moved by 0.6–1.5 of their width (the error injected). */
  readonly shifted?: number;
  /** Fraction of 2D boxes linked to another car's track (the error injected). */
  readonly swapped?: number;
  /**
   * Fraction of correct 2D boxes drawn on the visible part only (an occluder hides 30–60 % of the
   * car's width): right, yet far from the amodal projection, so they cost precision.
   */
  readonly occluded?: number;
}

/**
 * Box2d-projection: exact 3D boxes at frame time; 2D boxes drawn on their projection with an
 * annotator's few pixels of jitter, some drawn on the visible part of an occluded car, and the
 * injected errors (boxes moved off their car, boxes linked to the wrong car).
 */
export function projectionScene(o: ProjectionSceneOptions): InjectedScene {
  const rnd = seededRandom(o.seed);
  const frames = framesOf(o.frames ?? 10);
  const cars = movers(rnd, o.objects ?? 24);
  const records: CuboidAnnotation[] = [];
  const boxes2d: Box2dAnnotation[] = [];
  const erroneous = new Set<string>();
  const cameraFrom = INJECTED_RIG.cameraFrom('lidar')!;
  for (const frame of frames) {
    const shown: { m: Mover; box: { x0: number; y0: number; x1: number; y1: number } }[] = [];
    for (const m of cars) {
      const r = record(m, frame, at(m, frame.timestamp));
      records.push(r);
      const box = projectCuboidBox(r.cuboid as Cuboid, cameraFrom, INJECTED_CAMERA, INJECTED_RIG.width, INJECTED_RIG.height);
      // Cars cut by the image border to a sliver are not drawn, as annotators skip them.
      if (box && box.x1 - box.x0 > 12 && box.y1 - box.y0 > 12) shown.push({ m, box });
    }
    for (const { m, box } of shown) {
      const w = box.x1 - box.x0;
      const h = box.y1 - box.y0;
      const px = () => (rnd() - 0.5) * 4;
      let drawn = { x0: box.x0 + px(), y0: box.y0 + px(), x1: box.x1 + px(), y1: box.y1 + px() };
      let linked = m.trackId;
      const objectId = `2d-${m.trackId}@${frame.index}`;
      const u = rnd();
      if (u < (o.shifted ?? 0)) {
        const angle = rnd() * 2 * Math.PI;
        const d = w * (0.6 + 0.9 * rnd());
        drawn = { x0: drawn.x0 + d * Math.cos(angle), x1: drawn.x1 + d * Math.cos(angle), y0: drawn.y0 + (d * Math.sin(angle) * h) / w, y1: drawn.y1 + (d * Math.sin(angle) * h) / w };
        erroneous.add(objectId);
      } else if (u < (o.shifted ?? 0) + (o.swapped ?? 0) && shown.length > 1) {
        const others = shown.filter((s) => s.m !== m);
        linked = others[Math.floor(rnd() * others.length)].m.trackId;
        erroneous.add(objectId);
      } else if (u < (o.shifted ?? 0) + (o.swapped ?? 0) + (o.occluded ?? 0)) {
        const hidden = w * (0.3 + 0.3 * rnd());
        drawn = rnd() < 0.5 ? { ...drawn, x0: drawn.x0 + hidden } : { ...drawn, x1: drawn.x1 - hidden };
      }
      boxes2d.push({
        kind: 'box2d',
        objectId,
        trackId: `2d-${m.trackId}`,
        sceneId: 'injected',
        frameId: frame.frameId,
        classId: 'car',
        ontologyVersion: 1,
        attributes: {},
        author: 'generator',
        createdAt: 0,
        updatedAt: 0,
        cameraId: INJECTED_RIG.cameraId,
        box: drawn,
        linkedTrackId: linked,
      });
    }
  }
  return { input: { frames, records, boxes2d, rigs: () => [INJECTED_RIG] }, erroneous, judged: new Set(boxes2d.map((b) => b.objectId)) };
}

export interface RuleQuality {
  readonly injected: number;
  readonly flagged: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
}

/** How a rule's findings match the errors: a finding hits when it names an erroneous record. */
export function ruleQuality(findings: readonly Finding[], rule: Finding['rule'], scene: InjectedScene): RuleQuality {
  const flagged = new Set(findings.filter((f) => f.rule === rule && scene.judged.has(f.objectId)).map((f) => f.objectId));
  const hits = [...flagged].filter((id) => scene.erroneous.has(id)).length;
  return {
    injected: scene.erroneous.size,
    flagged: flagged.size,
    truePositives: hits,
    precision: flagged.size ? hits / flagged.size : 1,
    recall: scene.erroneous.size ? hits / scene.erroneous.size : 1,
  };
}
