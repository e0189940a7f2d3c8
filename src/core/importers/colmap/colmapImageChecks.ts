import { joinPath, readImageSize, type DatasetFiles } from '../datasetFiles';
import type { ImportReportBuilder } from '../importReport';
import type { ColmapModel } from './colmapModel';

/** Individual complaints per kind before the rest are summed up in one line. */
const LISTED = 20;

/** The first of `candidates` that is a folder holding anything, or null. */
export async function findImageFolder(files: DatasetFiles, candidates: readonly string[]): Promise<string | null> {
  for (const dir of candidates) if ((await files.list(dir)).length > 0) return dir;
  return null;
}

export interface ImageCheckResult {
  readonly missing: number;
  readonly wrongSize: number;
  readonly unreadable: number;
}

/**
 * Every image the model names must be in the folder at its camera's size: keypoints are in that
 * camera's pixels, so a picture scaled or cropped since (or another picture with the same name)
 * puts every observation in the wrong place. Reads each picture's header only.
 */
export async function checkModelImages(files: DatasetFiles, model: ColmapModel, folder: string, report: ImportReportBuilder): Promise<ImageCheckResult> {
  const missing: string[] = [];
  let wrongSize = 0;
  let unreadable = 0;
  const images = [...model.images.values()].sort((a, b) => a.id - b.id);
  for (const image of images) {
    const path = joinPath(folder, image.name);
    if ((await files.size(path)) === null) {
      missing.push(image.name);
      if (missing.length <= LISTED) report.warning(path, `missing: the model names image ${image.id} (${image.name}), and ${folder}/ does not hold it; it is shown without its picture`);
      continue;
    }
    const size = await readImageSize(files, path);
    if (typeof size === 'string') {
      unreadable++;
      if (unreadable <= LISTED) report.warning(path, `image ${image.id}: ${size}; it is shown without its picture`);
      continue;
    }
    const camera = model.cameras.get(image.cameraId)!;
    if (size.width !== camera.width || size.height !== camera.height) {
      wrongSize++;
      if (wrongSize <= LISTED) {
        report.warning(
          path,
          `image ${image.id} is ${size.width}×${size.height} px, but its camera ${camera.id} (${camera.model}) is ${camera.width}×${camera.height}: its keypoints will not line up with the picture`,
        );
      }
    }
  }
  const more = (n: number, what: string) => {
    if (n > LISTED) report.warning(folder, `${n} of ${images.length} images ${what} (the first ${LISTED} are listed)`);
  };
  more(missing.length, `named by the model are missing from ${folder}/`);
  more(unreadable, 'cannot be read as PNG or JPEG');
  more(wrongSize, 'differ in size from their camera');
  return { missing: missing.length, wrongSize, unreadable };
}
