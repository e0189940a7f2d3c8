import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import { quatFromYaw } from '../../geometry/quaternion';
import { seededRandom } from '../../random/seededRandom';
import { encodeCloudPcd } from '../../robotics/cloudPcd';
import type { SceneManifestInput } from '../../scene/manifest';

/**
 * Test support: a scene whose LiDAR sweeps carry per-point capture time, with boxes fitted to the
 * points as published datasets fit them. The sensor (z up, 1.8 m over the road) turns once per
 * frame, from azimuth −π at the frame's timestamp to +π a period later, and writes each point's
 * time as an offset into the sweep (the Ouster / Velodyne way), in binary PCD as Cairn's robotics
 * import writes a log's sweeps. Two cars drive along x: a fast one on the left, which the beam
 * passes about 75 ms into each sweep (its box, fitted where its points are, sits ~1.5 m from where
 * the car was at the frame's time), and a slow one on the right, passed early (a few centimetres).
 */

export const TIMED_SCENE_ID = '5e7a1b2c-3d4e-4f50-8a61-7b8c9d0e1f20';
export const TIMED_T0 = 1_700_000_000;
export const TIMED_FRAME_PERIOD = 0.1;
const SWEEP_SECONDS = 0.1;
const LIDAR_HEIGHT = 1.8;
const CAR: readonly [number, number, number] = [4.5, 1.9, 1.6];
const CAR_POINTS = 160;
const GROUND_POINTS = 4000;

interface Car {
  readonly trackId: string;
  readonly start: readonly [number, number];
  readonly speed: number;
}

/** The car the rule must flag (20 m/s, seen late) and the one it must pass (3 m/s, seen early). */
export const TIMED_CARS = {
  late: { trackId: 'f0000000-0000-4000-8000-00000000000f', start: [-4, 15], speed: 20 },
  early: { trackId: 'e0000000-0000-4000-8000-00000000000e', start: [10, -12], speed: 3 },
} as const satisfies Record<string, Car>;

const frameId = (i: number) => `00000000-0000-4000-a000-${(i + 1).toString(16).padStart(12, '0')}`;
const objectId = (car: Car, i: number) => `${car.trackId.slice(0, 24)}${(i + 1).toString(16).padStart(12, '0')}`;
/** Box centre (sensor frame) of a car at time t seconds after T0. */
const at = (car: Car, t: number): [number, number, number] => [car.start[0] + car.speed * t, car.start[1], CAR[2] / 2 - LIDAR_HEIGHT];
/** Seconds into the sweep at which the beam passes a point. */
const sweepOffset = (x: number, y: number) => ((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * SWEEP_SECONDS;

export interface TimedSweepScene {
  readonly manifest: SceneManifestInput;
  /** A keyframe per car per frame, fitted to the car's points. */
  readonly records: readonly CuboidAnnotation[];
  /** Each car's median capture time of its points, seconds after its frame's timestamp, per frame. */
  readonly seenAfter: { readonly late: readonly number[]; readonly early: readonly number[] };
  /** Each frame's sweep as PCD bytes, by its path in the manifest (scene.json's folder). */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** The scene: its manifest, its keyframes and one PCD a frame, in memory. */
export function timedSweepScene(frames = 3): TimedSweepScene {
  const rnd = seededRandom(11);
  const files = new Map<string, Uint8Array>();
  const records: CuboidAnnotation[] = [];
  const seenAfter = { late: [] as number[], early: [] as number[] };
  const manifestFrames: NonNullable<SceneManifestInput['frames']> = [];
  for (let i = 0; i < frames; i++) {
    const t = i * TIMED_FRAME_PERIOD;
    const positions: number[] = [];
    const intensity: number[] = [];
    const time: number[] = [];
    for (const [name, car] of Object.entries(TIMED_CARS) as ['late' | 'early', Car][]) {
      const offsets: number[] = [];
      for (let p = 0; p < CAR_POINTS; p++) {
        const local = [(rnd() - 0.5) * CAR[0], (rnd() - 0.5) * CAR[1], (rnd() - 0.5) * CAR[2]];
        const here = at(car, t);
        const dt = sweepOffset(here[0] + local[0], here[1] + local[1]);
        // Where the car was when the beam passed: a moving car is smeared along its way.
        const then = at(car, t + dt);
        positions.push(then[0] + local[0], then[1] + local[1], then[2] + local[2]);
        intensity.push(0.6);
        time.push(dt);
        offsets.push(dt);
      }
      offsets.sort((a, b) => a - b);
      const median = (offsets[CAR_POINTS / 2 - 1] + offsets[CAR_POINTS / 2]) / 2;
      seenAfter[name].push(median);
      records.push({
        kind: 'cuboid',
        objectId: objectId(car, i),
        trackId: car.trackId,
        sceneId: TIMED_SCENE_ID,
        frameId: frameId(i),
        classId: 'car',
        ontologyVersion: 1,
        attributes: { occlusion: 'none' },
        cuboid: { frame: 'lidar', center: at(car, t + median), size: [...CAR], rotation: quatFromYaw(0) },
        author: 'generator',
        createdAt: 1_700_000_000_000 + i,
        updatedAt: 1_700_000_000_000 + i,
      });
    }
    for (let p = 0; p < GROUND_POINTS; p++) {
      const r = 3 + rnd() * 37;
      const a = -Math.PI + rnd() * 2 * Math.PI;
      const [x, y] = [r * Math.cos(a), r * Math.sin(a)];
      positions.push(x, y, -LIDAR_HEIGHT + (rnd() - 0.5) * 0.04);
      intensity.push(0.2);
      time.push(sweepOffset(x, y));
    }
    const count = time.length;
    const file = `lidar/${String(i).padStart(6, '0')}.pcd`;
    files.set(
      file,
      encodeCloudPcd({
        count,
        positions: Float32Array.from(positions),
        intensity: Float32Array.from(intensity),
        time: Float64Array.from(time),
        timeField: 't',
        otherFields: [],
        droppedNonFinite: 0,
        droppedZero: 0,
      }),
    );
    manifestFrames.push({
      frameId: frameId(i),
      index: i,
      timestamp: TIMED_T0 + t,
      worldFromEgo: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] },
      pointClouds: { lidar: { path: file, encoding: 'pcd', pointCount: count, intensityRange: [0, 1] } },
      images: {},
    });
  }
  const manifest: SceneManifestInput = {
    format: 'cairn.scene',
    version: 1,
    sceneId: TIMED_SCENE_ID,
    name: 'Timed sweeps (generated)',
    description: 'A rotating LiDAR writing per-point time; a fast car seen late in each sweep, a slow one seen early.',
    sensors: [{ sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [0, 0, LIDAR_HEIGHT], rotation: [0, 0, 0, 1] } }],
    frames: manifestFrames,
  };
  return { manifest, records, seenAfter, files };
}
