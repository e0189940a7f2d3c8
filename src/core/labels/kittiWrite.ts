import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { loseLabels2d, loseRelations } from './labels2dLost';
import type { KittiObjectCalib, RigidTransform } from '../camera';
import { KITTI_CLASS_MAP } from '../importers/kitti/kittiLabels';
import { ManifestBuilder, type ConversionManifest } from './conversionManifest';
import { formatKittiCalib, kittiBoxFromCuboid, rect0FromVelo, tiltOf } from './kittiBox';
import { recordsInOrder, type LabelFrame, type LabelSet } from './labelSet';

export interface KittiFile {
  /** Relative to the output folder, KITTI's layout: label_2/000042.txt, calib/000042.txt, label_02/0000.txt… */
  readonly path: string;
  readonly text: string;
}

export interface KittiExport {
  readonly files: readonly KittiFile[];
  readonly manifest: ConversionManifest;
}

export interface KittiWriteOptions {
  /** The frame KITTI's calibration places: the Velodyne's. Cuboids in any other frame are not written. */
  readonly lidarFrame?: string;
  /** Used where a frame carries no calibration of its own. */
  readonly calib?: KittiObjectCalib;
  /** KITTI tracking's sequence name. */
  readonly sequence?: string;
}

/** Cairn's classes as KITTI types (the inverse of the importer's map on its exact entries). */
const KITTI_TYPE: Readonly<Record<string, string>> = { car: 'Car', truck: 'Truck', pedestrian: 'Pedestrian', cyclist: 'Cyclist', other: 'Misc' };
/** The attributes a KITTI line holds (as the importer names them); `kitti_type` keeps a type the class folds. */
const KITTI_ATTRIBUTES = new Set(['truncated', 'occluded', 'alpha', 'bbox_left', 'bbox_top', 'bbox_right', 'bbox_bottom', 'score', 'kitti_type']);
const TILT_TOLERANCE = 1e-6;
const f2 = (v: number) => (Object.is(Math.round(v * 100), -0) ? 0 : v).toFixed(2);

/** KITTI object detection: label_2/<stem>.txt and calib/<stem>.txt per frame. */
export function writeKittiObject(set: LabelSet, options: KittiWriteOptions = {}): KittiExport {
  const manifest = new ManifestBuilder('cairn', 'kitti');
  const files: KittiFile[] = [];
  const byFrame = groupByFrame(set);
  const used = new Set<string>();
  for (const frame of [...set.frames].sort((a, b) => a.index - b.index)) {
    const stem = uniqueStem(/^\d+$/.test(frame.sourceId ?? '') ? frame.sourceId! : String(frame.index).padStart(6, '0'), used);
    const calib = frame.kittiCalib ?? options.calib;
    const records = byFrame.get(frame.frameId) ?? [];
    if (!calib) {
      for (const r of records) manifest.lose('record', 'its frame has no KITTI calibration (labels are in the camera frame, so they need Tr_velo_to_cam and R0_rect)', r.objectId);
      continue;
    }
    const lines = records.map((r) => labelLine(r, calib, options, manifest, `label_2/${stem}.txt`)).filter((l): l is string => l !== null);
    files.push({ path: `label_2/${stem}.txt`, text: lines.map((l) => `${l}\n`).join('') });
    files.push({ path: `calib/${stem}.txt`, text: formatKittiCalib(calib, 'object') });
    manifest.written += lines.length;
  }
  finishCommon(set, byFrame, manifest, 'object');
  return { files, manifest: manifest.finish() };
}

/** KITTI tracking: label_02/<sequence>.txt (frame and track numbers in front) and one calib/<sequence>.txt. */
export function writeKittiTracking(set: LabelSet, options: KittiWriteOptions = {}): KittiExport {
  const manifest = new ManifestBuilder('cairn', 'kitti-tracking');
  const sequence = options.sequence ?? '0000';
  const byFrame = groupByFrame(set);
  const frames = [...set.frames].sort((a, b) => a.index - b.index);
  const calib = frames.find((f) => f.kittiCalib)?.kittiCalib ?? options.calib;
  const files: KittiFile[] = [];
  const trackNumber = new Map<string, number>();
  const lines: string[] = [];
  if (!calib) {
    for (const r of set.records) manifest.lose('record', 'the sequence has no KITTI calibration (labels are in the camera frame)', r.objectId);
  } else {
    for (const frame of frames) {
      if (frame.kittiCalib && frame.kittiCalib !== calib && JSON.stringify(frame.kittiCalib) !== JSON.stringify(calib)) {
        manifest.lose('frame calibration', 'KITTI tracking has one calibration per sequence; the first frame\'s is written and used', frame.frameId);
      }
      const number = /^\d+$/.test(frame.sourceId ?? '') ? Number(frame.sourceId) : frame.index;
      for (const r of byFrame.get(frame.frameId) ?? []) {
        const line = labelLine(r, calib, options, manifest, `label_02/${sequence}.txt`);
        if (line === null) continue;
        if (!trackNumber.has(r.trackId)) trackNumber.set(r.trackId, trackNumber.size);
        lines.push(`${number} ${trackNumber.get(r.trackId)} ${line}\n`);
      }
    }
    files.push({ path: `label_02/${sequence}.txt`, text: lines.join('') });
    files.push({ path: `calib/${sequence}.txt`, text: formatKittiCalib(calib, 'tracking') });
    manifest.written = lines.length;
  }
  finishCommon(set, byFrame, manifest, 'tracking');
  if (trackNumber.size) manifest.note(`Track ids are numbered from 0 in order of first appearance (e.g. ${[...trackNumber.keys()][0]} → 0).`);
  return { files, manifest: manifest.finish() };
}

