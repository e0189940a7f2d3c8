import { IDENTITY_TRANSFORM, inverseTransform, transformFromMat3x4, type KittiObjectCalib, type RigidTransform } from '../../camera';
import { IMPORT_NAMESPACE, uuidFromName } from '../../model/uuidFromName';
import { baseName, DatasetRootError, joinPath, type DatasetFiles } from '../datasetFiles';
import { ImportReportBuilder, type DatasetImport, type ImportedScene } from '../importReport';
import { folderName, problemText, sameValues, type FrameInput, type GroundTruthInput, type IgnoreRegionInput, type ImageRefInput, type SensorInput } from '../manifestParts';
import { KITTI_COLOUR_CAMERAS, KITTI_GRAY_FOLDERS, kittiCameraCalibration, VELODYNE } from './kittiSensors';
import { findKittiSplits, imagesByStem, kittiScanPointCount, readKittiCalib, readKittiImage, stemsWith, type KittiSplit } from './kittiFiles';
import { DONT_CARE, DONT_CARE_CAMERA, kittiGroundTruth, kittiIgnoreRegion } from './kittiGroundTruth';
import { veloFromRect0 } from './kittiLabels';
import { parseKittiTrackingLine } from './kittiTrackingLabels';
import { oxtsLocalPoses, parseOxtsLine, type OxtsPacket } from './oxtsPoses';

const FRAME_PERIOD_S = 0.1;

/** What a sequence's calibration gives: each part may be missing, and the import degrades without it. */
interface SequenceCalibration {
  readonly calib: KittiObjectCalib | null;
  readonly veloFromRect: RigidTransform | null;
  /** inverse(Tr_imu_velo): the Velodyne in the IMU (ego) frame; null when poses cannot be used. */
  readonly imuFromVelo: RigidTransform | null;
}

/**
 * Imports KITTI tracking: `training/` and / or `testing/` (or one split folder) holding
 * velodyne/SSSS/*.bin, image_02/SSSS/*.png, calib/SSSS.txt, oxts/SSSS.txt and label_02/SSSS.txt.
 * One scene per sequence. The ego frame is the IMU/GPS (OXTS) frame; the world is the IMU frame
 * at the sequence's first valid OXTS packet, with the devkit's Mercator projection.
 */
export async function importKittiTracking(files: DatasetFiles): Promise<DatasetImport> {
  const report = new ImportReportBuilder('kitti-tracking', files.root);
  const splits = await findKittiSplits(files, 'KITTI tracking');
  const scenes: ImportedScene[] = [];
  const taken = new Set<string>();
  for (const split of splits) {
    const veloEntries = await files.list(joinPath(split.dir, 'velodyne'));
    if (veloEntries.some((n) => n.endsWith('.bin'))) {
      throw new DatasetRootError(files.root, `${joinPath(split.dir, 'velodyne')} holds scans, not sequence folders: this is a KITTI object dataset (cairn import kitti)`);
    }
    const sequences = new Set(veloEntries);
    for (const cam of KITTI_COLOUR_CAMERAS) for (const seq of await files.list(joinPath(split.dir, cam.trackingFolder))) sequences.add(seq);
    for (const seq of [...sequences].sort()) {
      const name = folderName(splits.length > 1 ? `${split.name}-${seq}` : seq, taken);
      const scene = await importSequence(files, split, seq, name, report);
      if (scene) scenes.push(scene);
    }
  }
  report.note('The ego frame is the IMU/GPS (OXTS) frame; the world is the IMU frame at the first frame with a valid OXTS packet (Mercator projection scaled at its latitude, as the KITTI devkit does).');
  report.note('Frame timestamps are frame number × 0.1 s: KITTI tracking OXTS files carry no timestamps.');
  report.note('Labels keep alpha, truncated, occluded and the image_02 2D box (bbox_left, bbox_top, bbox_right, bbox_bottom) as attributes; trackId is kitti-<sequence>-<track id>.');
  report.note('DontCare rows are the scene\'s ignore regions: boxes in the cam2 image where nothing is labelled, so a detection there is neither a hit nor a miss.');
  return { name: `KITTI tracking ${baseName(files.root)}`, scenes, report: report.finish(scenes) };
}

