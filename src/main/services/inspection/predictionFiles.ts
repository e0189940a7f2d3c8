import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** The largest predictions file, or sum of a folder's result files, read into memory. */
export const PREDICTION_BYTES_MAX = 512 << 20;
/** The most per-frame result files a KITTI results folder may hold. */
export const PREDICTION_FILES_MAX = 200_000;

/** Predictions as read from disk: one file's text, or a folder of per-frame result files (KITTI). */
export type PredictionSource =
  | { readonly kind: 'file'; readonly path: string; readonly text: string }
  | { readonly kind: 'folder'; readonly path: string; readonly files: readonly { readonly name: string; readonly text: string }[] };

/** A location that could not be read as predictions; the message names it. */
export class PredictionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredictionFileError';
  }
}

/**
 * Reads a predictions file, or a folder's `.txt` result files (KITTI: one per frame, named by the
 * frame), refusing what is missing, empty or too large before reading it.
 */
export async function readPredictionSource(location: string): Promise<PredictionSource> {
  const where = path.resolve(location);
  const info = await stat(where).catch((e: NodeJS.ErrnoException) => {
    throw new PredictionFileError(`${where}: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}`);
  });
  if (info.isDirectory()) {
    const names = (await readdir(where)).filter((n) => n.toLowerCase().endsWith('.txt')).sort();
    if (names.length === 0) throw new PredictionFileError(`${where}: the folder holds no .txt result files (KITTI results are one <frame>.txt per frame)`);
    if (names.length > PREDICTION_FILES_MAX) throw new PredictionFileError(`${where}: ${names.length} result files, more than the ${PREDICTION_FILES_MAX} Cairn reads`);
    let bytes = 0;
    const files: { name: string; text: string }[] = [];
    for (const name of names) {
      const file = path.join(where, name);
      bytes += (await stat(file)).size;
      if (bytes > PREDICTION_BYTES_MAX) throw new PredictionFileError(`${where}: the result files add up to more than ${PREDICTION_BYTES_MAX >> 20} MiB`);
      files.push({ name, text: await readFile(file, 'utf8') });
    }
    return { kind: 'folder', path: where, files };
  }
  if (info.size === 0) throw new PredictionFileError(`${where}: the file is empty`);
  if (info.size > PREDICTION_BYTES_MAX) throw new PredictionFileError(`${where}: ${(info.size / 2 ** 20).toFixed(0)} MiB, more than the ${PREDICTION_BYTES_MAX >> 20} MiB Cairn reads`);
  return { kind: 'file', path: where, text: await readFile(where, 'utf8') };
}
