import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { agreementBoxOf } from '../../core/agreement/fromRecords';
import type { AgreementBox } from '../../core/agreement/types';
import { countPointsInCuboid } from '../../core/assist/countPoints';
import { composeTransforms, inverseTransform, kittiCamera, type RigidTransform } from '../../core/camera';
import {
  evaluationFramesOf,
  nuScenesLidarPoses,
  PredictionInputError,
  readKittiPredictions,
  readNuScenesPredictions,
  readOpenLabelPredictions,
  type CameraIgnoreRegions,
  type EvaluationFrame,
  type GroundTruthFrame,
  type KittiPredictionFile,
  type Prediction,
} from '../../core/evaluation';
import { imageSize } from '../../core/formats/imageSize';
import { parseKittiBin } from '../../core/formats/kittiBin';
import { quatFromYaw } from '../../core/geometry/quaternion';
import { isBarelyVisible } from '../../core/importers/nuscenes/nuscenesVisibility';
import type { LabelSet } from '../../core/labels/labelSet';
import { folderHolding, LabelInputError, readLabels } from '../convertLabelsCommandIo';

export const PREDICTION_FORMATS = ['kitti', 'nuscenes', 'openlabel'] as const;
export type PredictionFormat = (typeof PREDICTION_FORMATS)[number];

export interface EvaluationInputs {
  readonly format: PredictionFormat;
  readonly frames: EvaluationFrame[];
  readonly predictions: number;
  /** LiDAR points inside a label, where the frame's scan was found; undefined without scans. */
  readonly pointsOf?: (frame: EvaluationFrame, box: AgreementBox) => number;
  /** What the reader should know (frames without a scan, predictions of frames without labels). */
  readonly notes: string[];
}

const fail = (file: string, message: string): never => {
  throw new LabelInputError(`${file}: ${message}`);
};
const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return fail(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(file, `not valid JSON (${(e as Error).message})`);
  }
}

/** KITTI results are a folder of <stem>.txt (or its data/ folder, as the benchmark's submissions hold them); JSON is told apart by its top-level key. */
export function guessFormat(predictions: string): PredictionFormat {
  if (isDir(predictions) || predictions.endsWith('.txt')) return 'kitti';
  const doc = readJson(predictions) as Record<string, unknown> | null;
  if (doc && typeof doc === 'object' && 'openlabel' in doc) return 'openlabel';
  if (doc && typeof doc === 'object' && 'results' in doc) return 'nuscenes';
  return fail(predictions, 'neither a KITTI results folder nor a nuScenes ({"results": …}) or OpenLABEL ({"openlabel": …}) JSON file; say which with --format');
}

/** Reads ground truth and predictions, joins them by frame, and says how to count a label's LiDAR points. */
export function loadEvaluationInputs(predictionsPath: string, against: string, format: PredictionFormat, progress: (line: string) => void): EvaluationInputs {
  if (!existsSync(predictionsPath)) fail(predictionsPath, 'no such file or folder');
  if (!existsSync(against)) fail(against, 'no such file or folder');
  if (format === 'kitti') return kittiInputs(predictionsPath, against, progress);
  if (format === 'nuscenes') return nuScenesInputs(predictionsPath, against, progress);
  return openLabelInputs(predictionsPath, against, progress);
}

function joined(format: PredictionFormat, truth: GroundTruthFrame[], predictions: Prediction[], notes: string[], pointsOf?: EvaluationInputs['pointsOf']): EvaluationInputs {
  const { frames, unknown } = evaluationFramesOf(truth, predictions);
  if (unknown.length) {
    const keys = [...new Set(unknown.map((p) => p.frameKey))];
    notes.push(`${unknown.length} predictions of ${keys.length} frames without ground truth were left out (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}; first at ${unknown[0].where})`);
  }
  return { format, frames, predictions: predictions.length - unknown.length, notes, ...(pointsOf ? { pointsOf } : {}) };
}

/** The label set's frames as ground truth; records `ignored` says are the dataset's not-to-score boxes. */
const truthOf = (
  set: LabelSet,
  keyOf: (f: LabelSet['frames'][number]) => string,
  box: (r: LabelSet['records'][number], frame: LabelSet['frames'][number]) => AgreementBox | null,
  ignored: (r: LabelSet['records'][number]) => boolean = () => false,
): GroundTruthFrame[] => {
  const byFrame = new Map<string, AgreementBox[]>();
  const ignoredByFrame = new Map<string, AgreementBox[]>();
  const frameOf = new Map(set.frames.map((f) => [f.frameId, f]));
  for (const r of set.records) {
    const b = box(r, frameOf.get(r.frameId)!);
    const into = ignored(r) ? ignoredByFrame : byFrame;
    if (b) (into.get(r.frameId) ?? into.set(r.frameId, []).get(r.frameId)!).push(b);
  }
  return [...set.frames]
    .sort((a, b) => a.index - b.index)
    .map((f) => ({ frameKey: keyOf(f), frameId: f.frameId, aliases: [String(f.index)], boxes: byFrame.get(f.frameId) ?? [], ...(ignoredByFrame.has(f.frameId) ? { ignored: ignoredByFrame.get(f.frameId)! } : {}) }));
};

