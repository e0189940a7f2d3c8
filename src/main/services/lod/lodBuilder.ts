/**
 * Builds a Potree 2.0 octree from point batches with the native out-of-core builder. This side
 * quantises positions and packs each point into a record laid out as Potree 2.0 DEFAULT stores
 * it in octree.bin (or, for raw LAS/LAZ records, addLas() lets the native side convert them);
 * the native side holds or spills, chunks, indexes and writes. A BROTLI build then re-encodes the
 * finished octree (brotliEncoding.ts).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { LasRecordFormat } from '../../../core/formats/las/openLas';
import type { PointBatch } from '../../../core/pointcloud/pointBatch';
import { encodeOctreeBrotli } from './brotliEncoding';
import {
  loadNativeAddon,
  type LodPhase as NativeLodPhase,
  type NativeAttribute,
  type NativeAttributeType,
  type NativeLasFormat,
  type NativeLodBuilder,
} from './nativeAddon';

/** The native build's phases, then 'brotli' while a BROTLI build re-encodes its nodes. */
export type LodPhase = NativeLodPhase | 'brotli';

export interface LodProgress {
  readonly phase: LodPhase;
  readonly done: number;
  readonly total: number;
}

/** How octree.bin stores the points (Potree 2.0's `encoding`). */
export type LodEncoding = 'default' | 'brotli';

/** Attributes a build can carry besides the position. */
export type LodAttribute =
  | 'intensity'
  | 'returnNumber'
  | 'numberOfReturns'
  | 'classification'
  | 'pointSourceId'
  | 'gpsTime'
  | 'rgb';

interface AttributeLayout {
  readonly potreeName: string;
  readonly type: NativeAttributeType;
  readonly numElements: number;
  readonly size: number;
}

/** Record order (the order PotreeConverter writes LAS attributes in) and encodings. */
export const LOD_ATTRIBUTE_LAYOUT: Readonly<Record<LodAttribute, AttributeLayout>> = {
  intensity: { potreeName: 'intensity', type: 'uint16', numElements: 1, size: 2 },
  returnNumber: { potreeName: 'return number', type: 'uint8', numElements: 1, size: 1 },
  numberOfReturns: { potreeName: 'number of returns', type: 'uint8', numElements: 1, size: 1 },
  classification: { potreeName: 'classification', type: 'uint8', numElements: 1, size: 1 },
  pointSourceId: { potreeName: 'point source id', type: 'uint16', numElements: 1, size: 2 },
  gpsTime: { potreeName: 'gps-time', type: 'double', numElements: 1, size: 8 },
  rgb: { potreeName: 'rgb', type: 'uint16', numElements: 3, size: 6 },
};
const ATTRIBUTE_ORDER = Object.keys(LOD_ATTRIBUTE_LAYOUT) as LodAttribute[];

export interface RecordLayout {
  readonly recordSize: number;
  readonly attributes: readonly { readonly attribute: LodAttribute | 'position'; readonly offset: number }[];
  readonly native: readonly NativeAttribute[];
}

export function recordLayout(attributes: readonly LodAttribute[]): RecordLayout {
  const wanted = new Set(attributes);
  const list: { attribute: LodAttribute | 'position'; offset: number }[] = [{ attribute: 'position', offset: 0 }];
  const native: NativeAttribute[] = [{ name: 'position', type: 'int32', numElements: 3 }];
  let offset = 12;
  for (const a of ATTRIBUTE_ORDER) {
    if (!wanted.has(a)) continue;
    const l = LOD_ATTRIBUTE_LAYOUT[a];
    list.push({ attribute: a, offset });
    native.push({ name: l.potreeName, type: l.type, numElements: l.numElements });
    offset += l.size;
  }
  return { recordSize: offset, attributes: list, native };
}

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const finiteVec3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

const optionsSchema = z.object({
  outDir: z.string().min(1),
  tmpDir: z.string().min(1).optional(),
  name: z.string().optional(),
  attributes: z.array(z.enum(ATTRIBUTE_ORDER as [LodAttribute, ...LodAttribute[]])).optional(),
  scale: z.union([z.number().positive().finite(), z.tuple([z.number().positive().finite(), z.number().positive().finite(), z.number().positive().finite()])]).optional(),
  offset: finiteVec3.optional(),
  bounds: z.object({ min: vec3, max: vec3 }).nullable().optional(),
  sampling: z.enum(['poisson', 'random']).optional(),
  memoryBytes: z.number().int().min(16 * 1024 * 1024).optional(),
  inMemoryBytes: z.number().int().min(0).optional(),
  threads: z.number().int().min(1).max(256).optional(),
  hierarchyStepSize: z.number().int().min(1).max(16).optional(),
  maxLeafPoints: z.number().int().min(16).optional(),
  encoding: z.enum(['default', 'brotli']).optional(),
});

