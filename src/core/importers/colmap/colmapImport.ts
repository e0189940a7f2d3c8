import { FormatError } from '../../io/byteSource';
import { IMPORT_NAMESPACE, uuidFromName } from '../../model/uuidFromName';
import { baseName, DatasetRootError, joinPath, type DatasetFiles } from '../datasetFiles';
import { ImportReportBuilder, type DatasetImport, type ImportedScene } from '../importReport';
import { folderName, problemText } from '../manifestParts';
import { NO_POINT3D } from './binaryCursor';
import type { ColmapModel } from './colmapModel';
import { checkModelImages, findImageFolder } from './colmapImageChecks';
import { findColmapModels, type ColmapModelLocation } from './colmapProjectLayout';
import { COLMAP_MODEL_FILE_NAMES, readColmapModel } from './readColmapModel';
import { computeReconstructionStats } from './reconstructionStats';
import { checkStoredErrors, focalByImageName } from './storedErrorCheck';
import { toCairnCamera } from './toCairnCamera';

/** Folder names that say where a model sits in a project rather than what it is. */
const LAYOUT_FOLDER = /^(\d+|sparse|dense)$/;

/**
 * Imports a COLMAP project or a single sparse model folder: one scene per model (see
 * findColmapModels for the layouts). The model stays where it is, in COLMAP's format: the
 * manifest's `reconstruction` block names its folder and its pictures' folder, and Cairn reads
 * the model when the scene opens. The import reads every model once, to report what a reviewer
 * should know before opening it.
 */
export async function importColmap(files: DatasetFiles): Promise<DatasetImport> {
  const report = new ImportReportBuilder('colmap', files.root);
  const { models: locations, incomplete } = await findColmapModels(files);
  const lacks = (m: (typeof incomplete)[number]) => `incomplete COLMAP model: ${m.missing.join(', ')} ${m.missing.length === 1 ? 'is' : 'are'} missing (a model needs cameras, images and points3D)`;
  if (locations.length === 0) {
    const first = incomplete[0];
    throw new DatasetRootError(
      files.root,
      first
        ? `${first.dir || '.'}: ${lacks(first)}`
        : 'not a COLMAP model or project: no cameras, images and points3D (.bin or .txt) here, in sparse/ or sparse/N/, or in dense/N/sparse/',
    );
  }
  for (const m of incomplete) report.error(m.dir || '.', `${lacks(m)}; the model is not imported`);
  const project = projectName(files.root);
  const scenes: ImportedScene[] = [];
  const taken = new Set<string>();
  const originals = new Map<string, { label: string; focal: Map<string, number> }>();
  for (const location of locations) {
    const model = await readModel(files, location, report);
    if (!model) continue;
    if (!location.dense && location.label.startsWith('sparse/')) originals.set(location.label.slice('sparse/'.length), { label: location.label, focal: focalByImageName(model) });
    // dense/N was undistorted from sparse/N: the same model number.
    const original = location.dense ? (originals.get(location.label.split('/').pop()!) ?? null) : null;
    scenes.push(await importModel(files, location, model, project, original, folderName(location.label || project, taken), report));
  }
  report.note("The model stays in COLMAP's format where it lies; the scene's reconstruction block names its folder and Cairn reads it when the scene opens. No frames are made.");
  report.note("Reprojection errors are recomputed with COLMAP's own camera equations, in the pixels of the model's images; COLMAP's stored per-point errors are compared with them.");
  report.note('COLMAP fixes no up axis: the reconstruction view takes "up" from the cameras (the mean of their image-up directions).');
  return { name: `COLMAP ${project}`, scenes, report: report.finish(scenes) };
}

/** "test_colmap/sparse/0" for a model folder given directly, so the name says more than "0". */
function projectName(root: string): string {
  const parts = root.split(/[\\/]+/).filter(Boolean);
  let start = parts.length - 1;
  while (start > 0 && LAYOUT_FOLDER.test(parts[start])) start--;
  return parts.slice(start).join('/') || baseName(root);
}

