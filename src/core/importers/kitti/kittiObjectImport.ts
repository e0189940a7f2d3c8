import { IDENTITY_TRANSFORM, type KittiObjectCalib, type RigidTransform } from '../../camera';
import { IMPORT_NAMESPACE, uuidFromName } from '../../model/uuidFromName';
import { baseName, DatasetRootError, joinPath, type DatasetFiles } from '../datasetFiles';
import { ImportReportBuilder, type DatasetImport, type ImportedScene } from '../importReport';
import { folderName, problemText, sameValues, type CameraSensorInput, type FrameInput, type GroundTruthInput, type IgnoreRegionInput, type ImageRefInput, type SensorInput } from '../manifestParts';
import { KITTI_COLOUR_CAMERAS, KITTI_GRAY_FOLDERS, kittiCameraCalibration, VELODYNE, type CameraCalibration } from './kittiSensors';
import { findKittiSplits, imagesByStem, kittiScanPointCount, readKittiCalib, readKittiImage, stemsWith, type KittiSplit } from './kittiFiles';
import { DONT_CARE, DONT_CARE_CAMERA, kittiGroundTruth, kittiIgnoreRegion } from './kittiGroundTruth';
import { kittiLabelFromFields, veloFromRect0 } from './kittiLabels';

const FRAME_PERIOD_S = 0.1;

interface CameraCapture {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly calibration: CameraCalibration;
}

/**
 * Imports a KITTI object-detection dataset: `training/` and / or `testing/` (or one split folder
 * itself) holding velodyne/, calib/, image_2/ (image_3/) and label_2/. One scene per split, one
 * frame per sample. The ego frame is the Velodyne frame. Every sample has its own calibration
 * file (samples come from different drives), so cameras carry the first sample's calibration and
 * each image whose calibration differs carries its own.
 */
export async function importKittiObject(files: DatasetFiles): Promise<DatasetImport> {
  const report = new ImportReportBuilder('kitti', files.root);
  const splits = await findKittiSplits(files, 'KITTI object');
  const scenes: ImportedScene[] = [];
  const taken = new Set<string>();
  for (const split of splits) {
    const scene = await importSplit(files, split, folderName(split.name, taken), report);
    if (scene) scenes.push(scene);
  }
  report.note('KITTI object samples are separate snapshots from different drives, not a sequence: frame timestamps (index × 0.1 s) only order them, and every ego pose is the identity.');
  report.note('The ego frame is the Velodyne frame; cam2 / cam3 are the rectified colour cameras (pinhole from P2 / P3, no distortion).');
  report.note('Labels keep alpha, truncated, occluded and the image_2 2D box (bbox_left, bbox_top, bbox_right, bbox_bottom) as attributes.');
  report.note('DontCare rows are the scene\'s ignore regions: boxes in the cam2 image where nothing is labelled, so a detection there is neither a hit nor a miss.');
  return { name: `KITTI object ${baseName(files.root)}`, scenes, report: report.finish(scenes) };
}

