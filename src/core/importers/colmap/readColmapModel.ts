import { FormatError } from '../../io/byteSource';
import { readCamerasBinary, readCamerasText } from './camerasFile';
import type { ColmapCamera, ColmapFrame, ColmapImage, ColmapModel, ColmapPoint3D, ColmapRig } from './colmapModel';
import { readImagesBinary, readImagesText } from './imagesFile';
import { readPoints3DBinary, readPoints3DText } from './points3DFile';
import { camFromWorldViaFrame } from './poses';
import { readFramesBinary, readFramesText, readRigsBinary, readRigsText } from './rigsFramesFiles';
import type { RigidTransform } from '../../camera/rigidTransform';

export interface ColmapFile {
  /** The file's name (cameras.bin, images.txt, …); a leading folder path is ignored. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Returns a model file's bytes by its name (e.g. "cameras.bin"), or undefined when there is none. */
export type ColmapFileLookup = (name: string) => Uint8Array | undefined;

/** Every file name a model folder may hold, for hosts that read the folder. */
export const COLMAP_MODEL_FILE_NAMES = ['cameras', 'images', 'points3D', 'rigs', 'frames'].flatMap((b) => [`${b}.bin`, `${b}.txt`]);

export const MAX_WARNINGS = 20;

/** How far an image's stored pose may be from the one its frame implies before it is reported. */
const POSE_TOLERANCE = 1e-6;

const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/**
 * Reads a COLMAP sparse model from its files: cameras, images and points3D, plus rigs and frames
 * in the COLMAP ≥ 3.12 layout, all binary (.bin) or all text (.txt) — binary when both are there,
 * as COLMAP itself chooses. `source` names the folder; every error is a FormatError naming the
 * file as `source/name` with a byte offset (binary) or line (text).
 */
export function readColmapModel(files: readonly ColmapFile[] | ColmapFileLookup, source: string): ColmapModel {
  const lookup: ColmapFileLookup = typeof files === 'function' ? files : fileMap(files);
  const path = (name: string) => (source ? `${source.replace(/[/\\]+$/, '')}/${name}` : name);
  const has = (ext: string) => ['cameras', 'images', 'points3D'].every((b) => lookup(`${b}.${ext}`) !== undefined);
  const ext = has('bin') ? 'bin' : has('txt') ? 'txt' : null;
  if (!ext) {
    const found = COLMAP_MODEL_FILE_NAMES.filter((n) => lookup(n) !== undefined);
    throw new FormatError(source, null, `not a COLMAP sparse model: it needs cameras, images and points3D, all .bin or all .txt (found: ${found.join(', ') || 'none of them'})`);
  }
  const binary = ext === 'bin';
  const read = <T>(base: string, bin: (b: Uint8Array, f: string) => T, txt: (b: Uint8Array, f: string) => T): T | undefined => {
    const name = `${base}.${ext}`;
    const bytes = lookup(name);
    return bytes === undefined ? undefined : (binary ? bin : txt)(bytes, path(name));
  };

  const cameras = read('cameras', readCamerasBinary, readCamerasText)!;
  const rigs = read('rigs', readRigsBinary, readRigsText);
  const frames = read('frames', readFramesBinary, readFramesText);
  if ((rigs === undefined) !== (frames === undefined)) {
    const [present, missing] = rigs ? [`rigs.${ext}`, `frames.${ext}`] : [`frames.${ext}`, `rigs.${ext}`];
    throw new FormatError(path(missing), null, `missing: the model has ${present}, and the COLMAP ≥ 3.12 layout needs both`);
  }
  const images = read('images', readImagesBinary, readImagesText)!;
  const points3D = read('points3D', readPoints3DBinary, readPoints3DText)!;

  const warnings = warningList();
  const fileNames = { cameras: path(`cameras.${ext}`), images: path(`images.${ext}`), points3D: path(`points3D.${ext}`), frames: path(`frames.${ext}`) };
  checkCameras(images, cameras, fileNames);
  const hasRigs = rigs !== undefined;
  const posedImages = hasRigs ? attachFrames(images, rigs, frames!, fileNames.frames, warnings) : images;
  checkTracks(posedImages, points3D, fileNames, warnings);
  return {
    source,
    format: binary ? 'binary' : 'text',
    hasRigs,
    cameras,
    images: posedImages,
    points3D,
    rigs: rigs ?? new Map(),
    frames: frames ?? new Map(),
    warnings: warnings.done(),
  };
}

function fileMap(files: readonly ColmapFile[]): ColmapFileLookup {
  const m = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  return (name) => m.get(name);
}

function warningList() {
  const list: string[] = [];
  let more = 0;
  return {
    add(message: string) {
      if (list.length < MAX_WARNINGS) list.push(message);
      else more++;
    },
    done(): string[] {
      return more > 0 ? [...list, `… and ${more} more warnings`] : list;
    },
  };
}

type Warnings = ReturnType<typeof warningList>;
type FileNames = { cameras: string; images: string; points3D: string; frames: string };

function checkCameras(images: ReadonlyMap<number, ColmapImage>, cameras: ReadonlyMap<number, ColmapCamera>, files: FileNames): void {
  for (const image of images.values()) {
    if (!cameras.has(image.cameraId)) {
      throw new FormatError(files.images, null, `image ${image.id} (${image.name}) uses camera ${image.cameraId}, which ${files.cameras} does not hold`);
    }
  }
}

/**
 * Links images to their frames and gives each the pose COLMAP derives from the frame (COLMAP ≥
 * 3.12 ignores the pose stored in images.bin when frames exist). Images in no frame keep their
 * stored pose and count as unregistered.
 */
function attachFrames(
  images: ReadonlyMap<number, ColmapImage>,
  rigs: ReadonlyMap<number, ColmapRig>,
  frames: ReadonlyMap<number, ColmapFrame>,
  framesFile: string,
  warnings: Warnings,
): Map<number, ColmapImage> {
  const frameOf = new Map<number, number>();
  for (const frame of frames.values()) {
    if (!rigs.has(frame.rigId)) throw new FormatError(framesFile, null, `frame ${frame.id} belongs to rig ${frame.rigId}, which the rigs file does not hold`);
    for (const d of frame.dataIds) {
      if (d.sensor.type !== 'CAMERA') continue;
      const other = frameOf.get(d.id);
      if (other !== undefined) throw new FormatError(framesFile, null, `image ${d.id} is in both frame ${other} and frame ${frame.id}`);
      frameOf.set(d.id, frame.id);
      const image = images.get(d.id);
      if (!image) warnings.add(`frame ${frame.id} holds image ${d.id}, which the images file does not hold`);
      else if (image.cameraId !== d.sensor.id) warnings.add(`frame ${frame.id} holds image ${d.id} as camera ${d.sensor.id}, but the image uses camera ${image.cameraId}`);
    }
  }
  const out = new Map<number, ColmapImage>();
  for (const image of images.values()) {
    const frameId = frameOf.get(image.id);
    if (frameId === undefined) {
      warnings.add(`image ${image.id} (${image.name}) is in no frame, so it counts as unregistered`);
      out.set(image.id, image);
      continue;
    }
    const withFrame = { ...image, frameId };
    const derived = camFromWorldViaFrame({ rigs, frames }, withFrame);
    if (!derived) {
      warnings.add(`image ${image.id} (${image.name}): its camera ${image.cameraId} has no known pose in rig ${frames.get(frameId)!.rigId}; the stored pose is used`);
      out.set(image.id, withFrame);
      continue;
    }
    if (poseDifference(derived, image.camFromWorld) > POSE_TOLERANCE) {
      warnings.add(`image ${image.id} (${image.name}): the stored pose differs from the one frame ${frameId} implies; the frame's is used`);
    }
    out.set(image.id, { ...withFrame, camFromWorld: derived });
  }
  return out;
}

/** Largest difference of quaternion components (q ≡ −q) and of translations relative to their size. */
function poseDifference(a: RigidTransform, b: RigidTransform): number {
  const dot = a.rotation.reduce((s, v, i) => s + v * b.rotation[i], 0);
  const sign = dot < 0 ? -1 : 1;
  const dq = Math.max(...a.rotation.map((v, i) => Math.abs(v - sign * b.rotation[i])));
  const scale = Math.max(1, Math.hypot(...b.translation));
  const dt = Math.max(...a.translation.map((v, i) => Math.abs(v - b.translation[i]))) / scale;
  return Math.max(dq, dt);
}

/**
 * Every track element must name an existing image and keypoint, or nothing can be projected;
 * that is an error. Keypoints that point at missing 3D points, or tracks and keypoints that
 * disagree, are recorded as warnings: the statistics follow the tracks.
 */
function checkTracks(images: ReadonlyMap<number, ColmapImage>, points3D: ReadonlyMap<number, ColmapPoint3D>, files: FileNames, warnings: Warnings): void {
  for (const p of points3D.values()) {
    for (let k = 0; k < p.imageIds.length; k++) {
      const image = images.get(p.imageIds[k]);
      if (!image) throw new FormatError(files.points3D, null, `point3D ${p.id}: track element ${k} names image ${p.imageIds[k]}, which ${files.images} does not hold`);
      const idx = p.point2DIdxs[k];
      if (idx >= image.point3DIds.length) {
        throw new FormatError(files.points3D, null, `point3D ${p.id}: track element ${k} names keypoint ${idx} of image ${image.id}, which has ${image.point3DIds.length}`);
      }
      if (image.point3DIds[idx] !== p.id) {
        warnings.add(`point3D ${p.id}: keypoint ${idx} of image ${image.id} is linked to point3D ${image.point3DIds[idx]}, not to it`);
      }
    }
  }
  for (const image of images.values()) {
    for (let k = 0; k < image.point3DIds.length; k++) {
      const id = image.point3DIds[k];
      if (id >= 0 && !points3D.has(id)) warnings.add(`image ${image.id} (${image.name}): keypoint ${k} names point3D ${id}, which ${files.points3D} does not hold`);
    }
  }
}