function kittiInputs(predictionsPath: string, against: string, progress: (line: string) => void): EvaluationInputs {
  const { sets } = readLabels('kitti', against, {}, progress);
  const set = sets[0];
  const calibOf = new Map(set.frames.map((f) => [f.sourceId!, f.kittiCalib!]));
  const folder = isDir(predictionsPath) ? (isDir(path.join(predictionsPath, 'data')) ? path.join(predictionsPath, 'data') : predictionsPath) : null;
  const names = folder ? readdirSync(folder).filter((n) => n.endsWith('.txt')).sort() : [path.basename(predictionsPath)];
  if (names.length === 0) fail(predictionsPath, 'no <frame>.txt result files here (or in data/)');
  const notes: string[] = [];
  const files: KittiPredictionFile[] = [];
  const orphans: string[] = [];
  for (const name of names) {
    const file = folder ? path.join(folder, name) : predictionsPath;
    const stem = name.slice(0, -4);
    const calib = calibOf.get(stem);
    if (!calib) {
      orphans.push(file);
      continue;
    }
    files.push({ stem, text: readFileSync(file, 'utf8'), path: file, calib });
  }
  if (orphans.length) notes.push(`${orphans.length} result files name frames the ground truth does not have and were left out (${orphans.slice(0, 3).join(', ')}${orphans.length > 3 ? ', …' : ''})`);
  const predictions = readKittiPredictions(files);
  progress(`read ${predictions.length} predictions from ${files.length} KITTI result files`);
  const split = [against, path.join(against, 'training')].find((d) => isDir(path.join(d, 'velodyne')));
  const labelSplit = folderHolding(against, 'label_2') ?? undefined;
  const regions = kittiDontCareRegions(set, labelSplit, notes);
  const truth = truthOf(set, (f) => f.sourceId!, (r) => agreementBoxOf(r)).map((f) => (regions.has(f.frameId!) ? { ...f, ignoreRegions: regions.get(f.frameId!)! } : f));
  const pointsOf = split ? scanCounter((frame) => path.join(split, 'velodyne', `${frame.frameKey}.bin`), 4) : undefined;
  if (!split) notes.push('no velodyne/ folder beside the labels: labels were not checked for LiDAR points');
  return joined('kitti', truth, predictions, notes, pointsOf);
}

/**
 * Each frame's DontCare boxes (kittiRead's 2D ignore boxes in cam2), with the frame's cam2 from
 * its calib to project predictions there, and the image_2 PNG's size to clip them to where the
 * split has it.
 */
function kittiDontCareRegions(set: LabelSet, split: string | undefined, notes: string[]): Map<string, CameraIgnoreRegions[]> {
  const byFrame = new Map<string, { cameraId: string; box: { x0: number; y0: number; x1: number; y1: number } }[]>();
  for (const r of set.labels2d ?? []) {
    if (r.kind !== 'box2d' || !r.ignore) continue;
    (byFrame.get(r.frameId) ?? byFrame.set(r.frameId, []).get(r.frameId)!).push(r);
  }
  const out = new Map<string, CameraIgnoreRegions[]>();
  let unsized = 0;
  for (const frame of set.frames) {
    const regions = byFrame.get(frame.frameId);
    if (!regions || !frame.kittiCalib) continue;
    const cam2 = kittiCamera(frame.kittiCalib, 2, `calib of ${frame.sourceId}`);
    const size = split ? pngSize(path.join(split, 'image_2', `${frame.sourceId}.png`)) : null;
    if (!size) unsized++;
    out.set(frame.frameId, [{ cameraId: 'cam2', model: cam2.model, cameraFromLidar: cam2.cameraFromVelo, ...(size ?? {}), regions: regions.map((r) => r.box) }]);
  }
  const count = [...out.values()].reduce((n, cams) => n + cams[0].regions.length, 0);
  if (count > 0) notes.push(`${count} DontCare regions on ${out.size} frames: a prediction that matches no label and lies inside one (its projected 2D box in cam2, by more than its class's IoU threshold of its area) is not a false positive`);
  if (unsized > 0) notes.push(`${unsized} frames with DontCare regions have no image_2/<frame>.png: their predictions' 2D boxes were not clipped to the image`);
  return out;
}

/** A PNG's size from its header; null where the file is absent or not a PNG. */
function pngSize(file: string): { width: number; height: number } | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(24);
    readSync(fd, head, 0, 24, 0);
    const size = imageSize(head);
    return size.kind === 'size' ? { width: size.width, height: size.height } : null;
  } finally {
    closeSync(fd);
  }
}

