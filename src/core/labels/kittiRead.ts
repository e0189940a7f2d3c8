import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { Box2dAnnotation } from '../annotations/box2d/schema';
import type { KittiObjectCalib, RigidTransform } from '../camera';
import { ImportReportBuilder } from '../importers/importReport';
import { DONT_CARE, kittiGroundTruth } from '../importers/kitti/kittiGroundTruth';
import { KITTI_CLASS_MAP, parseKittiLabels, veloFromRect0, type KittiLabel } from '../importers/kitti/kittiLabels';
import { parseKittiTrackingLine } from '../importers/kitti/kittiTrackingLabels';
import { VELODYNE } from '../importers/kitti/kittiSensors';
import { IMPORT_NAMESPACE, uuidFromName } from '../model/uuidFromName';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import type { LabelFrame, LabelSet } from './labelSet';

export interface KittiReadOptions {
  /** Names the labels' scene when no sceneId is given. */
  readonly name: string;
  readonly sceneId?: string;
  /** The scene's frame for a KITTI frame name (stem or frame number), where the labels join an existing scene. */
  readonly frameIdFor?: (sourceId: string) => string | undefined;
  readonly author?: string;
  readonly now?: number;
  readonly ontologyVersion?: number;
}

export interface KittiObjectSample {
  readonly stem: string;
  /** The label_2 file's text and path (for messages). */
  readonly labels: string;
  readonly labelPath: string;
  readonly calib: KittiObjectCalib;
  readonly calibPath: string;
}

export interface KittiTrackingSequence {
  readonly sequence: string;
  readonly labels: string;
  readonly labelPath: string;
  readonly calib: KittiObjectCalib;
  readonly calibPath: string;
  /** Every frame number of the sequence (its scans), so frames without labels are kept; else the labelled ones. */
  readonly frameNumbers?: readonly number[];
}

export interface KittiImport {
  readonly set: LabelSet;
  readonly manifest: ConversionManifest;
}

const FRAME_PERIOD_S = 0.1;

/**
 * KITTI object labels as Cairn records in the Velodyne frame, through the dataset importer's own
 * parser and conversion (kittiGroundTruth): alpha, truncation, occlusion, the 2D box and a score
 * stay as attributes, and a type the class folds (Van → car) stays as `kitti_type`.
 */
export function readKittiObject(samples: readonly KittiObjectSample[], options: KittiReadOptions): KittiImport {
  const manifest = new ManifestBuilder('kitti', 'cairn');
  const sceneId = options.sceneId ?? uuidFromName(IMPORT_NAMESPACE, `kitti-labels|${options.name}`);
  const frames: LabelFrame[] = [];
  const records: CuboidAnnotation[] = [];
  const labels2d: Box2dAnnotation[] = [];
  [...samples].sort((a, b) => (a.stem < b.stem ? -1 : 1)).forEach((s, index) => {
    const frameId = options.frameIdFor?.(s.stem) ?? uuidFromName(sceneId, `frame|${s.stem}`);
    frames.push({ frameId, index, sourceId: s.stem, kittiCalib: s.calib });
    const veloFromRect = veloFromRect0(s.calib, s.calibPath);
    for (const label of parseKittiLabels(s.labels, s.labelPath)) {
      const ids = { objectId: uuidFromName(sceneId, `label|${s.stem}|${label.line}`), trackId: uuidFromName(sceneId, `track|${s.stem}|${label.line}`), frameId };
      if (label.type === DONT_CARE) {
        labels2d.push(ignoreRegion(label, KITTI_OBJECT_CAMERA, ids, sceneId, options));
        continue;
      }
      const record = recordOf(label, veloFromRect, ids, sceneId, options, manifest, `${s.labelPath} line ${label.line}`);
      if (record) records.push(record);
    }
  });
  manifest.read = manifest.written = records.length + labels2d.length;
  if (labels2d.length > 0) manifest.note(DONT_CARE_NOTE);
  manifest.note('Each KITTI object label is a track of its own (object detection has no identity across frames).');
  return { set: { sceneId, sceneName: options.name, frames, records, labels2d }, manifest: manifest.finish() };
}