async function importSequence(files: DatasetFiles, split: KittiSplit, seq: string, name: string, report: ImportReportBuilder): Promise<ImportedScene | null> {
  const at = (...parts: string[]) => joinPath(split.dir, ...parts);
  // Frames are what any sensor recorded, so a scan missing beside its images is reported, not unnoticed.
  const stemSet = new Set(stemsWith(await files.list(at('velodyne', seq)), '.bin'));
  for (const cam of KITTI_COLOUR_CAMERAS) for (const stem of imagesByStem(await files.list(at(cam.trackingFolder, seq))).keys()) stemSet.add(stem);
  for (const stem of stemSet) {
    if (/^\d+$/.test(stem)) continue;
    report.warning(at('velodyne', seq, `${stem}.bin`), `"${stem}" is not a frame number; skipped`);
    stemSet.delete(stem);
  }
  const stems = [...stemSet].sort();
  if (stemSet.size === 0 || (await files.list(at('velodyne', seq))).length === 0) {
    report.error(at('velodyne', seq), `no Velodyne scans; sequence ${seq} is not imported`);
    return null;
  }
  const oxtsPath = at('oxts', `${seq}.txt`);
  const oxtsText = (await files.exists(oxtsPath)) ? await files.readText(oxtsPath) : null;
  const calibPath = at('calib', `${seq}.txt`);
  const calibText = (await files.exists(calibPath)) ? await files.readText(calibPath) : '';
  const sceneId = uuidFromName(IMPORT_NAMESPACE, `kitti-tracking|${split.name}|${seq}|${stems.length}|${oxtsText?.split('\n', 1)[0] ?? ''}|${calibText}`);
  const cal = await sequenceCalibration(files, calibPath, seq, report);
  const egoFromVelo = cal.imuFromVelo ?? IDENTITY_TRANSFORM;

  const poses = cal.imuFromVelo ? readPoses(oxtsText, oxtsPath, stems, seq, report) : stems.map(() => IDENTITY_TRANSFORM);
  const frames: FrameInput[] = [];
  const frameIdByNumber = new Map<number, string>();
  for (let i = 0; i < stems.length; i++) {
    const stem = stems[i];
    const veloPath = at('velodyne', seq, `${stem}.bin`);
    const pointCount = await kittiScanPointCount(files, veloPath, report, 'missing Velodyne scan; frame skipped');
    if (pointCount === null) continue;
    const frameId = uuidFromName(sceneId, `frame|${stem}`);
    frameIdByNumber.set(Number(stem), frameId);
    frames.push({
      frameId,
      index: frames.length,
      timestamp: Number(stem) * FRAME_PERIOD_S,
      worldFromEgo: poses[i],
      sourceId: stem,
      pointClouds: { [VELODYNE]: { path: veloPath, encoding: 'kitti-bin-xyzi', pointCount } },
      images: {},
    });
  }
  if (frames.length === 0) return null;

  const sensors: SensorInput[] = [{ sensorId: VELODYNE, kind: 'lidar', egoFromSensor: egoFromVelo, beams: 64 }];
  if (cal.calib && cal.veloFromRect) await addCameras(files, split, seq, cal.calib, egoFromVelo, frames, sensors, report);
  for (const folder of KITTI_GRAY_FOLDERS.tracking) {
    const names = await files.list(at(folder, seq));
    report.notConverted(`grayscale images (${folder})`, names.length, 'only the colour cameras (image_02, image_03) are imported');
  }

  const withImage = new Set(frames.filter((f) => f.images?.[DONT_CARE_CAMERA]).map((f) => f.frameId));
  const labels = cal.veloFromRect ? await readTrackLabels(files, at('label_02', `${seq}.txt`), seq, sceneId, cal.veloFromRect, frameIdByNumber, withImage, report) : null;
  return {
    name,
    manifest: {
      format: 'cairn.scene',
      version: 1,
      sceneId,
      name,
      description: `KITTI tracking, ${split.name} sequence ${seq}: ${frames.length} frames at 10 Hz`,
      sensors,
      frames,
      groundTruth: labels?.groundTruth ?? [],
      ...(labels?.ignoreRegions.length ? { ignoreRegions: labels.ignoreRegions } : {}),
    },
  };
}

async function sequenceCalibration(files: DatasetFiles, path: string, seq: string, report: ImportReportBuilder): Promise<SequenceCalibration> {
  const degraded = `sequence ${seq} is imported without cameras, labels or ego poses (the Velodyne is the ego frame)`;
  const calib = await readKittiCalib(files, path, report, degraded);
  if (!calib) return { calib: null, veloFromRect: null, imuFromVelo: null };
  let veloFromRect: RigidTransform | null = null;
  try {
    veloFromRect = veloFromRect0(calib, path);
  } catch (e) {
    report.error(path, `${problemText(e, path)}; sequence ${seq} is imported without cameras or labels`);
  }
  let imuFromVelo: RigidTransform | null = null;
  if (!calib.Tr_imu_to_velo) {
    report.error(path, `no Tr_imu_velo, so the OXTS poses cannot be related to the Velodyne; sequence ${seq} is imported without ego poses (the Velodyne is the ego frame)`);
  } else {
    try {
      imuFromVelo = inverseTransform(transformFromMat3x4(calib.Tr_imu_to_velo, 'Tr_imu_velo'));
    } catch (e) {
      report.error(path, `${(e as Error).message}; sequence ${seq} is imported without ego poses (the Velodyne is the ego frame)`);
    }
  }
  return { calib, veloFromRect, imuFromVelo };
}