export interface LodBuilderOptions {
  /** Where metadata.json, hierarchy.bin and octree.bin go (created if missing). */
  readonly outDir: string;
  /** Scratch space; defaults to the OS temp directory. Needs about twice the input's record bytes. */
  readonly tmpDir?: string;
  readonly name?: string;
  /** Attributes to keep besides the position (default none). */
  readonly attributes?: readonly LodAttribute[];
  /** Quantisation step, per axis or for all (default 0.001). */
  readonly scale?: number | readonly [number, number, number];
  /** Quantisation origin; defaults to bounds.min, else the first batch's minimum. */
  readonly offset?: readonly [number, number, number];
  /** Header bounds, when the source states them. */
  readonly bounds?: PointBoundsLike | null;
  readonly sampling?: 'poisson' | 'random';
  /** Memory cap for the native side (default 1 GiB, at least 16 MiB). */
  readonly memoryBytes?: number;
  /**
   * Advanced: records kept in memory instead of spilled to tmpDir (default, and at most, 0.4 ×
   * memoryBytes). An input that fits is chunked in memory; a larger one is spilled whole.
   */
  readonly inMemoryBytes?: number;
  /** Indexing threads (default: available parallelism). */
  readonly threads?: number;
  /** Advanced: levels per hierarchy chunk (default 4). */
  readonly hierarchyStepSize?: number;
  /** Advanced: a node holding more points is split (default 10,000). */
  readonly maxLeafPoints?: number;
  /**
   * 'default' (interleaved records, what the app streams today) or 'brotli' (compressed nodes,
   * smaller on disk and over the wire, decoded on the client): the DEFAULT octree is re-encoded
   * once written.
   */
  readonly encoding?: LodEncoding;
}

interface PointBoundsLike {
  readonly min: readonly [number, number, number];
  readonly max: readonly [number, number, number];
}

export interface BuildResult {
  readonly points: number;
  readonly nodes: number;
  readonly depth: number;
  readonly outDir: string;
  readonly seconds: number;
  /** Tight bounds of the points, in world units. */
  readonly bounds: { readonly min: [number, number, number]; readonly max: [number, number, number] };
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class LodBuilder {
  private native: NativeLodBuilder | null = null;
  private offset: [number, number, number] | null;
  private readonly scale: [number, number, number];
  private readonly layout: RecordLayout;
  private cancelled = false;
  private finished = false;
  private readonly abort = new AbortController();
  private readonly tmpDir: string;

  private constructor(private readonly options: LodBuilderOptions) {
    const s = options.scale ?? 0.001;
    this.scale = typeof s === 'number' ? [s, s, s] : [s[0], s[1], s[2]];
    const o = options.offset ?? options.bounds?.min ?? null;
    this.offset = o ? [o[0], o[1], o[2]] : null;
    this.layout = recordLayout(options.attributes ?? []);
    this.tmpDir = options.tmpDir ?? os.tmpdir();
  }

  static create(options: LodBuilderOptions): LodBuilder {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ');
      throw new Error(`Invalid LOD build options: ${issues}`);
    }
    const outDir = path.resolve(options.outDir);
    try {
      mkdirSync(outDir, { recursive: true });
      accessSync(outDir, constants.W_OK);
    } catch (err) {
      throw new Error(`Cannot write the LOD output directory ${outDir}: ${(err as Error).message}`);
    }
    const builder = new LodBuilder({ ...options, outDir });
    // With a known offset the native builder starts now, so its own checks (a write probe in
    // outDir, the temporary directory) fail at creation.
    if (builder.offset) builder.ensureNative();
    return builder;
  }

  get recordSize(): number {
    return this.layout.recordSize;
  }

  async add(batch: PointBatch): Promise<void> {
    this.assertOpen('add');
    if (batch.count === 0) return;
    if (!this.offset) this.offset = batchMin(batch);
    const records = this.pack(batch);
    await this.ensureNative().add(records);
  }

