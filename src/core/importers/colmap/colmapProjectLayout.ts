import { joinPath, listRoot, type DatasetFiles } from '../datasetFiles';

/** A sparse model found in a COLMAP project, with where its pictures may be. */
export interface ColmapModelLocation {
  /** The model folder relative to the dataset root; "" when the root is the model. */
  readonly dir: string;
  /** What people call it: "sparse/0", "dense/0", or "" for the root itself. */
  readonly label: string;
  /** An undistorted model written by COLMAP's image_undistorter (dense/N/sparse). */
  readonly dense: boolean;
  /** Image folders to try, most specific first. */
  readonly imageFolders: readonly string[];
}

/** A folder holding some of a model's files but not all three in one format. */
export interface IncompleteColmapModel {
  /** The folder relative to the dataset root; "" for the root itself. */
  readonly dir: string;
  /** The files it would need, in the format it holds most of (e.g. ["points3D.bin"]). */
  readonly missing: readonly string[];
}

const REQUIRED = ['cameras', 'images', 'points3D'];

/**
 * What a folder lacks to be a model: [] when it holds cameras, images and points3D, all .bin or
 * all .txt; null when it holds none of them (it is no model at all).
 */
export function missingModelFiles(names: readonly string[]): string[] | null {
  const byFormat = ['bin', 'txt'].map((ext) => REQUIRED.map((b) => `${b}.${ext}`).filter((f) => !names.includes(f)));
  const fewest = byFormat[0].length <= byFormat[1].length ? byFormat[0] : byFormat[1];
  return fewest.length === REQUIRED.length ? null : fewest;
}

/** Numbered model folders in COLMAP's order (0, 1, … 10), then any others by name. */
const byModelNumber = (a: string, b: string) => {
  const na = /^\d+$/.test(a) ? Number(a) : Infinity;
  const nb = /^\d+$/.test(b) ? Number(b) : Infinity;
  return na - nb || a.localeCompare(b);
};

const parentOf = (dir: string) => dir.split('/').slice(0, -1).join('/');

/**
 * The sparse models of a COLMAP project in the layouts COLMAP writes, and the folders there
 * that hold only part of one: the root itself when it is
 * a model folder; else `sparse/` (one model), `sparse/N/` (the mapper's models), `dense/N/sparse`
 * (the undistorter's, with `dense/N/images`), and model folders directly in the root (the root
 * is a `sparse/` folder). Pictures are looked for next to the model folder, then in the root's
 * `images/` — COLMAP's own layout keeps them in `<project>/images`.
 */
export async function findColmapModels(files: DatasetFiles): Promise<{ models: ColmapModelLocation[]; incomplete: IncompleteColmapModel[] }> {
  const top = await listRoot(files);
  const incomplete: IncompleteColmapModel[] = [];
  const holdsModel = (dir: string, names: readonly string[]) => {
    const missing = missingModelFiles(names);
    if (missing?.length) incomplete.push({ dir, missing });
    return missing?.length === 0;
  };
  if (holdsModel('', top)) return { models: [{ dir: '', label: '', dense: false, imageFolders: ['images'] }], incomplete };
  const found: ColmapModelLocation[] = [];
  const add = (dir: string, label: string, dense: boolean) => {
    const parent = parentOf(dir);
    const imageFolders = [...new Set([joinPath(parent, 'images'), 'images'])];
    found.push({ dir, label, dense, imageFolders });
  };
  const isModel = async (dir: string) => holdsModel(dir, await files.list(dir));

  if (top.includes('sparse')) {
    if (await isModel('sparse')) add('sparse', 'sparse', isUndistorterOutput(files.root, top));
    for (const child of (await files.list('sparse')).sort(byModelNumber)) {
      if (await isModel(joinPath('sparse', child))) add(joinPath('sparse', child), joinPath('sparse', child), false);
    }
  }
  if (top.includes('dense')) {
    for (const child of (await files.list('dense')).sort(byModelNumber)) {
      const dir = joinPath('dense', child, 'sparse');
      if (await isModel(dir)) add(dir, joinPath('dense', child), true);
    }
  }
  for (const child of [...top].sort(byModelNumber)) {
    if (['sparse', 'dense', 'images'].includes(child)) continue;
    if (await isModel(child)) add(child, child, false);
    else if (await isModel(joinPath(child, 'sparse'))) add(joinPath(child, 'sparse'), child, true);
  }
  return { models: found, incomplete };
}

/**
 * The undistorter writes `dense/N/` holding `sparse/`, `images/` and `stereo/`; a folder like that
 * given as the root is one, and its model keeps the original images' errors (see storedErrorCheck).
 */
function isUndistorterOutput(root: string, top: readonly string[]): boolean {
  return top.includes('stereo') || /(^|[\\/])dense[\\/][^\\/]+[\\/]?$/.test(root);
}
