import { utf8 } from '../../../formats/binary';
import type { DatasetFiles } from '../../datasetFiles';

/** A dataset held in memory, keyed by "/"-separated paths relative to the root, for importer tests. */
export function memoryDatasetFiles(root: string, files: ReadonlyMap<string, Uint8Array>): DatasetFiles {
  const get = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`${path}: no such file`);
    return bytes;
  };
  return {
    root,
    async list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const path of files.keys()) if (path.startsWith(prefix)) names.add(path.slice(prefix.length).split('/')[0]);
      return [...names].sort();
    },
    async exists(path) {
      return files.has(path) || [...files.keys()].some((p) => p.startsWith(`${path}/`));
    },
    async size(path) {
      return files.get(path)?.length ?? null;
    },
    async readText(path) {
      return utf8(get(path));
    },
    async readBytes(path, start = 0, end) {
      const bytes = get(path);
      return bytes.slice(start, end ?? bytes.length);
    },
  };
}