  /**
   * Whether raw LAS records in this format can go straight to addLas(): the same scale on every
   * axis and an offset a whole number of steps from the build's (then the records are exactly
   * what add() makes of the decoded points). Fixes the build's offset to the file's if unset.
   */
  canAddLas(format: LasRecordFormat): boolean {
    return this.lasFormat(format) !== null;
  }

  /**
   * Adds `count` raw LAS records (format from canAddLas); the conversion to records runs on the
   * builder's thread, so the caller can read the next batch meanwhile.
   */
  async addLas(records: Uint8Array, format: LasRecordFormat, count = records.byteLength / format.recordLength): Promise<void> {
    this.assertOpen('addLas');
    if (count === 0) return;
    const native = this.lasFormat(format);
    if (!native) throw new Error('LodBuilder.addLas(): the LAS scale or offset does not match the build; use add()');
    const bytes = count * format.recordLength;
    if (records.byteLength < bytes) throw new Error(`LAS batch has ${count} points but only ${records.byteLength} bytes`);
    await this.ensureNative().addLas(records.byteLength === bytes ? records : records.subarray(0, bytes), native);
  }

  /** The records addLas() makes of raw LAS records (exposed for tests). */
  packLas(records: Uint8Array, format: LasRecordFormat): Buffer {
    const native = this.lasFormat(format);
    if (!native) throw new Error('LodBuilder.packLas(): the LAS scale or offset does not match the build');
    return this.ensureNative().convertLas(records, native);
  }

  private lasFormat(format: LasRecordFormat): NativeLasFormat | null {
    for (let a = 0; a < 3; a++) if (format.scale[a] !== this.scale[a]) return null;
    if (!this.offset) {
      if (this.native) return null;
      this.offset = [format.offset[0], format.offset[1], format.offset[2]];
    }
    const shift: [number, number, number] = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      const steps = (format.offset[a] - this.offset[a]) / this.scale[a];
      const whole = Math.round(steps);
      if (!(Math.abs(steps - whole) <= 1e-6) || Math.abs(whole) > 2 ** 32) return null;
      shift[a] = whole;
    }
    return { pointFormat: format.pointFormat, recordLength: format.recordLength, shift };
  }

  /**
   * Builds the octree. `onPhase` is called as each phase starts ('distribute', 'index', 'write',
   * then 'brotli'), before any of its work: a cancel() from there stops the build at that point.
   */
  async finish(onProgress?: (p: LodProgress) => void, onPhase?: (phase: LodPhase) => void): Promise<BuildResult> {
    this.assertOpen('finish');
    this.finished = true;
    if (!this.offset) this.offset = [0, 0, 0];
    const r = await this.ensureNative().finish(onProgress, onPhase);
    if (this.options.encoding === 'brotli') {
      onPhase?.('brotli');
      if (this.cancelled) throw buildCancelled();
      try {
        await encodeOctreeBrotli(this.options.outDir, {
          signal: this.abort.signal,
          onProgress: (done, total) => onProgress?.({ phase: 'brotli', done, total }),
        });
      } catch (err) {
        throw this.cancelled ? buildCancelled() : err;
      }
    }
    return {
      points: r.points,
      nodes: r.nodes,
      depth: r.depth,
      outDir: this.options.outDir,
      seconds: r.seconds,
      bounds: { min: r.min, max: r.max },
    };
  }

  /** Stops the build: pending and later calls reject with a 'cancelled' error; temporary files go. */
  cancel(): void {
    this.cancelled = true;
    this.native?.cancel();
    this.abort.abort();
  }

  /** Packs a batch into records (exposed for tests and benchmarks). */
  pack(batch: PointBatch): Buffer {
    const n = batch.count;
    const R = this.layout.recordSize;
    const offset = this.offset ?? batchMin(batch);
    const [sx, sy, sz] = this.scale;
    const pos = batch.positions;
    if (pos.length < 3 * n) throw new Error(`Point batch has ${n} points but only ${pos.length} position values`);
    const buf = Buffer.alloc(n * R);
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const scale = [sx, sy, sz];
    for (let i = 0, o = 0; i < n; i++, o += R) {
      for (let a = 0; a < 3; a++) {
        const v = pos[3 * i + a];
        const q = Math.round((v - offset[a]) / scale[a]);
        if (!(q >= INT32_MIN && q <= INT32_MAX)) {
          throw new Error(
            `Point ${i} of the batch (${pos[3 * i]}, ${pos[3 * i + 1]}, ${pos[3 * i + 2]}) cannot be quantised to int32 ` +
              `with scale ${scale.join(', ')} and offset ${offset.join(', ')}` +
              (Number.isFinite(v) ? ': use a larger scale or give the header bounds' : ': not a finite coordinate'),
          );
        }
        dv.setInt32(o + 4 * a, q, true);
      }
    }
    for (const { attribute, offset: at } of this.layout.attributes) {
      if (attribute === 'position') continue;
      writeAttribute(dv, attribute, at, R, batch);
    }
    return buf;
  }

  private ensureNative(): NativeLodBuilder {
    if (this.native) return this.native;
    const addon = loadNativeAddon();
    const o = this.options;
    this.native = new addon.LodBuilder({
      outDir: o.outDir,
      tmpDir: this.tmpDir,
      name: o.name ?? path.basename(o.outDir),
      recordSize: this.layout.recordSize,
      scale: this.scale,
      offset: this.offset ?? [0, 0, 0],
      sampling: o.sampling ?? 'poisson',
      memoryBytes: o.memoryBytes ?? 1024 * 1024 * 1024,
      ...(o.inMemoryBytes !== undefined && { inMemoryBytes: o.inMemoryBytes }),
      threads: o.threads ?? os.availableParallelism(),
      hierarchyStepSize: o.hierarchyStepSize ?? 4,
      maxLeafPoints: o.maxLeafPoints ?? 10000,
      attributes: this.layout.native,
    });
    if (this.cancelled) this.native.cancel();
    return this.native;
  }

  private assertOpen(what: string): void {
    if (this.cancelled) throw buildCancelled();
    if (this.finished) throw new Error(`LodBuilder.${what}() called after finish()`);
  }
}