async function importSplit(files: DatasetFiles, split: KittiSplit, sceneName: string, report: ImportReportBuilder): Promise<ImportedScene | null> {
  const at = (...parts: string[]) => joinPath(split.dir, ...parts);
  const entries = await files.list(split.dir);
  const veloNames = await files.list(at('velodyne'));
  if (!veloNames.some((n) => n.endsWith('.bin')) && entries.includes('oxts')) {
    throw new DatasetRootError(files.root, `${at('velodyne')} holds sequence folders, not scans: this is a KITTI tracking dataset (cairn import kitti-tracking)`);
  }
  const calibNames = await files.list(at('calib'));
  const labelNames = entries.includes('label_2') ? await files.list(at('label_2')) : null;
  const cameraImages = new Map<string, Map<string, string>>();
  for (const cam of KITTI_COLOUR_CAMERAS) {
    if (entries.includes(cam.objectFolder)) cameraImages.set(cam.sensorId, imagesByStem(await files.list(at(cam.objectFolder))));
  }
  for (const folder of KITTI_GRAY_FOLDERS.object) {
    if (entries.includes(folder)) {
      report.notConverted(`grayscale images (${folder})`, (await files.list(at(folder))).length, 'only the colour cameras (image_2, image_3) are imported');
    }
  }
  const stems = [
    ...new Set([
      ...stemsWith(veloNames, '.bin'),
      ...stemsWith(calibNames, '.txt'),
      ...stemsWith(labelNames ?? [], '.txt'),
      ...[...cameraImages.values()].flatMap((m) => [...m.keys()]),
    ]),
  ].sort();

  const firstCalibText = stems.length ? await files.readText(at('calib', `${stems[0]}.txt`)).catch(() => '') : '';
  const sceneId = uuidFromName(IMPORT_NAMESPACE, `kitti-object|${split.name}|${stems.length}|${stems[0] ?? ''}|${stems.at(-1) ?? ''}|${firstCalibText}`);

  const frames: FrameInput[] = [];
  const groundTruth: GroundTruthInput[] = [];
  const ignoreRegions: IgnoreRegionInput[] = [];
  const captures: Map<string, CameraCapture>[] = [];
  for (const stem of stems) {
    const veloPath = at('velodyne', `${stem}.bin`);
    const pointCount = await kittiScanPointCount(files, veloPath, report, `missing Velodyne scan; sample ${stem} skipped (a frame needs its LiDAR scan)`);
    if (pointCount === null) continue;
    const frameId = uuidFromName(sceneId, `frame|${stem}`);
    const calibPath = at('calib', `${stem}.txt`);
    const calib = await readKittiCalib(files, calibPath, report, `sample ${stem} imported without camera images or labels`);
    let veloFromRect: RigidTransform | null = null;
    if (calib) {
      try {
        veloFromRect = veloFromRect0(calib, calibPath);
      } catch (e) {
        report.error(calibPath, `${problemText(e, calibPath)}; sample ${stem} imported without camera images or labels`);
      }
    }
    const frameCaptures = veloFromRect && calib ? await readCaptures(files, split, stem, calib, cameraImages, report) : new Map<string, CameraCapture>();
    captures.push(frameCaptures);
    frames.push({
      frameId,
      index: frames.length,
      timestamp: frames.length * FRAME_PERIOD_S,
      worldFromEgo: IDENTITY_TRANSFORM,
      sourceId: stem,
      pointClouds: { [VELODYNE]: { path: veloPath, encoding: 'kitti-bin-xyzi', pointCount } },
      images: {},
    });
    if (labelNames && veloFromRect) {
      const labels = await readLabels(files, at('label_2', `${stem}.txt`), labelNames.includes(`${stem}.txt`), veloFromRect, sceneId, stem, frameId, frameCaptures.has(DONT_CARE_CAMERA), report);
      groundTruth.push(...labels.groundTruth);
      ignoreRegions.push(...labels.ignoreRegions);
    }
  }
  if (frames.length === 0) {
    report.error(at('velodyne'), `no sample of the ${split.name} split has a Velodyne scan; the split is not imported`);
    return null;
  }

  const sensors: SensorInput[] = [{ sensorId: VELODYNE, kind: 'lidar', egoFromSensor: IDENTITY_TRANSFORM, beams: 64 }];
  for (const cam of KITTI_COLOUR_CAMERAS) {
    const first = captures.find((c) => c.has(cam.sensorId))?.get(cam.sensorId);
    if (!first) continue;
    const sensor: CameraSensorInput = { sensorId: cam.sensorId, kind: 'camera', opticalConvention: 'opencv', ...first.calibration };
    sensors.push(sensor);
    captures.forEach((byCamera, i) => {
      const capture = byCamera.get(cam.sensorId);
      if (!capture) return;
      const image: ImageRefInput = { path: capture.path, width: capture.width, height: capture.height };
      if (!sameValues(capture.calibration.egoFromSensor, sensor.egoFromSensor)) image.egoFromSensor = capture.calibration.egoFromSensor;
      if (!sameValues(capture.calibration.intrinsics, sensor.intrinsics)) image.intrinsics = capture.calibration.intrinsics;
      frames[i].images![cam.sensorId] = image;
    });
  }

  return {
    name: sceneName,
    manifest: {
      format: 'cairn.scene',
      version: 1,
      sceneId,
      name: split.name,
      description: `KITTI object detection, ${split.name}: ${frames.length} samples (separate snapshots, not a sequence)`,
      sensors,
      frames,
      groundTruth,
      ...(ignoreRegions.length ? { ignoreRegions } : {}),
    },
  };
}

/** The sample's colour images with the calibration that holds for each. */
async function readCaptures(
  files: DatasetFiles,
  split: KittiSplit,
  stem: string,
  calib: KittiObjectCalib,
  cameraImages: Map<string, Map<string, string>>,
  report: ImportReportBuilder,
): Promise<Map<string, CameraCapture>> {
  const out = new Map<string, CameraCapture>();
  for (const cam of KITTI_COLOUR_CAMERAS) {
    const images = cameraImages.get(cam.sensorId);
    if (!images) continue;
    const name = images.get(stem);
    if (!name) {
      report.warning(joinPath(split.dir, cam.objectFolder, `${stem}.png`), `missing image; sample ${stem} has no ${cam.sensorId} image`);
      continue;
    }
    const path = joinPath(split.dir, cam.objectFolder, name);
    const size = await readKittiImage(files, path, report);
    if (!size) continue;
    const calibPath = joinPath(split.dir, 'calib', `${stem}.txt`);
    try {
      out.set(cam.sensorId, { path, ...size, calibration: kittiCameraCalibration(calib, cam.index, IDENTITY_TRANSFORM, size, calibPath) });
    } catch (e) {
      report.error(calibPath, `${problemText(e, calibPath)}; the ${cam.sensorId} image of sample ${stem} is not imported`);
    }
  }
  return out;
}

async function readLabels(
  files: DatasetFiles,
  path: string,
  present: boolean,
  veloFromRect: RigidTransform,
  sceneId: string,
  stem: string,
  frameId: string,
  hasImage: boolean,
  report: ImportReportBuilder,
): Promise<{ groundTruth: GroundTruthInput[]; ignoreRegions: IgnoreRegionInput[] }> {
  const out = { groundTruth: [] as GroundTruthInput[], ignoreRegions: [] as IgnoreRegionInput[] };
  if (!present) {
    report.warning(path, `missing label file; sample ${stem} has no ground truth`);
    return out;
  }
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    report.error(path, `${problemText(e, path)}; sample ${stem} has no ground truth`);
    return out;
  }
  const lines = text.split(/\r?\n/);
  let imageless = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      const label = kittiLabelFromFields(line.split(/\s+/), `line ${i + 1}`, i + 1);
      // Named as kittiRead names the same row, so the dataset's region and an imported label are one.
      const objectId = uuidFromName(sceneId, `label|${stem}|${i + 1}`);
      if (label.type === DONT_CARE) {
        if (hasImage) out.ignoreRegions.push(kittiIgnoreRegion(label, { regionId: objectId, frameId }));
        else imageless++;
        return;
      }
      out.groundTruth.push(kittiGroundTruth(label, veloFromRect, { objectId, frameId }, report));
    } catch (e) {
      report.error(path, `${(e as Error).message}; label skipped`);
    }
  });
  report.notConverted('DontCare regions', imageless, 'the sample has no image_2 image for the region to lie in');
  return out;
}
