import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseKittiCalib } from '../../../core/camera';
import { readKittiPredictions, readNuScenesPredictions, readOpenLabelPredictions, type KittiPredictionFile, type Prediction } from '../../../core/evaluation';
import { worldFromLidarCapture } from '../../../core/scene/captureCalibration';
import type { SceneManifest } from '../../../core/scene/manifest';
import type { RigidTransform } from '../../../core/camera';
import type { PredictionFormat } from '../../../shared/inspectionContract';
import { frameKeys, lidarOf } from './placePredictions';
import { PredictionFileError, type PredictionSource } from './predictionFiles';

/** Which format a source is: a folder of result files is KITTI; a JSON document says by its top-level keys. */
export function detectFormat(source: PredictionSource, doc: unknown): PredictionFormat {
  if (source.kind === 'folder' || source.path.toLowerCase().endsWith('.txt')) return 'kitti';
  const top = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  if ('openlabel' in top) return 'openlabel';
  if ('results' in top) return 'nuscenes';
  throw new PredictionFileError(`${source.path}: neither OpenLABEL (no "openlabel" key) nor nuScenes detection results (no "results" key); name the format to read it as`);
}

function parseJson(source: PredictionSource): unknown {
  if (source.kind !== 'file') return null;
  if (source.path.toLowerCase().endsWith('.txt')) return null;
  try {
    return JSON.parse(source.text) as unknown;
  } catch (e) {
    throw new PredictionFileError(`${source.path}: not JSON (${(e as Error).message})`);
  }
}

/**
 * A KITTI frame's calibration, as KITTI lays a dataset out: calib/<stem>.txt in the results folder
 * or beside it. `allowed` is the host's location check (the calibration is read only where it may be).
 */
async function kittiCalibration(folder: string, stem: string, allowed: (file: string) => boolean) {
  const candidates = [path.join(folder, 'calib', `${stem}.txt`), path.join(path.dirname(folder), 'calib', `${stem}.txt`)];
  for (const file of candidates) {
    if (!allowed(file)) continue;
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) return { calib: parseKittiCalib(text, file), calibPath: file };
  }
  throw new PredictionFileError(`${path.join(folder, `${stem}.txt`)}: no calibration for frame ${stem} (KITTI results are in the camera frame: put calib/${stem}.txt in the results folder or beside it)`);
}

/** Each scene frame's LiDAR pose by every key predictions may name it with (nuScenes: the sample token). */
function posesOf(manifest: SceneManifest): Map<string, RigidTransform> {
  const poses = new Map<string, RigidTransform>();
  for (const frame of manifest.frames) {
    const lidar = lidarOf(frame);
    const pose = lidar ? worldFromLidarCapture(manifest, frame, lidar) : null;
    if (!pose) continue;
    const { frameKey, aliases } = frameKeys(frame);
    for (const k of [frameKey, ...aliases]) if (!poses.has(k)) poses.set(k, pose);
  }
  return poses;
}

/** Reads a source's predictions with the core reader of its format; a reader's refusal names the file and line. */
export async function readPredictions(source: PredictionSource, format: PredictionFormat | undefined, manifest: SceneManifest, allowed: (file: string) => boolean): Promise<{ format: PredictionFormat; predictions: Prediction[] }> {
  const doc = parseJson(source);
  const chosen = format ?? detectFormat(source, doc);
  if (chosen === 'kitti') {
    const files: { name: string; text: string }[] = source.kind === 'folder' ? [...source.files] : [{ name: path.basename(source.path), text: source.text }];
    const folder = source.kind === 'folder' ? source.path : path.dirname(source.path);
    const kitti: KittiPredictionFile[] = [];
    for (const f of files) {
      const stem = f.name.replace(/\.txt$/i, '');
      kitti.push({ stem, text: f.text, path: path.join(folder, f.name), ...(await kittiCalibration(folder, stem, allowed)) });
    }
    return { format: chosen, predictions: readKittiPredictions(kitti) };
  }
  if (source.kind !== 'file' || doc === null) throw new PredictionFileError(`${source.path}: ${chosen} predictions are one JSON file`);
  const lidar = manifest.frames.map(lidarOf).find((l): l is string => l !== null) ?? 'lidar_top';
  const predictions = chosen === 'nuscenes' ? readNuScenesPredictions(doc, source.path, posesOf(manifest), lidar) : readOpenLabelPredictions(doc, source.path);
  return { format: chosen, predictions };
}
