import type { KittiObjectCalib, RigidTransform } from '../camera';
import { composeTransforms, inverseTransform } from '../camera';
import type { Cuboid } from '../geometry/cuboid';
import { KITTI_CLASS_MAP, kittiLabelToCuboid, parseKittiLabels, veloFromRect0 } from '../importers/kitti/kittiLabels';
import { DONT_CARE } from '../importers/kitti/kittiGroundTruth';
import { VELODYNE } from '../importers/kitti/kittiSensors';
import { quatFromWxyz } from '../importers/nuscenes/nuscenesGeometry';
import { classOfCategory } from '../labels/nuscenesCategories';
import { readOpenLabel } from '../labels/openlabelRead';

/**
 * One detection of a model, in the scene's LiDAR frame, keyed by the dataset's own name of its
 * frame: a KITTI stem ("000042"), a nuScenes sample token, or an OpenLABEL frame number ("3").
 */
export interface Prediction {
  readonly frameKey: string;
  /** Cairn's class (the default ontology's), as the ground-truth importers map the format's names. */
  readonly classId: string;
  /** The format's own class name where it differs from classId. */
  readonly sourceClass?: string;
  readonly score: number;
  readonly cuboid: Cuboid;
  /** The file and line (or JSON path) the prediction came from, for messages. */
  readonly where: string;
}

/** A predictions file that cannot be read; the message names the file and the line or field. */
export class PredictionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredictionInputError';
  }
}

export interface KittiPredictionFile {
  /** The frame's stem: data/000042.txt → "000042". */
  readonly stem: string;
  readonly text: string;
  readonly path: string;
  /** The frame's calibration: KITTI results, like labels, are boxes in the rectified camera 0. */
  readonly calib: KittiObjectCalib;
  readonly calibPath?: string;
}

/**
 * KITTI object results (the label_2 format with a score as the 16th field), turned into the
 * Velodyne frame by the KITTI importer's own conversion. DontCare lines are skipped; a line
 * without a score is an error, since a result ranks its boxes by it.
 */
export function readKittiPredictions(files: readonly KittiPredictionFile[]): Prediction[] {
  const out: Prediction[] = [];
  for (const file of files) {
    let veloFromRect: RigidTransform;
    try {
      veloFromRect = veloFromRect0(file.calib, file.calibPath ?? `calibration of ${file.path}`);
    } catch (e) {
      throw new PredictionInputError((e as Error).message);
    }
    let labels;
    try {
      labels = parseKittiLabels(file.text, file.path);
    } catch (e) {
      throw new PredictionInputError((e as Error).message);
    }
    for (const label of labels) {
      if (label.type === DONT_CARE) continue;
      const where = `${file.path} line ${label.line}`;
      if (label.score === undefined) throw new PredictionInputError(`${where}: no score (a KITTI result line has 16 fields, the score last)`);
      if (!(label.height > 0 && label.width > 0 && label.length > 0)) throw new PredictionInputError(`${where}: fields 9–11 (height, width, length) must be positive`);
      const mapped = KITTI_CLASS_MAP[label.type];
      out.push({
        frameKey: file.stem,
        classId: mapped?.classId ?? 'other',
        ...(mapped && !mapped.note ? {} : { sourceClass: label.type }),
        score: label.score,
        cuboid: kittiLabelToCuboid(label, veloFromRect, VELODYNE),
        where,
      });
    }
  }
  return out;
}

/** nuScenes' detection names as the categories the ground-truth importer maps (the devkit's own folding). */
const DETECTION_CATEGORY: Readonly<Record<string, string>> = {
  bicycle: 'vehicle.bicycle',
  trailer: 'vehicle.trailer',
  construction_vehicle: 'vehicle.construction',
};

type Json = Record<string, unknown>;
const numbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * A nuScenes detection-results JSON ({ meta, results: { sample_token: [box…] } }): boxes in the
 * global frame move into each sample's LiDAR frame through `worldFromLidar` (ego pose ∘ sensor
 * calibration, see nuScenesLidarPoses); nuScenes' width-length-height becomes length-width-height.
 * A sample with no pose is an error naming it, as is any box field out of shape.
 */
