/**
 * LAZ decompression, kept behind an interface so core parses LAZ structure (header, chunk table)
 * itself and only hands the arithmetic-coded point chunks to a WASM decoder the host provides.
 */
export interface LazChunkReader {
  /** Decodes the next `count` points of the chunk as raw LAS records (count × recordLength bytes). */
  read(count: number): Uint8Array;
  /** Frees the decoder's memory; the reader is unusable afterwards. */
  close(): void;
}

export interface LazDecoder {
  /**
   * Starts decoding one compressed chunk. `pointFormat` is 0–10 without the compression bits;
   * `recordLength` includes extra bytes. Rejects on input the decoder cannot handle.
   */
  openChunk(chunk: Uint8Array, pointFormat: number, recordLength: number): Promise<LazChunkReader>;
  /**
   * Optional: decodes a whole chunk of `pointCount` points at once, off the calling thread. Readers
   * then keep a few chunks in flight, so decoders backed by worker threads decode in parallel.
   */
  decodeChunk?(chunk: Uint8Array, pointFormat: number, recordLength: number, pointCount: number): Promise<Uint8Array>;
}

/** How readers get a decoder: a ready one, or a factory run once, on the first LAZ file. */
export type LazDecoderProvider = LazDecoder | (() => Promise<LazDecoder>);

export async function resolveLazDecoder(provider: LazDecoderProvider | undefined): Promise<LazDecoder> {
  if (provider === undefined) {
    const { defaultLazDecoder } = await import('./lazPerfDecoder');
    return defaultLazDecoder();
  }
  return typeof provider === 'function' ? provider() : provider;
}
