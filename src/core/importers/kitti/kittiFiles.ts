import { parseKittiCalib, type KittiObjectCalib } from '../../camera';
import { baseName, DatasetRootError, joinPath, listRoot, readImageSize, type DatasetFiles } from '../datasetFiles';
import type { ImportReportBuilder } from '../importReport';
import { problemText } from '../manifestParts';

export const KITTI_BIN_BYTES_PER_POINT = 16;

/** File stems in a listing with the given extension, e.g. "000123" for "000123.bin". */
export function stemsWith(names: readonly string[], extension: string): string[] {
  return names.filter((n) => n.endsWith(extension)).map((n) => n.slice(0, -extension.length));
}

/** The stem → file name map of a folder of images (KITTI ships PNG; JPEG re-encodings exist). */
export function imagesByStem(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of names) {
    const m = /^(.*)\.(png|jpe?g)$/i.exec(n);
    if (m && !out.has(m[1])) out.set(m[1], n);
  }
  return out;
}

/** Point count of a KITTI scan from its size; null (reported) when the file is missing or empty. */
export async function kittiScanPointCount(files: DatasetFiles, path: string, report: ImportReportBuilder, missing: string): Promise<number | null> {
  const size = await files.size(path);
  if (size === null) {
    report.error(path, missing);
    return null;
  }
  if (size === 0) {
    report.error(path, 'the Velodyne scan is empty (0 bytes); frame skipped');
    return null;
  }
  if (size % KITTI_BIN_BYTES_PER_POINT !== 0) {
    report.error(path, `${size} bytes is not a whole number of 16-byte points (float32 x, y, z, reflectance): the scan is truncated and will not load`);
  }
  return Math.floor(size / KITTI_BIN_BYTES_PER_POINT);
}

/** A parsed calibration, or null with the reason reported (`consequence` says what the import does without it). */
export async function readKittiCalib(files: DatasetFiles, path: string, report: ImportReportBuilder, consequence: string): Promise<KittiObjectCalib | null> {
  if (!(await files.exists(path))) {
    report.error(path, `missing calibration; ${consequence}`);
    return null;
  }
  try {
    return parseKittiCalib(await files.readText(path), path);
  } catch (e) {
    report.error(path, `${problemText(e, path)}; ${consequence}`);
    return null;
  }
}

/** An image's size from its header, or null with the reason reported as a warning. */
export async function readKittiImage(files: DatasetFiles, path: string, report: ImportReportBuilder): Promise<{ width: number; height: number } | null> {
  const size = await readImageSize(files, path);
  if (typeof size === 'string') {
    report.warning(path, `${size}; image not imported`);
    return null;
  }
  return size;
}

/** A KITTI split folder: `dir` relative to the dataset root ("" when the root is the split). */
export interface KittiSplit {
  readonly dir: string;
  readonly name: string;
}

const SPLITS = ['training', 'testing'];

/**
 * The splits a KITTI dataset root holds: the root itself when it has velodyne/, else each of
 * training/ and testing/ that does. None is a DatasetRootError naming the layout expected.
 */
export async function findKittiSplits(files: DatasetFiles, what: string): Promise<KittiSplit[]> {
  const top = await listRoot(files);
  if (top.includes('velodyne')) return [{ dir: '', name: baseName(files.root) }];
  const splits: KittiSplit[] = [];
  for (const s of SPLITS) if (top.includes(s) && (await files.list(joinPath(s, 'velodyne'))).length > 0) splits.push({ dir: s, name: s });
  if (splits.length === 0) {
    throw new DatasetRootError(files.root, `not a ${what} dataset: no velodyne/ folder here, and no training/ or testing/ folder holding one`);
  }
  return splits;
}
