import { composeTransforms, IDENTITY_TRANSFORM, inverseTransform, type RigidTransform } from '../../camera/rigidTransform';
import type { E57Image } from '../../formats/e57/e57Document';
import { openE57, type E57File } from '../../formats/e57/openE57';
import { scanColumns } from '../../formats/e57/e57Points';
import { imageSize } from '../../formats/imageSize';
import type { ByteSource } from '../../io/byteSource';
import { IMPORT_NAMESPACE, uuidFromName } from '../../model/uuidFromName';
import { baseName } from '../datasetFiles';
import { ImportReportBuilder, type DatasetImport } from '../importReport';
import { folderName, type FrameInput, type SensorInput } from '../manifestParts';
import { e57CameraIntrinsics } from './e57Cameras';
import { scanPcdChunks } from './scanPcd';

export interface E57ImportOptions {
  /**
   * Stores a file of the scene's extracted data at a path relative to the scene's folder, from
   * its bytes or from chunks as they are made (a scan's points); a failed write leaves no file.
   */
  readonly write: (sceneFolder: string, relativePath: string, data: Uint8Array | AsyncIterable<Uint8Array>) => Promise<void>;
  readonly progress?: (line: string) => void;
}

const SCANNER = 'scanner';

/**
 * An E57 file as one Cairn scene: a frame per scan, its pose the frame's ego pose (so Merge
 * shows the registered scans together), its points written as a PCD in the scan's own
 * coordinates; each pinhole image with a usable calibration becomes a camera, placed in the
 * frame of the scan it names (the first otherwise) through its own pose. Images of the other
 * representations (spherical, cylindrical, visual reference) are extracted beside it and listed.
 */
