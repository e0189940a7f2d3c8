/**
 * Locates and loads the native LOD builder (`native/build/Release/cairn_native.node`, built by
 * `node-gyp rebuild --directory native`). Plain Node: no `electron` import.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const NATIVE_BUILD_COMMAND = 'node-gyp rebuild --directory native';
const ADDON_RELATIVE_PATH = path.join('native', 'build', 'Release', 'cairn_native.node');

export type NativeAttributeType =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float'
  | 'double';

export interface NativeAttribute {
  /** Potree 2.0 attribute name ('position', 'intensity', 'rgb', 'gps-time', ...). */
  readonly name: string;
  readonly type: NativeAttributeType;
  readonly numElements?: number;
  readonly description?: string;
}

export interface NativeLodBuilderOptions {
  readonly outDir: string;
  readonly tmpDir: string;
  readonly name?: string;
  /** Bytes per record: int32 x, y, z then the other attributes, as Potree 2.0 DEFAULT stores them. */
  readonly recordSize: number;
  readonly scale: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
  readonly sampling?: 'poisson' | 'random';
  readonly memoryBytes?: number;
  /** Records held in memory rather than spilled to tmpDir (default, and at most, 0.4 × memoryBytes). */
  readonly inMemoryBytes?: number;
  readonly threads?: number;
  /** Levels per hierarchy.bin chunk (Potree's stepSize). */
  readonly hierarchyStepSize?: number;
  /** A node with more points than this is split. */
  readonly maxLeafPoints?: number;
  /** Position (int32 x 3) first; sizes must add up to recordSize. */
  readonly attributes: readonly NativeAttribute[];
}

export type LodPhase = 'spill' | 'distribute' | 'index' | 'write';

export interface LodProgress {
  readonly phase: LodPhase;
  readonly done: number;
  readonly total: number;
}

export interface NativeBuildResult {
  readonly points: number;
  readonly nodes: number;
  readonly depth: number;
  readonly seconds: number;
  readonly chunks: number;
  readonly maxChunkPoints: number;
  readonly cubeMin: [number, number, number];
  readonly cubeSize: number;
  readonly min: [number, number, number];
  readonly max: [number, number, number];
}

/** Raw LAS records: their format and the whole quantisation steps added to their x, y, z. */
export interface NativeLasFormat {
  readonly pointFormat: number;
  readonly recordLength: number;
  readonly shift: readonly [number, number, number];
}

export interface NativeLodBuilder {
  /** Copies the records and returns; the promise settles late when too much is in flight. */
  add(records: Uint8Array): Promise<void>;
  /** As add(), for raw LAS records, converted to records on the builder's own thread. */
  addLas(records: Uint8Array, format: NativeLasFormat): Promise<void>;
  /** The records addLas() makes of raw LAS records, synchronously (tests). */
  convertLas(records: Uint8Array, format: NativeLasFormat): Buffer;
  /**
   * onPhase runs on the JS thread as each phase starts, and the build waits for it to return:
   * a cancel() made there stops the build before any of that phase's work.
   */
  finish(onProgress?: (p: LodProgress) => void, onPhase?: (phase: LodPhase) => void): Promise<NativeBuildResult>;
  cancel(): void;
}

export interface CairnNative {
  readonly LodBuilder: new (options: NativeLodBuilderOptions) => NativeLodBuilder;
  readonly abiVersion: number;
}

/** The nearest directory at or above `start` whose package.json is named "cairn". */
export function findProjectRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'cairn') return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Where the addon is expected: $CAIRN_NATIVE_ADDON, else under the project root. */
export function nativeAddonPath(fromDir: string = __dirname): string {
  const override = process.env.CAIRN_NATIVE_ADDON;
  if (override) return path.resolve(override);
  const root = findProjectRoot(fromDir);
  if (root === null) {
    throw new Error(`Cannot find the Cairn project root (a package.json named "cairn") above ${fromDir}`);
  }
  return path.join(root, ADDON_RELATIVE_PATH);
}

let cached: CairnNative | null = null;

export function loadNativeAddon(fromDir: string = __dirname): CairnNative {
  if (cached) return cached;
  const file = nativeAddonPath(fromDir);
  if (!existsSync(file)) {
    throw new Error(
      `The native LOD builder is not built: ${file} is missing. Build it from the project root with ` +
        `\`${NATIVE_BUILD_COMMAND}\` (needs a C++17 compiler and Python for node-gyp).`,
    );
  }
  const load = createRequire(file);
  try {
    cached = load(file) as CairnNative;
  } catch (err) {
    throw new Error(
      `Cannot load the native LOD builder ${file}: ${(err as Error).message}. Rebuild it with \`${NATIVE_BUILD_COMMAND}\`.`,
    );
  }
  return cached;
}
