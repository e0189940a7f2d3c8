import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AttributeValue } from '../annotations/recordFields';
import { quatFromYaw, quatNormalize, type Quat } from '../geometry/quaternion';
import { uuidFromName } from '../model/uuidFromName';
import { seededRandom } from '../random/seededRandom';
import type { LabelFrame, LabelSet } from './labelSet';

export interface GeneratedLabelOptions {
  readonly seed: number;
  readonly frames?: number;
  readonly tracks?: number;
  /** Only rotations about z (what KITTI and a yaw-only editor make); else any rotation, half of them. */
  readonly yawOnly?: boolean;
  /** The frame the cuboids are stated in. */
  readonly frame?: string;
  /** Give every frame a pose of `frame` in the world. */
  readonly poses?: boolean;
}

const NS = '4f0c4a0e-8a43-5b0e-9d7c-2b1c6f9d0a11';
const CLASSES = ['car', 'truck', 'pedestrian', 'cyclist', 'bus', 'other'];

/**
 * Seeded label sets for round-trip properties: yaws across ±2π (so wrap-around is exercised),
 * quaternions of either sign, tracks spanning frames with gaps, attributes of every type.
 */
export function generatedLabelSet(o: GeneratedLabelOptions): LabelSet {
  const rand = seededRandom(o.seed);
  const between = (a: number, b: number) => a + (b - a) * rand();
  const sceneId = uuidFromName(NS, `scene|${o.seed}`);
  const frameName = o.frame ?? 'velodyne';
  const frames: LabelFrame[] = Array.from({ length: o.frames ?? 4 }, (_, index) => ({
    frameId: uuidFromName(sceneId, `frame|${index}`),
    index,
    timestamp: index * 0.1,
    sourceId: String(index).padStart(6, '0'),
    ...(o.poses
      ? { worldFrom: { [frameName]: { translation: [between(-500, 500), between(-500, 500), between(-5, 5)] as const, rotation: randomQuat(rand, true) } } }
      : {}),
  }));
  const records: CuboidAnnotation[] = [];
  for (let t = 0; t < (o.tracks ?? 5); t++) {
    const trackId = uuidFromName(sceneId, `track|${t}`);
    const classId = CLASSES[Math.floor(rand() * CLASSES.length)];
    for (const frame of frames) {
      if (rand() < 0.25) continue;
      const attributes: Record<string, AttributeValue> = {};
      if (rand() < 0.7) attributes.occluded = Math.floor(rand() * 3);
      if (rand() < 0.5) attributes.parked = rand() < 0.5;
      if (rand() < 0.5) attributes.colour = ['red', 'blue', 'grey, dark'][Math.floor(rand() * 3)];
      records.push({
        kind: 'cuboid',
        objectId: uuidFromName(trackId, `object|${frame.index}`),
        trackId,
        sceneId,
        frameId: frame.frameId,
        classId,
        ontologyVersion: 1 + Math.floor(rand() * 3),
        attributes,
        author: rand() < 0.5 ? 'ann@example.com' : 'model:pointpillars',
        createdAt: 1_700_000_000_000 + Math.floor(rand() * 1e9),
        updatedAt: 1_700_000_000_000 + Math.floor(rand() * 1e9),
        cuboid: {
          frame: frameName,
          center: [between(5, 60), between(-20, 20), between(-2, 1)],
          size: [between(0.5, 12), between(0.5, 3), between(1, 4)],
          rotation: o.yawOnly || rand() < 0.5 ? signed(quatFromYaw(between(-2 * Math.PI, 2 * Math.PI)), rand) : randomQuat(rand, false),
        },
      });
    }
  }
  return { sceneId, sceneName: `generated ${o.seed}`, frames, records };
}

function signed(q: Quat, rand: () => number): Quat {
  return rand() < 0.5 ? q : [-q[0], -q[1], -q[2], -q[3]];
}

function randomQuat(rand: () => number, positiveW: boolean): Quat {
  const q = quatNormalize([rand() - 0.5, rand() - 0.5, rand() - 0.5, rand() - 0.5]);
  return positiveW && q[3] < 0 ? [-q[0], -q[1], -q[2], -q[3]] : q;
}