export async function importE57(source: ByteSource, options: E57ImportOptions): Promise<DatasetImport> {
  const e57 = await openE57(source);
  const file = baseName(source.name);
  const report = new ImportReportBuilder('e57', source.name);
  const scene = folderName(file.replace(/\.e57$/i, ''), new Set());
  const progress = options.progress ?? (() => {});
  const frames: FrameInput[] = [];
  const sensors: SensorInput[] = [];
  let skipped = 0;

  for (const scan of e57.scans) {
    const path = `clouds/scan-${String(scan.index).padStart(3, '0')}.pcd`;
    let invalid = 0;
    try {
      // Invalid points stay as NaN, so the PCD's count is the record count, known before reading.
      const batches = e57.points(scan, { keepInvalid: true, onSkipped: (n) => (invalid += n) });
      await options.write(scene, path, scanPcdChunks(scan.recordCount, scanColumns(scan), batches));
    } catch (e) {
      report.error(file, `scan ${scan.index} ("${scan.name}"): ${(e as Error).message}; the scan is not imported`);
      continue;
    }
    skipped += invalid;
    const count = scan.recordCount - invalid;
    progress(`${file}: scan ${scan.index + 1}/${e57.scans.length} "${scan.name}": ${count} points written`);
    if (!scan.hasPose && e57.scans.length > 1) report.warning(file, `scan ${scan.index} ("${scan.name}") has no pose; it is taken to be in the file's coordinates`);
    frames.push({
      frameId: uuidFromName(IMPORT_NAMESPACE, `e57|${e57.guid}|${file}|scan ${scan.index}|${scan.guid}`),
      index: frames.length,
      timestamp: frames.length,
      sourceId: scan.name,
      worldFromEgo: scan.pose,
      pointClouds: { [SCANNER]: { path, encoding: 'pcd', pointCount: scan.recordCount, ...(scan.cartesianBounds && count > 0 && { bounds: scan.cartesianBounds }) } },
      images: {},
    });
  }
  if (frames.length) sensors.push({ sensorId: SCANNER, kind: 'lidar', egoFromSensor: IDENTITY_TRANSFORM });
  report.notConverted('points with an invalid cartesian or spherical state', skipped, "E57 keeps a direction-only or missing return as a point with its invalid state set; they stay in the scan's PCD as NaN positions, which Cairn's readers skip");

  const cameraImages = e57.images.filter((im) => im.representation === 'pinhole');
  if (frames.length === 0 && cameraImages.length) {
    // A file of images only: one frame at the file's origin holds them.
    frames.push({ frameId: uuidFromName(IMPORT_NAMESPACE, `e57|${e57.guid}|${file}|images`), index: 0, timestamp: 0, worldFromEgo: IDENTITY_TRANSFORM, pointClouds: {}, images: {} });
  }
  const taken = new Set<string>();
  for (const image of e57.images) {
    const bytes = await readImage(e57, image, file, report);
    if (!bytes) continue;
    const ext = image.blob.kind === 'jpeg' ? 'jpg' : 'png';
    const path = `images/${folderName(image.name, taken)}.${ext}`;
    await options.write(scene, path, bytes.data);
    if (image.representation !== 'pinhole') {
      report.notConverted(`${image.representation} images`, 1, `Cairn's cameras are pinhole or fisheye; the ${image.representation} image "${image.name}" is extracted to ${scene}/${path} but is not a camera`);
      continue;
    }
    const camera = e57CameraIntrinsics(image, bytes.width, bytes.height);
    if (!camera.ok) {
      report.error(file, `pinhole image ${image.index} ("${image.name}"): ${camera.reason}; it is extracted to ${scene}/${path} but is not a camera`);
      continue;
    }
    camera.warnings.forEach((w) => report.warning(file, `pinhole image ${image.index} ("${image.name}"): ${w}`));
    const frame = frames[Math.max(0, e57.scans.findIndex((s) => image.associatedScanGuid !== undefined && s.guid === image.associatedScanGuid))] ?? frames[0];
    if (!image.pose) report.warning(file, `pinhole image ${image.index} ("${image.name}") has no pose; it is placed at its scan's origin looking along +z`);
    const worldFromCamera: RigidTransform = image.pose ?? frame.worldFromEgo;
    const sensorId = `camera-${folderName(image.name, new Set())}-${image.index}`;
    sensors.push({ sensorId, kind: 'camera', opticalConvention: 'opencv', egoFromSensor: composeTransforms(inverseTransform(frame.worldFromEgo as RigidTransform), worldFromCamera), intrinsics: camera.intrinsics });
    frame.images![sensorId] = { path, width: bytes.width, height: bytes.height };
  }
  report.note('One frame per data3D scan, in file order; its ego pose is the scan\'s pose (identity where the file gives none), and its points are written as PCD in the scan\'s own coordinates (x y z as doubles, intensity scaled to 16 bits by its limits, colour to 8 bits a channel).');
  report.note('Frame timestamps are the scans\' indices (0, 1, …), not acquisition times.');
  if (cameraImages.length) report.note('Pinhole cameras: the E57 camera frame is taken as x right, y down, z along the view (OpenCV); fx = focalLength / pixelWidth, fy = focalLength / pixelHeight, the principal point in pixels.');
  if (frames.length === 0) {
    report.error(file, 'the file holds no scan and no pinhole image that could be imported');
    return { name: `E57 ${file}`, scenes: [], report: report.finish([]) };
  }
  const scenes = [
    {
      name: scene,
      manifest: {
        format: 'cairn.scene' as const,
        version: 1 as const,
        sceneId: uuidFromName(IMPORT_NAMESPACE, `e57|${e57.guid}|${file}`),
        name: file.replace(/\.e57$/i, ''),
        description: `E57 ${e57.header.version}: ${e57.scans.length} scan(s), ${e57.images.length} image(s)${e57.library ? `, written by ${e57.library}` : ''}`,
        sensors,
        frames,
      },
    },
  ];
  return { name: `E57 ${file}`, scenes, report: report.finish(scenes) };
}

/** The image's bytes with the size its own header states; null (reported) where the blob is not a PNG or JPEG. */
async function readImage(e57: E57File, image: E57Image, file: string, report: ImportReportBuilder): Promise<{ data: Uint8Array; width: number; height: number } | null> {
  let data: Uint8Array;
  try {
    data = await e57.blob(image.blob);
  } catch (e) {
    report.error(file, `image ${image.index} ("${image.name}"): ${(e as Error).message}; not imported`);
    return null;
  }
  const size = imageSize(data);
  if (size.kind !== 'size') {
    report.error(file, `image ${image.index} ("${image.name}"): its ${image.blob.length}-byte ${image.blob.kind} blob is not a readable image (${size.kind === 'not-an-image' ? size.problem : 'its header is cut short'}); not imported`);
    return null;
  }
  if (image.width && image.height && (size.width !== image.width || size.height !== image.height)) {
    report.warning(file, `image ${image.index} ("${image.name}"): the XML says ${image.width}×${image.height}, the ${size.format} itself ${size.width}×${size.height}; the image's own size is used`);
  }
  return { data, width: size.width, height: size.height };
}
