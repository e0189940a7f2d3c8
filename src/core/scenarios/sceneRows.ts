import type { RigidTransform } from '../camera/rigidTransform';
import { composeTransforms } from '../camera/rigidTransform';
import type { Cuboid } from '../geometry/cuboid';
import { yawOf } from '../geometry/quaternion';
import type { AnnotationRecord, CuboidAnnotation } from '../model/annotation';
import type { SceneManifest } from '../scene/manifest';
import { EGO, TransformTree } from '../scene/transformTree';
import type { FrameRow, ObjectRow, ObjectSource, Outcome } from './columns';
import { sceneMetadata } from './frameMetadata';

/** A box as the rows need it: in a named frame of the scene (ego, world or a sensor). */
export interface SceneBox {
  readonly objectId: string;
  readonly frameId: string;
  readonly trackId?: string | null;
  readonly classId: string;
  readonly cuboid: Cuboid & { readonly frame: string };
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

/** A prediction; without a cuboid where only an evaluation's verdict on it is known. */
export interface PredictionBox extends Omit<SceneBox, 'cuboid'> {
  readonly cuboid?: SceneBox['cuboid'];
  readonly score: number;
}

/**
 * An evaluation's verdict on one object (a prediction or a ground-truth box), kept by verdictKey:
 * a dataset's ground-truth objectId may name one object in every frame (a track).
 */
export interface ObjectVerdict {
  readonly outcome: Outcome;
  readonly iou?: number | null;
  readonly centreError?: number | null;
  readonly yawError?: number | null;
}

export interface SceneRowsInput {
  readonly manifest: SceneManifest;
  /** The workspace's cuboid annotations of the scene (stored keyframes). */
  readonly labels: readonly SceneBox[];
  readonly predictions?: readonly PredictionBox[];
  readonly verdicts?: ReadonlyMap<string, ObjectVerdict>;
  /** frame_key of the scene's first frame: keys run on over the scenes of a dataset. */
  readonly firstFrameKey: number;
}

export interface SceneRows {
  readonly frames: FrameRow[];
  readonly objects: ObjectRow[];
}

export const verdictKey = (frameId: string, objectId: string) => `${frameId}/${objectId}`;

const NO_GEOMETRY = { x: null, y: null, z: null, length: null, width: null, height: null, yaw: null, distance: null } as const;

/** One scene's rows of the scenario tables: boxes brought into the ego frame at their frame's time. */
export function sceneRows(input: SceneRowsInput): SceneRows {
  const { manifest, firstFrameKey } = input;
  const tree = new TransformTree(manifest);
  const frameOf = new Map(manifest.frames.map((f) => [f.frameId, f]));
  const verdicts = input.verdicts ?? new Map<string, ObjectVerdict>();
  const objects: ObjectRow[] = [];
  const counts = new Map<string, number>();
  const egoFrom = new Map<string, RigidTransform>();
  const add = (box: PredictionBox | SceneBox, source: ObjectSource, score: number | null) => {
    const frame = frameOf.get(box.frameId);
    if (!frame) return;
    const verdict = verdicts.get(verdictKey(box.frameId, box.objectId));
    const points = box.attributes?.num_lidar_pts;
    objects.push({
      frame_key: firstFrameKey + frame.index,
      scene_id: manifest.sceneId,
      frame_index: frame.index,
      object_id: box.objectId,
      track_id: box.trackId ?? null,
      class: box.classId,
      source,
      ...(box.cuboid ? egoGeometry(box.cuboid, frame) : NO_GEOMETRY),
      points: typeof points === 'number' && Number.isInteger(points) ? points : null,
      score,
      outcome: verdict?.outcome ?? null,
      iou: verdict?.iou ?? null,
      centre_error: verdict?.centreError ?? null,
      yaw_error: verdict?.yawError ?? null,
    });
    counts.set(frame.frameId, (counts.get(frame.frameId) ?? 0) + 1);
  };
  const egoGeometry = (cuboid: SceneBox['cuboid'], frame: SceneManifest['frames'][number]) => {
    const key = `${cuboid.frame}@${frame.frameId}`;
    let egoFromBox = egoFrom.get(key);
    if (!egoFromBox) {
      egoFromBox = tree.resolve(EGO, cuboid.frame, frame.timestamp);
      egoFrom.set(key, egoFromBox);
    }
    const pose = composeTransforms(egoFromBox, { translation: cuboid.center, rotation: cuboid.rotation });
    const [x, y, z] = pose.translation;
    const [length, width, height] = cuboid.size;
    return { x, y, z, length, width, height, yaw: yawOf(pose.rotation), distance: Math.hypot(x, y) };
  };
  for (const box of manifest.groundTruth) add(box, 'ground_truth', null);
  for (const box of input.labels) add(box, 'label', null);
  for (const box of input.predictions ?? []) add(box, 'prediction', box.score);

  const meta = sceneMetadata(manifest.description);
  const frames = manifest.frames.map<FrameRow>((frame) => ({
    frame_key: firstFrameKey + frame.index,
    scene_id: manifest.sceneId,
    scene: manifest.name,
    frame_id: frame.frameId,
    frame_index: frame.index,
    source_id: frame.sourceId ?? null,
    timestamp: frame.timestamp,
    ego_speed: egoSpeed(manifest.frames, frame.index),
    description: meta.description,
    location: meta.location,
    tags: meta.tags,
    objects: counts.get(frame.frameId) ?? 0,
  }));
  return { frames, objects };
}

/** Speed over the frames either side (one side at the ends); null with one frame or no time between them. */
export function egoSpeed(frames: SceneManifest['frames'], index: number): number | null {
  const a = frames[Math.max(0, index - 1)];
  const b = frames[Math.min(frames.length - 1, index + 1)];
  const dt = b.timestamp - a.timestamp;
  if (a === b || !(dt > 0)) return null;
  const [ax, ay, az] = a.worldFromEgo.translation;
  const [bx, by, bz] = b.worldFromEgo.translation;
  return Math.hypot(bx - ax, by - ay, bz - az) / dt;
}

/** A dataset's rows: its scenes' in order, frame keys running on from one scene to the next. */
export function datasetRows(scenes: readonly Omit<SceneRowsInput, 'firstFrameKey'>[]): SceneRows {
  const frames: FrameRow[] = [];
  const objects: ObjectRow[] = [];
  let next = 0;
  for (const scene of scenes) {
    const rows = sceneRows({ ...scene, firstFrameKey: next });
    frames.push(...rows.frames);
    for (const o of rows.objects) objects.push(o);
    next += scene.manifest.frames.length;
  }
  return { frames, objects };
}

/** The workspace's cuboid records as boxes: other kinds have no box to place. */
export function labelBoxes(records: readonly AnnotationRecord[]): SceneBox[] {
  return records.filter((r): r is CuboidAnnotation => r.kind === 'cuboid');
}