/** A KITTI tracking sequence as Cairn records: one track per KITTI track id. */
export function readKittiTracking(seq: KittiTrackingSequence, options: KittiReadOptions): KittiImport {
  const manifest = new ManifestBuilder('kitti-tracking', 'cairn');
  const sceneId = options.sceneId ?? uuidFromName(IMPORT_NAMESPACE, `kitti-tracking-labels|${options.name}|${seq.sequence}`);
  const veloFromRect = veloFromRect0(seq.calib, seq.calibPath);
  const labels = seq.labels
    .split(/\r?\n/)
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => parseKittiTrackingLine(line, `${seq.labelPath} line ${i + 1}`, i + 1));
  const numbers = [...new Set([...(seq.frameNumbers ?? []), ...labels.map((l) => l.frame)])].sort((a, b) => a - b);
  const frameIdOf = new Map<number, string>();
  const frames: LabelFrame[] = numbers.map((n, index) => {
    const sourceId = String(n).padStart(6, '0');
    const frameId = options.frameIdFor?.(sourceId) ?? uuidFromName(sceneId, `frame|${sourceId}`);
    frameIdOf.set(n, frameId);
    return { frameId, index, sourceId, timestamp: n * FRAME_PERIOD_S, kittiCalib: seq.calib };
  });
  const records: CuboidAnnotation[] = [];
  const labels2d: Box2dAnnotation[] = [];
  const seen = new Set<string>();
  for (const label of labels) {
    const where = `${seq.labelPath} line ${label.line}`;
    if (label.type === DONT_CARE) {
      // Every DontCare row of a sequence has track id −1: the line names the region.
      const ids = { objectId: uuidFromName(sceneId, `dontcare|${label.line}`), trackId: uuidFromName(sceneId, `dontcare-track|${label.line}`), frameId: frameIdOf.get(label.frame)! };
      labels2d.push(ignoreRegion(label, KITTI_OBJECT_CAMERA, ids, sceneId, options));
      continue;
    }
    if (label.trackId < 0) {
      manifest.lose('label', `track id −1 outside a DontCare region; ${where}`, where);
      continue;
    }
    const key = `${label.frame}|${label.trackId}`;
    if (label.type !== DONT_CARE && seen.has(key)) {
      manifest.lose('label', `track ${label.trackId} appears twice in frame ${label.frame}; the second is skipped (${where})`, where);
      continue;
    }
    seen.add(key);
    const ids = { objectId: uuidFromName(sceneId, `label|${label.frame}|${label.trackId}`), trackId: uuidFromName(sceneId, `track|${label.trackId}`), frameId: frameIdOf.get(label.frame)! };
    const record = recordOf(label, veloFromRect, ids, sceneId, options, manifest, where);
    if (record) records.push(record);
  }
  manifest.read = manifest.written = records.length + labels2d.length;
  if (labels2d.length > 0) manifest.note(DONT_CARE_NOTE);
  manifest.note(`Tracks are KITTI track ids of sequence ${seq.sequence}; frame timestamps are frame number × 0.1 s.`);
  return { set: { sceneId, sceneName: `${options.name} ${seq.sequence}`, frames, records, labels2d }, manifest: manifest.finish() };
}

function recordOf(
  label: KittiLabel,
  veloFromRect: RigidTransform,
  ids: { objectId: string; trackId: string; frameId: string },
  sceneId: string,
  options: KittiReadOptions,
  manifest: ManifestBuilder,
  where: string,
): CuboidAnnotation | null {
  let gt;
  try {
    gt = kittiGroundTruth(label, veloFromRect, ids, new ImportReportBuilder('kitti', where));
  } catch (e) {
    manifest.lose('label', `${(e as Error).message} (${where})`, where);
    return null;
  }
  const exact = KITTI_CLASS_MAP[label.type] && !KITTI_CLASS_MAP[label.type].note;
  const now = options.now ?? 0;
  return {
    kind: 'cuboid',
    objectId: ids.objectId,
    trackId: ids.trackId,
    sceneId,
    frameId: ids.frameId,
    classId: gt.classId,
    ontologyVersion: options.ontologyVersion ?? 1,
    attributes: { ...gt.attributes, ...(exact ? {} : { kitti_type: label.type }) },
    author: options.author ?? 'kitti import',
    createdAt: now,
    updatedAt: now,
    cuboid: { frame: VELODYNE, center: gt.cuboid.center, size: gt.cuboid.size, rotation: gt.cuboid.rotation } as CuboidAnnotation['cuboid'],
  };
}

/** KITTI labels box their objects in the left colour camera (image_2 / image_02), Cairn's sensor cam2. */
export const KITTI_OBJECT_CAMERA = 'cam2';

const DONT_CARE_NOTE = 'DontCare rows are ignore regions: 2D boxes in cam2 with class "DontCare" and ignore: true (read-only ground truth, neither a hit nor a miss when scoring).';

/** A DontCare row as what it is: an image region to ignore, a 2D-only box of its own. */
function ignoreRegion(label: KittiLabel, cameraId: string, ids: { objectId: string; trackId: string; frameId: string }, sceneId: string, options: KittiReadOptions): Box2dAnnotation {
  const now = options.now ?? 0;
  const [left, top, right, bottom] = label.bbox;
  return {
    kind: 'box2d',
    ...ids,
    sceneId,
    classId: DONT_CARE,
    ontologyVersion: options.ontologyVersion ?? 1,
    attributes: {},
    author: options.author ?? 'kitti import',
    createdAt: now,
    updatedAt: now,
    cameraId,
    // KITTI's pixel edges are pixel centres of the outermost pixels; an empty or inverted region keeps a hair's width.
    box: { x0: left, y0: top, x1: Math.max(right, left + 0.01), y1: Math.max(bottom, top + 0.01) },
    linkedTrackId: null,
    ignore: true,
  };
}