export function readNuScenesPredictions(doc: unknown, source: string, worldFromLidar: ReadonlyMap<string, RigidTransform>, lidarFrame = 'lidar_top'): Prediction[] {
  const results = (doc as { results?: unknown } | null)?.results;
  if (!results || typeof results !== 'object' || Array.isArray(results)) throw new PredictionInputError(`${source}: no "results" object (nuScenes detection results map sample tokens to boxes)`);
  const out: Prediction[] = [];
  for (const [token, boxes] of Object.entries(results as Json)) {
    const at = `${source}: results["${token}"]`;
    if (!Array.isArray(boxes)) throw new PredictionInputError(`${at} is not a list of boxes`);
    if (boxes.length === 0) continue;
    const pose = worldFromLidar.get(token);
    if (!pose) throw new PredictionInputError(`${at}: sample token not in the ground truth (no LiDAR pose for it)`);
    const lidarFromWorld = inverseTransform(pose);
    boxes.forEach((raw, i) => {
      const where = `${at}[${i}]`;
      const box = (raw ?? {}) as Json;
      for (const [field, n] of [['translation', 3], ['size', 3], ['rotation', 4]] as const) {
        if (!numbers(box[field], n)) throw new PredictionInputError(`${where}.${field}: expected ${n} finite numbers`);
      }
      if (typeof box.detection_name !== 'string' || !box.detection_name) throw new PredictionInputError(`${where}.detection_name: expected a class name`);
      if (typeof box.detection_score !== 'number' || !Number.isFinite(box.detection_score)) throw new PredictionInputError(`${where}.detection_score: expected a number`);
      if (typeof box.sample_token === 'string' && box.sample_token !== token) throw new PredictionInputError(`${where}.sample_token: "${box.sample_token}" differs from the key it is listed under`);
      const [w, l, h] = box.size as number[];
      if (!(w > 0 && l > 0 && h > 0)) throw new PredictionInputError(`${where}.size: width, length and height must be positive`);
      let rotation;
      try {
        rotation = quatFromWxyz(box.rotation as [number, number, number, number], `${where}.rotation`);
      } catch (e) {
        throw new PredictionInputError((e as Error).message);
      }
      const t = box.translation as number[];
      const inLidar = composeTransforms(lidarFromWorld, { translation: [t[0], t[1], t[2]], rotation });
      const name = box.detection_name;
      const { classId } = classOfCategory(DETECTION_CATEGORY[name] ?? name);
      out.push({
        frameKey: token,
        classId,
        ...(classId === name ? {} : { sourceClass: name }),
        score: box.detection_score,
        cuboid: { frame: lidarFrame, center: inLidar.translation, size: [l, w, h], rotation: inLidar.rotation },
        where,
      });
    });
  }
  return out;
}

/** The nuScenes tables nuScenesLidarPoses reads (rows as the JSON files hold them). */
export interface NuScenesPoseTables {
  readonly sample_data: readonly unknown[];
  readonly ego_pose: readonly unknown[];
  readonly calibrated_sensor: readonly unknown[];
  readonly sensor: readonly unknown[];
}

/**
 * worldFromLidar per sample token: the key-frame LiDAR sample_data of each sample (channel
 * `channel`), its ego pose composed with its sensor's calibration, as the nuScenes importer
 * places its frames. Rows that cannot give a pose are left out (their samples then fail by name).
 */
export function nuScenesLidarPoses(tables: NuScenesPoseTables, channel = 'LIDAR_TOP'): Map<string, RigidTransform> {
  const byToken = (rows: readonly unknown[]) => new Map((rows as Json[]).filter((r) => r && typeof r.token === 'string').map((r) => [r.token as string, r]));
  const poses = byToken(tables.ego_pose);
  const calibs = byToken(tables.calibrated_sensor);
  const sensors = byToken(tables.sensor);
  const transform = (row: Json | undefined): RigidTransform | null => {
    if (!row || !numbers(row.translation, 3) || !numbers(row.rotation, 4)) return null;
    try {
      return { translation: [row.translation[0], row.translation[1], row.translation[2]], rotation: quatFromWxyz(row.rotation as [number, number, number, number], 'pose') };
    } catch {
      return null;
    }
  };
  const out = new Map<string, RigidTransform>();
  for (const sd of tables.sample_data as Json[]) {
    if (!sd || sd.is_key_frame !== true || typeof sd.sample_token !== 'string') continue;
    const calib = calibs.get(String(sd.calibrated_sensor_token));
    if (sensors.get(String(calib?.sensor_token))?.channel !== channel) continue;
    const worldFromEgo = transform(poses.get(String(sd.ego_pose_token)));
    const egoFromLidar = transform(calib);
    if (worldFromEgo && egoFromLidar) out.set(sd.sample_token, composeTransforms(worldFromEgo, egoFromLidar));
  }
  return out;
}

/** The attribute names a detection's confidence goes by in OpenLABEL files (Cairn writes `score`). */
const SCORE_ATTRIBUTES = ['score', 'confidence', 'detection_score'] as const;

/**
 * OpenLABEL detections through the project's OpenLABEL reader: every cuboid is a prediction of
 * its object's type, keyed by frame number, in the coordinate system the document states it in
 * (the reader names it). The score is a num attribute (score, confidence or detection_score) of
 * the cuboid or its object; a cuboid without one is an error naming its frame and object.
 */
export function readOpenLabelPredictions(doc: unknown, source: string): Prediction[] {
  let set;
  try {
    set = readOpenLabel(doc, { source }).set;
  } catch (e) {
    throw new PredictionInputError((e as Error).message.startsWith(source) ? (e as Error).message : `${source}: ${(e as Error).message}`);
  }
  const indexOf = new Map(set.frames.map((f) => [f.frameId, f.index]));
  return set.records.map((r) => {
    const index = indexOf.get(r.frameId);
    const where = `${source}: frames.${index}, object of track ${r.trackId}`;
    const name = SCORE_ATTRIBUTES.find((a) => typeof r.attributes[a] === 'number');
    if (!name) throw new PredictionInputError(`${where}: no score (a num attribute named ${SCORE_ATTRIBUTES.join(', ')})`);
    return { frameKey: String(index), classId: r.classId, score: r.attributes[name] as number, cuboid: r.cuboid, where };
  });
}
