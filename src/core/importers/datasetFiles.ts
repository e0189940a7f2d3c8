import { imageSize } from '../formats/imageSize';

/**
 * What an importer may ask of a dataset: paths are relative to the dataset root and "/"-separated,
 * so the same importer runs over a folder on disk, a store or files held in memory.
 */
export interface DatasetFiles {
  /** Names the dataset root in messages and in the import report (a folder path or a URL). */
  readonly root: string;
  /** Names of the entries (files and folders) directly in `dir` ("" is the root), sorted; [] when `dir` is not a folder. */
  list(dir: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** Size of a file in bytes; null when there is no such file. */
  size(path: string): Promise<number | null>;
  readText(path: string): Promise<string>;
  /** Bytes [start, end) of a file (fewer at its end); the whole file by default. */
  readBytes(path: string, start?: number, end?: number): Promise<Uint8Array>;
}

/** The root cannot be read, or holds nothing of the format: nothing can be imported. */
export class DatasetRootError extends Error {
  constructor(
    readonly root: string,
    readonly problem: string,
  ) {
    super(`${root}: ${problem}`);
    this.name = 'DatasetRootError';
  }
}

export const joinPath = (...parts: string[]): string => parts.filter((p) => p !== '').join('/');

/** The last path segment of a folder path or URL, for naming a dataset after its folder. */
export function baseName(location: string): string {
  const parts = location.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? location;
}

/** Lists a folder of the root, turning a failure to read the root itself into a DatasetRootError. */
export async function listRoot(files: DatasetFiles): Promise<string[]> {
  try {
    return await files.list('');
  } catch (e) {
    throw new DatasetRootError(files.root, `cannot read the dataset folder: ${(e as Error).message}`);
  }
}

const FIRST_READ = 4096;
const MAX_HEADER = 16 << 20;

/**
 * Image width and height from the file header: the first 4 KB, more only for a JPEG whose frame
 * header comes after large EXIF or ICC segments. A string says what is wrong instead.
 */
export async function readImageSize(files: DatasetFiles, path: string): Promise<{ width: number; height: number } | string> {
  let bytes: Uint8Array = new Uint8Array(0);
  let want = FIRST_READ;
  for (;;) {
    let more: Uint8Array;
    try {
      more = await files.readBytes(path, bytes.length, want);
    } catch (e) {
      return `cannot read: ${(e as Error).message}`;
    }
    const joined = new Uint8Array(bytes.length + more.length);
    joined.set(bytes);
    joined.set(more, bytes.length);
    bytes = joined;
    const result = imageSize(bytes);
    if (result.kind === 'size') return { width: result.width, height: result.height };
    if (result.kind === 'not-an-image') return result.problem;
    if (bytes.length < want) return `the file ends (${bytes.length} bytes) before the image header does`;
    if (result.bytes > MAX_HEADER) return `no image size in the first ${MAX_HEADER} bytes`;
    want = Math.max(result.bytes, want * 2);
  }
}
