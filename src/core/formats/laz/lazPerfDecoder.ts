import { createLazPerf } from 'laz-perf';
import type { LazChunkReader, LazDecoder } from './lazDecoder';

/**
 * The part of the laz-perf Emscripten module this decoder uses. laz-perf's own typings lean on
 * @types/emscripten, which is not installed, so they resolve to `any`; this pins what we rely on.
 */
export interface LazPerfModule {
  readonly HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  ChunkDecoder: new () => LazPerfChunkDecoder;
}

interface LazPerfChunkDecoder {
  open(pointFormat: number, recordLength: number, pointer: number): void;
  getPoint(pointer: number): void;
  delete(): void;
}

export interface LazPerfOptions {
  /**
   * Where the browser build finds `laz-perf.wasm` (Emscripten's `locateFile`). Node finds the file
   * beside laz-perf's own script, so it needs nothing.
   */
  readonly locateFile?: (file: string, scriptDirectory: string) => string;
  /** The wasm bytes themselves, when the host prefers to load them. */
  readonly wasmBinary?: ArrayBuffer | Uint8Array;
}

/**
 * A LazDecoder over laz-perf modules made by `factory`. After a WASM trap (possible on corrupt
 * input) a module is in an undefined state, so it is dropped and the next chunk gets a fresh one.
 */
export function lazPerfDecoder(factory: () => Promise<LazPerfModule>): LazDecoder {
  let module: Promise<LazPerfModule> | null = null;
  return {
    async openChunk(chunk, pointFormat, recordLength) {
      const pending = (module ??= factory());
      const m = await pending;
      const poison = () => {
        if (module === pending) module = null;
      };
      let blob = 0;
      let points = 0;
      let pointsCapacity = 0;
      let decoder: LazPerfChunkDecoder;
      try {
        blob = m._malloc(Math.max(1, chunk.byteLength));
        m.HEAPU8.set(chunk, blob);
        decoder = new m.ChunkDecoder();
        decoder.open(pointFormat, recordLength, blob);
      } catch (err) {
        if (blob) m._free(blob);
        poison();
        throw err;
      }
      // Points are decoded into a WASM buffer of up to READ_BLOCK records, then copied out at once.
      const READ_BLOCK = 4096;
      let closed = false;
      const reader: LazChunkReader = {
        read(count) {
          if (closed) throw new Error('chunk reader is closed');
          const out = new Uint8Array(count * recordLength);
          try {
            const block = Math.min(count, READ_BLOCK);
            if (block > pointsCapacity) {
              if (points) m._free(points);
              points = 0;
              points = m._malloc(Math.max(1, block * recordLength));
              pointsCapacity = block;
            }
            for (let done = 0; done < count; ) {
              const k = Math.min(block, count - done);
              for (let i = 0, p = points; i < k; i++, p += recordLength) decoder.getPoint(p);
              // HEAPU8 is re-read each time: memory growth replaces the buffer.
              out.set(m.HEAPU8.subarray(points, points + k * recordLength), done * recordLength);
              done += k;
            }
          } catch (err) {
            poison();
            closed = true;
            throw err;
          }
          return out;
        },
        close() {
          if (closed) return;
          closed = true;
          try {
            decoder.delete();
            m._free(blob);
            if (points) m._free(points);
          } catch {
            poison();
          }
        },
      };
      return reader;
    },
  };
}

/** A decoder backed by laz-perf's WASM build (Node or browser, whichever the bundler resolves). */
export function createLazPerfDecoder(options: LazPerfOptions = {}): LazDecoder {
  const overrides: Record<string, unknown> = {};
  if (options.locateFile) overrides.locateFile = options.locateFile;
  if (options.wasmBinary) overrides.wasmBinary = options.wasmBinary;
  const create = createLazPerf as (overrides: Record<string, unknown>) => Promise<LazPerfModule>;
  return lazPerfDecoder(() => create(overrides));
}

let shared: LazDecoder | null = null;

/** One laz-perf decoder per process with default options, used when a caller passes none. */
export async function defaultLazDecoder(): Promise<LazDecoder> {
  shared ??= createLazPerfDecoder();
  return shared;
}