/** worldFromImu per frame (by frame number = OXTS line); a bad or missing line keeps the previous pose. */
function readPoses(text: string | null, path: string, stems: readonly string[], seq: string, report: ImportReportBuilder): RigidTransform[] {
  if (text === null) {
    report.error(path, `missing OXTS file; sequence ${seq} has no ego poses (every frame at the identity)`);
    return stems.map(() => IDENTITY_TRANSFORM);
  }
  const lines = text.split(/\r?\n/);
  const packets: (OxtsPacket | null)[] = stems.map((stem) => {
    const n = Number(stem);
    const line = lines[n];
    if (line === undefined || line.trim() === '') {
      report.warning(path, `line ${n + 1}: no OXTS packet for frame ${stem}; the frame keeps the previous pose`);
      return null;
    }
    try {
      return parseOxtsLine(line);
    } catch (e) {
      report.warning(path, `line ${n + 1}: ${(e as Error).message}; frame ${stem} keeps the previous pose`);
      return null;
    }
  });
  report.notConverted('OXTS velocities, accelerations, angular rates and accuracies', packets.filter(Boolean).length, 'Cairn keeps the ego pose of each frame only');
  return oxtsLocalPoses(packets);
}

async function addCameras(
  files: DatasetFiles,
  split: KittiSplit,
  seq: string,
  calib: KittiObjectCalib,
  egoFromVelo: RigidTransform,
  frames: FrameInput[],
  sensors: SensorInput[],
  report: ImportReportBuilder,
): Promise<void> {
  const calibPath = joinPath(split.dir, 'calib', `${seq}.txt`);
  for (const cam of KITTI_COLOUR_CAMERAS) {
    const folder = joinPath(split.dir, cam.trackingFolder, seq);
    const images = imagesByStem(await files.list(folder));
    if (images.size === 0) continue;
    let sensor: Extract<SensorInput, { kind: 'camera' }> | null = null;
    for (const frame of frames) {
      const name = images.get(frame.sourceId!);
      if (!name) {
        report.warning(joinPath(folder, `${frame.sourceId}.png`), `missing image; frame ${frame.sourceId} has no ${cam.sensorId} image`);
        continue;
      }
      const path = joinPath(folder, name);
      const size = await readKittiImage(files, path, report);
      if (!size) continue;
      let calibration;
      try {
        calibration = kittiCameraCalibration(calib, cam.index, egoFromVelo, size, calibPath);
      } catch (e) {
        report.error(calibPath, `${problemText(e, calibPath)}; ${cam.sensorId} is not imported`);
        break;
      }
      if (!sensor) {
        sensor = { sensorId: cam.sensorId, kind: 'camera', opticalConvention: 'opencv', ...calibration };
        sensors.push(sensor);
      }
      const image: ImageRefInput = { path, ...size };
      // One calibration per sequence: only an image of another size needs its own intrinsics.
      if (!sameValues(calibration.intrinsics, sensor.intrinsics)) image.intrinsics = calibration.intrinsics;
      frame.images![cam.sensorId] = image;
    }
  }
}

async function readTrackLabels(
  files: DatasetFiles,
  path: string,
  seq: string,
  sceneId: string,
  veloFromRect: RigidTransform,
  frameIdByNumber: ReadonlyMap<number, string>,
  withImage: ReadonlySet<string>,
  report: ImportReportBuilder,
): Promise<{ groundTruth: GroundTruthInput[]; ignoreRegions: IgnoreRegionInput[] }> {
  const result = { groundTruth: [] as GroundTruthInput[], ignoreRegions: [] as IgnoreRegionInput[] };
  const out = result.groundTruth;
  if (!(await files.exists(path))) return result;
  const seen = new Set<string>();
  let untracked = 0;
  let imageless = 0;
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    report.error(path, `${problemText(e, path)}; sequence ${seq} has no ground truth`);
    return result;
  }
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const where = `line ${i + 1}`;
    try {
      const label = parseKittiTrackingLine(raw, where, i + 1);
      if (label.type === DONT_CARE) {
        const frameId = frameIdByNumber.get(label.frame);
        // Every DontCare row of a sequence has track id −1: the line names the region, as kittiRead names it.
        if (frameId && withImage.has(frameId)) result.ignoreRegions.push(kittiIgnoreRegion(label, { regionId: uuidFromName(sceneId, `dontcare|${i + 1}`), frameId }));
        else imageless++;
        return;
      }
      if (label.trackId < 0) {
        untracked++;
        return;
      }
      const frameId = frameIdByNumber.get(label.frame);
      if (!frameId) {
        report.warning(path, `${where}: frame ${label.frame} has no Velodyne scan; label skipped`);
        return;
      }
      const key = `${label.frame}|${label.trackId}`;
      if (seen.has(key)) {
        report.error(path, `${where}: track ${label.trackId} appears twice in frame ${label.frame}; the second is skipped`);
        return;
      }
      seen.add(key);
      const ids = { objectId: uuidFromName(sceneId, `track|${label.trackId}`), frameId, trackId: `kitti-${seq}-${label.trackId}` };
      out.push(kittiGroundTruth(label, veloFromRect, ids, report));
    } catch (e) {
      report.error(path, `${(e as Error).message}; label skipped`);
    }
  });
  report.notConverted('DontCare regions', imageless, 'the frame has no image_02 image (or no Velodyne scan) for the region to lie in');
  report.notConverted('labels with track id −1', untracked, 'a row outside a DontCare region with no track id names no object to follow');
  return result;
}