function groupByFrame(set: LabelSet): Map<string, CuboidAnnotation[]> {
  const out = new Map<string, CuboidAnnotation[]>();
  for (const r of recordsInOrder(set)) {
    const list = out.get(r.frameId);
    if (list) list.push(r);
    else out.set(r.frameId, [r]);
  }
  return out;
}

function finishCommon(set: LabelSet, byFrame: Map<string, CuboidAnnotation[]>, manifest: ManifestBuilder, layout: 'object' | 'tracking'): void {
  manifest.read = set.records.length;
  loseLabels2d(set, manifest, 'KITTI writes one line per 3D object; its 2D bbox column is that object\'s box in image_2, not a label of its own');
  loseRelations(set, manifest, 'KITTI');
  const known = new Set(set.frames.map((f: LabelFrame) => f.frameId));
  for (const [frameId, records] of byFrame) {
    if (!known.has(frameId)) for (const r of records) manifest.lose('record', 'its frame is not in the scene, so it has no file', r.objectId);
  }
  const ids = layout === 'object' ? ['objectId', 'trackId'] : ['objectId'];
  for (const r of set.records) {
    for (const field of ids) manifest.lose(field, layout === 'object' ? 'KITTI object labels are lines in a frame\'s file, with no id' : 'KITTI tracking lines carry a track number, not a record id', (r as unknown as Record<string, string>)[field]);
    manifest.lose('frameId', 'a KITTI frame is named by its file (stem or frame number)', r.objectId);
    manifest.lose('author', 'KITTI labels carry no author', r.objectId);
    manifest.lose('createdAt, updatedAt', 'KITTI labels carry no times', r.objectId);
    manifest.lose('ontologyVersion', 'KITTI labels name no ontology', r.objectId);
  }
  if (layout === 'tracking') manifest.lose('trackId', 'KITTI tracking numbers tracks 0, 1, …; the UUIDs are not kept', set.records[0]?.trackId ?? '', set.records.length ? new Set(set.records.map((r) => r.trackId)).size : 0);
  manifest.lose('sceneId', 'KITTI names no scene', set.sceneId, set.records.length ? 1 : 0);
  if (layout === 'object') {
    const timed = set.frames.filter((f) => f.timestamp !== undefined);
    manifest.lose('frame timestamp', 'KITTI object samples carry no time', timed[0]?.frameId ?? '', timed.length);
  }
  manifest.note('KITTI text holds 2 decimals: locations and sizes to 0.005 m, angles to 0.005 rad, 2D boxes to 0.005 px.');
  manifest.note('Locations are the bottom centre in the rectified camera 0 frame (x right, y down, z forward); rotation_y turns about its y axis; dimensions are height, width, length.');
  manifest.note('Where a record has no KITTI attributes, alpha and the image_2 box are computed from the cuboid and calibration (the box unclipped; -1 where a corner is behind the camera), truncated and occluded written as 0.');
}

function labelLine(r: CuboidAnnotation, calib: KittiObjectCalib, options: KittiWriteOptions, manifest: ManifestBuilder, file: string): string | null {
  const lidar = options.lidarFrame ?? 'velodyne';
  if (r.cuboid.frame !== lidar) {
    manifest.lose('record', `its cuboid is in frame "${r.cuboid.frame}"; KITTI's calibration places only the ${lidar} frame (${file})`, r.objectId);
    return null;
  }
  let toRect: RigidTransform;
  try {
    toRect = rect0FromVelo(calib, file);
  } catch (e) {
    manifest.lose('record', `the calibration is not usable: ${(e as Error).message}`, r.objectId);
    return null;
  }
  const box = kittiBoxFromCuboid(r.cuboid, toRect, calib);
  if (tiltOf(r.cuboid.rotation) > TILT_TOLERANCE) manifest.lose('rotation (roll and pitch)', 'a KITTI box turns about the camera\'s y axis only; the heading is kept', r.objectId);
  const a = r.attributes;
  const num = (name: string, fallback: number) => (typeof a[name] === 'number' ? (a[name] as number) : fallback);
  const type = kittiType(r, manifest);
  const bbox = box.bbox ?? [-1, -1, -1, -1];
  const fields = [
    type,
    f2(num('truncated', 0)),
    String(Math.round(num('occluded', 0))),
    f2(num('alpha', box.alpha)),
    f2(num('bbox_left', bbox[0])),
    f2(num('bbox_top', bbox[1])),
    f2(num('bbox_right', bbox[2])),
    f2(num('bbox_bottom', bbox[3])),
    f2(box.height),
    f2(box.width),
    f2(box.length),
    ...box.bottomInRect0.map(f2),
    f2(box.rotationY),
  ];
  if (typeof a.score === 'number') fields.push(a.score.toFixed(4));
  for (const [name, value] of Object.entries(a)) {
    if (!KITTI_ATTRIBUTES.has(name) || typeof value !== (name === 'kitti_type' ? 'string' : 'number')) {
      manifest.lose(`attributes.${name}`, 'a KITTI line has no field for it', r.objectId);
    }
  }
  return fields.join(' ');
}

/** The KITTI type: kept from the source where the class folds several (Van → car), else from the class. */
function kittiType(r: CuboidAnnotation, manifest: ManifestBuilder): string {
  const source = r.attributes.kitti_type;
  if (typeof source === 'string' && KITTI_CLASS_MAP[source]?.classId === r.classId) return source;
  const type = KITTI_TYPE[r.classId];
  if (type) return type;
  manifest.lose('classId', `KITTI has no type for it; written as Misc`, `${r.classId} (${r.objectId})`);
  return 'Misc';
}

function uniqueStem(stem: string, used: Set<string>): string {
  let s = stem;
  for (let i = 1; used.has(s); i++) s = `${stem}_${i}`;
  used.add(s);
  return s;
}