/** Counts points in boxes from each frame's scan, read once per frame (frames are visited in order). */
function scanCounter(fileOf: (frame: EvaluationFrame) => string | undefined, stride: number): EvaluationInputs['pointsOf'] {
  let cached: { key: string; points: Float32Array | null } | null = null;
  return (frame, box) => {
    if (cached?.key !== frame.frameKey) {
      const file = fileOf(frame);
      let points: Float32Array | null = null;
      if (file && existsSync(file)) {
        const bytes = readFileSync(file);
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        points = stride === 4 ? parseKittiBin(buffer, file).points : new Float32Array(buffer, 0, Math.floor(bytes.byteLength / 4 / stride) * stride);
      }
      cached = { key: frame.frameKey, points };
    }
    // A frame without its scan says nothing about its labels' points: count them as present.
    if (!cached.points) return Number.NaN;
    return countPointsInCuboid(cached.points, stride, { frame: 'lidar', center: [...box.center], size: [...box.size], rotation: quatFromYaw(box.yaw) });
  };
}

const NUSCENES_POSE_TABLES = ['sample_data', 'ego_pose', 'calibrated_sensor', 'sensor'] as const;

function nuScenesInputs(predictionsPath: string, against: string, progress: (line: string) => void): EvaluationInputs {
  const dir = folderHolding(against, 'sample_data.json');
  if (!dir) return fail(against, "no sample_data.json here or in a folder below (a nuScenes dataset's table folder, e.g. v1.0-mini/)");
  const tables = Object.fromEntries(
    NUSCENES_POSE_TABLES.map((name) => {
      const rows = readJson(path.join(dir, `${name}.json`));
      if (!Array.isArray(rows)) fail(path.join(dir, `${name}.json`), 'not a JSON array of records');
      return [name, rows as unknown[]];
    }),
  ) as Record<(typeof NUSCENES_POSE_TABLES)[number], unknown[]>;
  const poses = nuScenesLidarPoses(tables);
  const { sets } = readLabels('nuscenes', dir, {}, progress);
  const predictions = readNuScenesPredictions(readJson(predictionsPath), predictionsPath, poses);
  progress(`read ${predictions.length} predictions from ${predictionsPath}`);
  const notes: string[] = [];
  const set = sets[0];
  const unposed = set.frames.filter((f) => !poses.has(f.sourceId ?? ''));
  if (unposed.length) notes.push(`${unposed.length} samples have no LIDAR_TOP key frame with a pose; their labels were left out`);
  const lidarFrom = new Map<string, RigidTransform>([...poses].map(([token, worldFromLidar]) => [token, inverseTransform(worldFromLidar)]));
  const truth = truthOf(
    { ...set, frames: set.frames.filter((f) => poses.has(f.sourceId ?? '')) },
    (f) => f.sourceId!,
    (r, frame) => {
      const lidarFromWorld = lidarFrom.get(frame.sourceId ?? '');
      if (!lidarFromWorld) return null;
      const box = composeTransforms(lidarFromWorld, { translation: r.cuboid.center, rotation: r.cuboid.rotation });
      return agreementBoxOf({ ...r, cuboid: { ...r.cuboid, frame: 'lidar_top', center: box.translation, rotation: box.rotation } });
    },
    // As the importer flags them: annotations at most 40 % visible (visibility token "1", v0-40) are not scored.
    (r) => isBarelyVisible(String(r.attributes.visibility ?? '')),
  );
  const hidden = truth.reduce((n, f) => n + (f.ignored?.length ?? 0), 0);
  if (hidden > 0) notes.push(`${hidden} annotations are at most 40 % visible (visibility "1", v0-40): not scored, neither missed nor a reason for a false positive`);
  // The scans: LIDAR_TOP key frames' files, relative to the folder above the tables.
  const fileOfSample = new Map<string, string>();
  for (const sd of tables.sample_data as Record<string, unknown>[]) {
    if (sd?.is_key_frame === true && typeof sd.filename === 'string' && typeof sd.sample_token === 'string' && /LIDAR_TOP/.test(sd.filename)) fileOfSample.set(sd.sample_token, path.join(dir, '..', sd.filename));
  }
  const anyScan = [...fileOfSample.values()].some((f) => existsSync(f));
  if (!anyScan) notes.push('no LIDAR_TOP scans found beside the tables: labels were not checked for LiDAR points');
  return joined('nuscenes', truth, predictions, notes, anyScan ? scanCounter((f) => fileOfSample.get(f.frameKey), 5) : undefined);
}

function openLabelInputs(predictionsPath: string, against: string, progress: (line: string) => void): EvaluationInputs {
  const { sets } = readLabels('openlabel', against, {}, progress);
  const set = sets[0];
  const predictions = readOpenLabelPredictions(readJson(predictionsPath), predictionsPath);
  progress(`read ${predictions.length} predictions from ${predictionsPath}`);
  const notes = ['OpenLABEL ground truth: labels were not checked for LiDAR points (the document names no scans)'];
  const frames = new Set(predictions.map((p) => p.cuboid.frame));
  const truthFrames = new Set(set.records.map((r) => r.cuboid.frame));
  if ([...frames].some((f) => !truthFrames.has(f)) && truthFrames.size) notes.push(`predictions are stated in ${[...frames].join(', ')}, ground truth in ${[...truthFrames].join(', ')}: compared as given`);
  return joined('openlabel', truthOf(set, (f) => String(f.index), (r) => agreementBoxOf(r)), predictions, notes);
}

export { PredictionInputError };
