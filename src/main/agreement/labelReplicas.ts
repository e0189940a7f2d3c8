import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { annotatorLabelsOf, type AnnotatorLabels } from '../../core/agreement';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { parseKittiCalib, type KittiObjectCalib } from '../../core/camera';
import { readKittiObject } from '../../core/labels/kittiRead';
import type { LabelSet } from '../../core/labels/labelSet';
import { LabelInputError, readLabels, type SourceFormat } from '../convertLabelsCommandIo';
import type { Replicas } from './storeReplicas';

export const LABEL_FORMATS = ['kitti', 'kitti-tracking', 'nuscenes', 'openlabel'] as const;

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** What a location holds, by its layout: a JSON file is OpenLABEL, a folder of KITTI .txt labels is KITTI, and so on. */
export function detectLabelFormat(location: string): SourceFormat {
  if (!existsSync(location)) throw new LabelInputError(`${location}: no such file or folder`);
  if (!isDir(location)) {
    if (location.endsWith('.json')) return 'openlabel';
    throw new LabelInputError(`${location}: not a label set Cairn can tell the format of (an OpenLABEL .json file, or a folder of KITTI labels or nuScenes tables); name it with --format`);
  }
  const has = (name: string) => existsSync(path.join(location, name)) || existsSync(path.join(location, 'training', name));
  if (has('label_02')) return 'kitti-tracking';
  if (has('label_2') || readdirSync(location).some((n) => n.endsWith('.txt'))) return 'kitti';
  if (has('sample_annotation.json') || readdirSync(location).some((n) => isDir(path.join(location, n)) && existsSync(path.join(location, n, 'sample_annotation.json')))) return 'nuscenes';
  throw new LabelInputError(`${location}: neither KITTI labels (label_2/, label_02/ or *.txt) nor nuScenes tables (sample_annotation.json) are here; name the format with --format`);
}

/**
 * KITTI object labels straight from a folder of .txt files (a label_2/ folder or a folder holding
 * one), with the calibration from --calib or the calib/ folder beside label_2/.
 */
function readKittiFolder(location: string, calibDir: string | undefined): LabelSet {
  const labelDir = isDir(path.join(location, 'label_2')) ? path.join(location, 'label_2') : isDir(path.join(location, 'training', 'label_2')) ? path.join(location, 'training', 'label_2') : location;
  const stems = readdirSync(labelDir).filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4)).sort();
  if (stems.length === 0) throw new LabelInputError(`${labelDir}: no KITTI label files (*.txt)`);
  const calibs = calibDir ?? path.join(path.dirname(labelDir), 'calib');
  const samples = stems.map((stem) => {
    const labelPath = path.join(labelDir, `${stem}.txt`);
    const calibPath = path.join(calibs, `${stem}.txt`);
    if (!existsSync(calibPath)) throw new LabelInputError(`${calibPath}: no calibration for ${labelPath} (KITTI boxes are in the camera frame; give the calib/ folder with --calib)`);
    let calib: KittiObjectCalib;
    try {
      calib = parseKittiCalib(readFileSync(calibPath, 'utf8'), calibPath);
    } catch (e) {
      throw new LabelInputError((e as Error).message.startsWith(calibPath) ? (e as Error).message : `${calibPath}: ${(e as Error).message}`);
    }
    return { stem, labels: readFileSync(labelPath, 'utf8'), labelPath, calib, calibPath };
  });
  try {
    return readKittiObject(samples, { name: path.basename(path.resolve(location)) }).set;
  } catch (e) {
    throw new LabelInputError((e as Error).message.includes(labelDir) ? (e as Error).message : `${labelDir}: ${(e as Error).message}`);
  }
}

/** An annotator's name from where their labels are: the folder (above label_2/) or the file's name. */
export function annotatorNameOf(location: string): string {
  const resolved = path.resolve(location);
  const base = path.basename(resolved);
  if (base === 'label_2' || base === 'label_02' || base === 'training') return annotatorNameOf(path.dirname(resolved));
  return base.replace(/\.json$/, '');
}

/**
 * Frames are matched across label sets by the dataset's own name for them (a KITTI stem such as
 * 000042) where the format has one, else by position in the set's frame order.
 */
function frameKeys(set: LabelSet): Map<string, string> {
  return new Map(set.frames.map((f) => [f.frameId, f.sourceId ?? String(f.index)] as const));
}

/** Label sets made anywhere, one per annotator, as the replicas agreement compares. */
export function replicasFromLabels(locations: readonly string[], options: { format?: SourceFormat; calib?: string }, progress: (line: string) => void = () => {}): Replicas {
  const annotators: AnnotatorLabels[] = [];
  const notes: string[] = [];
  const order = new Map<string, number>();
  const taken = new Set<string>();
  for (const location of locations) {
    const format = options.format ?? detectLabelFormat(location);
    const sets = format === 'kitti' ? [readKittiFolder(location, options.calib)] : readLabels(format, location, {}, progress).sets;
    let name = annotatorNameOf(location);
    for (let n = 2; taken.has(name); n++) name = `${annotatorNameOf(location)} ${n}`;
    taken.add(name);
    const records: CuboidAnnotation[] = [];
    for (const set of sets) {
      const keys = frameKeys(set);
      // Sets of several scenes (KITTI tracking sequences) keep their frames apart by the scene's name.
      const prefix = sets.length > 1 ? `${set.sceneName ?? set.sceneId}/` : '';
      for (const f of set.frames) {
        const key = prefix + keys.get(f.frameId)!;
        if (!order.has(key)) order.set(key, f.index);
      }
      for (const r of set.records) records.push({ ...r, frameId: prefix + keys.get(r.frameId)! });
    }
    progress(`${name}: ${records.length} boxes from ${location} (${format})`);
    annotators.push(annotatorLabelsOf(name, records));
  }
  const frames = new Set(annotators.flatMap((a) => Object.keys(a.frames)));
  for (const key of order.keys()) frames.add(key);
  const scene = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const frameIds = [...frames].sort((a, b) => text(scene(a), scene(b)) || (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || text(a, b));
  for (const a of annotators) {
    const missing = frameIds.filter((f) => !(f in a.frames)).length;
    if (missing) notes.push(`${a.annotator} has no boxes on ${missing} of the ${frameIds.length} frames`);
  }
  return { input: { frameIds, annotators }, notes, keys: {} };
}
