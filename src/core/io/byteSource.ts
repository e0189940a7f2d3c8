/**
 * Random access to the bytes of one file wherever it lives (disk, HTTP range requests, S3).
 * Readers in core parse through this, a chunk at a time, so no file is ever read whole.
 */
export interface ByteSource {
  /** Names the file in every error message (a path or a URL). */
  readonly name: string;
  size(): Promise<number>;
  /** Exactly `length` bytes from `offset`, or fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: async () => bytes.byteLength,
    read: async (offset, length) => bytes.subarray(Math.max(0, offset), Math.min(bytes.byteLength, offset + length)),
  };
}

/** A malformed input: says which file, where in it, and what is wrong. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number | null,
    readonly problem: string,
  ) {
    super(`${file}${offset === null ? '' : ` (byte ${offset})`}: ${problem}`);
    this.name = 'FormatError';
  }
}