/** The files of the model's format that are there, so the viewer asks for no file that is not. */
async function modelFiles(files: DatasetFiles, dir: string, ext: string): Promise<string[]> {
  const present = new Set(await files.list(dir));
  return ['cameras', 'images', 'points3D', 'rigs', 'frames'].map((base) => `${base}.${ext}`).filter((name) => present.has(name));
}

async function readModel(files: DatasetFiles, location: ColmapModelLocation, report: ImportReportBuilder): Promise<ColmapModel | null> {
  const present = new Set(await files.list(location.dir));
  const bytes = new Map<string, Uint8Array>();
  try {
    for (const name of COLMAP_MODEL_FILE_NAMES) if (present.has(name)) bytes.set(name, await files.readBytes(joinPath(location.dir, name)));
    return readColmapModel((name) => bytes.get(name), location.dir);
  } catch (e) {
    const file = e instanceof FormatError ? e.file : location.dir || '.';
    const problem = e instanceof FormatError ? `${e.offset === null ? '' : `byte ${e.offset}: `}${e.problem}` : problemText(e, file);
    report.error(file, `${problem}; the model is not imported`);
    return null;
  }
}

async function importModel(
  files: DatasetFiles,
  location: ColmapModelLocation,
  model: ColmapModel,
  project: string,
  original: { label: string; focal: ReadonlyMap<string, number> } | null,
  sceneFolder: string,
  report: ImportReportBuilder,
): Promise<ImportedScene> {
  const dir = location.dir;
  const sceneName = location.label ? `${project}/${location.label}` : project;
  const at = (name: string) => joinPath(dir, name);
  const ext = model.format === 'binary' ? 'bin' : 'txt';
  for (const w of model.warnings) report.warning(dir || '.', w);
  for (const camera of [...model.cameras.values()].sort((a, b) => a.id - b.id)) {
    const converted = toCairnCamera(camera);
    if (!converted.ok) {
      report.warning(
        at(`cameras.${ext}`),
        `camera ${camera.id} (${camera.model}) cannot become a Cairn camera: ${converted.reason}. The reconstruction view still uses it (with COLMAP's own equations); it cannot be used as a camera of a sensor scene`,
      );
    }
  }

  const imageFolder = await findImageFolder(files, location.imageFolders);
  if (imageFolder) await checkModelImages(files, model, imageFolder, report);
  else {
    const hint = dir === '' ? '; to attach them, import the project folder that holds this model and images/' : '';
    report.warning(dir || '.', `no pictures: none of ${location.imageFolders.map((f) => `${f}/`).join(', ')} holds any, so images are shown as keypoints only${hint}`);
  }

  const stats = computeReconstructionStats(model);
  let untriangulated = 0;
  for (const image of model.images.values()) for (let k = 0; k < image.point3DIds.length; k++) if (image.point3DIds[k] === NO_POINT3D) untriangulated++;
  report.notConverted(
    '2D keypoints without a 3D point',
    untriangulated,
    "keypoints COLMAP detected but never triangulated; the reconstruction view draws them over their image, but a Cairn scene has no place for 2D keypoints",
  );
  const errors = checkStoredErrors(dir || '.', stats.summary, location.dense, model, original);
  const storedCount = [...model.points3D.values()].filter((p) => p.error !== -1).length;
  if (errors.notConverted) report.notConverted(`stored per-point errors of ${sceneName}`, storedCount, errors.notConverted);
  if (errors.warning) report.warning(at(`points3D.${ext}`), errors.warning);

  const s = stats.summary;
  const error = Number.isFinite(s.meanReprojectionError) ? `, mean reprojection error ${s.meanReprojectionError.toFixed(3)} px` : '';
  return {
    name: sceneFolder,
    manifest: {
      format: 'cairn.scene',
      version: 1,
      sceneId: uuidFromName(IMPORT_NAMESPACE, `colmap|${project}|${location.label}`),
      name: sceneName,
      description: `COLMAP ${location.dense ? 'undistorted ' : ''}sparse model: ${s.cameras} cameras, ${s.images} images, ${s.points3D} points${error}`,
      reconstruction: { format: 'colmap', model: dir || '.', ...(imageFolder ? { images: imageFolder } : {}), files: await modelFiles(files, dir, ext) },
    },
  };
}
