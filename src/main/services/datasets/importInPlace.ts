import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatasetImport } from '../../../core/importers/importReport';
import { IMPORT_FORMATS } from '../../import/importFormats';
import { writeImport } from '../../import/writeImport';
import { storeIdFor } from '../stores/storeFactory';

export interface InPlaceImport {
  /** Where the manifests were written (under the workspace): open this. */
  readonly manifestsDir: string;
  readonly format: string;
  /** Problems of the import, each naming its file, for the Open dialog's list. */
  readonly problems: string[];
}

/**
 * Open… on a raw dataset folder (KITTI object or tracking, nuScenes / Lyft tables, COLMAP) does
 * what `cairn import` does: the first format that finds scenes there writes its manifests into
 * the workspace, pointing at the data where it lies; nothing is copied. Null when the folder is
 * not a dataset any importer knows (or not a local folder at all).
 */
export async function importInPlace(location: string, workspaceDir: string): Promise<InPlaceImport | null> {
  const trimmed = location.trim();
  // A robotics log is opened where it lies, on disk or (read by range requests through its index) behind a URL.
  const log = ROBOT_LOG.test(trimmed.replace(/[?#].*$/, ''));
  const remote = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  if (remote && !log) return null; // a URL: remote datasets come with manifests
  const root = remote ? trimmed : path.resolve(trimmed);
  if (!log && (!isFolder(root) || existsSync(path.join(root, 'metadata.json')))) return null;
  for (const format of IMPORT_FORMATS) {
    if (log && !format.acceptsFile) continue;
    let result: DatasetImport;
    const manifestsDir = path.join(workspaceDir, 'imports', storeIdFor(format.name, root));
    try {
      result = await format.run(root, { outDir: manifestsDir, inPlace: true });
    } catch {
      continue; // not this layout: the next format may know it
    }
    if (result.scenes.length === 0) continue;
    await writeImport(result, root, manifestsDir);
    const problems = result.report.problems.filter((p) => p.severity === 'error').map((p) => `${path.join(root, p.file)}: ${p.problem}`);
    return { manifestsDir, format: format.name, problems };
  }
  return null;
}

const ROBOT_LOG = /\.(mcap|bag)$/i;

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