function buildCancelled(): Error {
  const e = new Error('LOD build cancelled') as Error & { code?: string };
  e.code = 'CANCELLED';
  return e;
}

function batchMin(batch: PointBatch): [number, number, number] {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const p = batch.positions;
  for (let i = 0; i < batch.count; i++) {
    for (let a = 0; a < 3; a++) {
      const v = p[3 * i + a];
      if (v < min[a]) min[a] = v;
    }
  }
  return [0, 1, 2].map((a) => (Number.isFinite(min[a]) ? min[a] : 0)) as [number, number, number];
}

function column<T extends { length: number }>(batch: PointBatch, name: string, arr: T | undefined, perPoint: number): T | undefined {
  if (arr && arr.length < batch.count * perPoint) {
    throw new Error(`Point batch has ${batch.count} points but its ${name} column holds ${arr.length} values`);
  }
  return arr;
}

/** Missing columns are written as zeros. */
function writeAttribute(dv: DataView, attribute: LodAttribute, at: number, R: number, batch: PointBatch): void {
  const n = batch.count;
  switch (attribute) {
    case 'intensity': {
      const c = column(batch, attribute, batch.intensity, 1);
      if (c) for (let i = 0; i < n; i++) dv.setUint16(i * R + at, c[i], true);
      return;
    }
    case 'returnNumber':
    case 'numberOfReturns':
    case 'classification': {
      const c = column(batch, attribute, batch[attribute], 1);
      if (c) for (let i = 0; i < n; i++) dv.setUint8(i * R + at, c[i]);
      return;
    }
    case 'pointSourceId': {
      const c = column(batch, attribute, batch.pointSourceId, 1);
      if (c) for (let i = 0; i < n; i++) dv.setUint16(i * R + at, c[i], true);
      return;
    }
    case 'gpsTime': {
      const c = column(batch, attribute, batch.gpsTime, 1);
      if (c) for (let i = 0; i < n; i++) dv.setFloat64(i * R + at, c[i], true);
      return;
    }
    case 'rgb': {
      const c = column(batch, attribute, batch.rgb, 3);
      if (c) {
        for (let i = 0; i < n; i++) {
          const o = i * R + at;
          dv.setUint16(o, c[3 * i], true);
          dv.setUint16(o + 2, c[3 * i + 1], true);
          dv.setUint16(o + 4, c[3 * i + 2], true);
        }
      }
      return;
    }
  }
}
