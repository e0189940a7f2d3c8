import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetFiles } from '../../core/importers/datasetFiles';
import { assertRegularFile } from '../services/pointclouds/regularFile';

/**
 * A dataset folder on disk as the importers' DatasetFiles. Paths are relative to `root`; one that
 * would leave it (absolute, or through "..") is refused, so a table naming "../../etc/passwd"
 * reads nothing outside the dataset; so is anything but a regular file (a FIFO would block).
 */
export function nodeDatasetFiles(root: string): DatasetFiles {
  const base = path.resolve(root);
  const resolve = (relative: string): string => {
    const full = path.resolve(base, relative);
    if (full !== base && !full.startsWith(base + path.sep)) throw new Error(`${relative}: outside the dataset folder`);
    return full;
  };
  const missing = (e: unknown) => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');
  return {
    root: base,
    async list(dir) {
      try {
        return (await fs.readdir(resolve(dir))).sort();
      } catch (e) {
        if (dir !== '' && missing(e)) return [];
        throw e;
      }
    },
    async exists(p) {
      try {
        await fs.stat(resolve(p));
        return true;
      } catch {
        return false;
      }
    },
    async size(p) {
      try {
        const stat = await fs.stat(resolve(p));
        return stat.isFile() ? stat.size : null;
      } catch (e) {
        if (missing(e) || (e as Error).message.endsWith('outside the dataset folder')) return null;
        throw e;
      }
    },
    async readText(p) {
      const full = resolve(p);
      await assertRegularFile(full, p);
      return fs.readFile(full, 'utf8');
    },
    async readBytes(p, start = 0, end) {
      const full = resolve(p);
      await assertRegularFile(full, p);
      const handle = await fs.open(full, 'r');
      try {
        const stop = end ?? (await handle.stat()).size;
        const buffer = Buffer.alloc(Math.max(0, stop - start));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
