import os from 'node:os';
import { openPointCloud, type LazDecoder } from '../../../core/formats';
import { coordinateProblem, findBadCoordinate, findBadLasCoordinate, MAX_COORDINATE, type BadCoordinate } from '../../../core/formats/coordinateLimits';
import { isLasRecordReader, type LasRecordReader } from '../../../core/formats/las/openLas';
import type { PointCloudReader, StandardAttribute } from '../../../core/pointcloud/pointBatch';
import { createLazWorkerDecoder, type LazWorkerDecoder } from '../lod/lazWorkerDecoder';
import { LodBuilder, type BuildResult, type LodAttribute, type LodEncoding } from '../lod/lodBuilder';
import { fileSource } from '../stores/fileSource';
import { assertRegularFile } from './regularFile';

export interface ConvertOptions {
  readonly sampling?: 'poisson' | 'random';
  /** Keep only these attributes (default: every one the inputs carry that an octree can hold). */
  readonly attributes?: readonly LodAttribute[];
  readonly memoryMb?: number;
  readonly threads?: number;
  readonly tmpDir?: string;
  readonly name?: string;
  /** octree.bin's encoding (default 'default'); the preview is always DEFAULT. */
  readonly encoding?: LodEncoding;
  /**
   * Before the full build, a quick octree from about `maxPoints` points spread over the inputs
   * (read without reading the rest), so a viewer can stream something within seconds while the
   * full build runs. Only for LAS / LAZ inputs of at least `minInputPoints` points in all.
   */
  readonly preview?: { readonly outDir: string; readonly maxPoints: number; readonly minInputPoints: number };
}

export interface ConvertHooks {
  readonly signal?: AbortSignal;
  progress?(phase: string, done: number, total: number): void;
  /** The preview octree is complete in options.preview.outDir. */
  onPreview?(outDir: string, points: number): void;
  /**
   * Called as each stage starts ('preview', 'read', then the builder's 'distribute', 'index',
   * 'write' and 'brotli'), before any of its work: an abort of `signal` from here stops the
   * conversion at that point.
   */
  onPhase?(phase: string): void;
}

const CARRIED: readonly LodAttribute[] = ['intensity', 'returnNumber', 'numberOfReturns', 'classification', 'pointSourceId', 'gpsTime', 'rgb'];
const BATCH = 200_000;
/** Raw LAS/LAZ records per add (about 10 MB of PDRF 3). */
const LAS_BATCH = 300_000;
const LAZ_WORKERS_MIN = 2_000_000;

/**
 * Streams scans through the native builder into one Potree 2.0 octree. Memory stays bounded by
 * the builder's cap plus one batch per input, whatever the input size. A bad input fails with
 * an error naming the file (and the byte offset or point index): one that is not a regular
 * file, holds no points, or has a point that is not finite or lies beyond MAX_COORDINATE.
 */
export async function convertScans(inputs: readonly string[], outDir: string, options: ConvertOptions = {}, hooks: ConvertHooks = {}): Promise<BuildResult> {
  if (inputs.length === 0) throw new Error('no input files');
  for (const file of inputs) await assertRegularFile(file);
  const sources = inputs.map((file) => fileSource(file));
  // Large LAZ / COPC inputs are decompressed on worker threads; below LAZ_WORKERS_MIN points,
  // starting them (a WASM module each) costs more than it saves.
  const workers: { laz: LazWorkerDecoder | null; use: boolean } = { laz: null, use: false };
  const laz = async (): Promise<LazDecoder> => {
    if (workers.use) return (workers.laz ??= createLazWorkerDecoder(options.threads ?? os.availableParallelism()));
    return (await import('../../../core/formats/laz/lazPerfDecoder')).defaultLazDecoder();
  };
  try {
    const readers: PointCloudReader[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const reader = await namingFile(inputs[i], () => openPointCloud(sources[i], { fileName: inputs[i], laz }));
      if (reader.header.pointCount === 0) throw new Error(`${inputs[i]}: holds no points; there is nothing to convert`);
      readers.push(reader);
    }
    const compressed = readers.filter((r) => r.header.format === 'laz' || r.header.format === 'copc');
    workers.use = compressed.reduce((n, r) => n + r.header.pointCount, 0) >= LAZ_WORKERS_MIN;
    const total = readers.reduce((n, r) => n + r.header.pointCount, 0);
    const present = new Set<StandardAttribute>(readers.flatMap((r) => r.header.attributes));
    const attributes = options.attributes ?? CARRIED.filter((a) => present.has(a as StandardAttribute));
    const scale = commonScale(readers);
    const bounds = unionBounds(readers);
    const layout = {
      tmpDir: options.tmpDir,
      name: options.name,
      attributes,
      // Keep the sources' quantisation when they agree (lossless for LAS); else millimetres.
      scale,
      offset: lasAlignedOffset(readers, scale, bounds),
      bounds,
      sampling: options.sampling ?? 'poisson',
      threads: options.threads,
    } as const;
    const preview = options.preview;
    if (preview && total >= preview.minInputPoints && readers.every(isLasRecordReader)) {
      hooks.onPhase?.('preview');
      const points = await buildPreview(readers, inputs, total, preview, layout, hooks);
      if (points > 0) hooks.onPreview?.(preview.outDir, points);
    }
    const builder = LodBuilder.create({ ...layout, outDir, memoryBytes: (options.memoryMb ?? 2048) * 1024 * 1024, encoding: options.encoding });
    const onAbort = () => builder.cancel();
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      hooks.onPhase?.('read');
      let done = 0;
      for (let i = 0; i < readers.length; i++) {
        const reader = readers[i];
        const file = inputs[i];
        await namingFile(file, async () => {
          let read = 0;
          // LAS and LAZ: raw records go to the builder, which converts them on its own thread.
          if (isLasRecordReader(reader) && builder.canAddLas(reader.lasFormat)) {
            for await (const { count, records } of reader.lasRecords(LAS_BATCH)) {
              if (hooks.signal?.aborted) throw new Error('cancelled');
              throwIfBad(file, read, findBadLasCoordinate(records, count, reader.lasFormat));
              await builder.addLas(records, reader.lasFormat, count);
              read += count;
              done += count;
              hooks.progress?.('read', done, total);
            }
            return;
          }
          for await (const batch of reader.batches(BATCH)) {
            if (hooks.signal?.aborted) throw new Error('cancelled');
            throwIfBad(file, read, findBadCoordinate(batch.positions, batch.count));
            await builder.add(batch);
            read += batch.count;
            done += batch.count;
            hooks.progress?.('read', done, total);
          }
          // PCD and PLY readers drop points without a position (an organised cloud's holes).
          if (read === 0) throw new Error(`${file}: holds no points with a finite position; there is nothing to convert`);
        });
      }
      return await builder.finish(
        (p) => hooks.progress?.(p.phase, p.done, p.total),
        (phase) => hooks.onPhase?.(phase),
      );
    } catch (e) {
      builder.cancel();
      if (hooks.signal?.aborted) throw new Error('cancelled');
      throw e;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await workers.laz?.close();
    await Promise.all(sources.map((s) => s.close().catch(() => undefined)));
  }
}

const PREVIEW_MEMORY_BYTES = 256 * 1024 * 1024;

/** The preview octree: each input's share of maxPoints, sampled across it, through the same builder. */
async function buildPreview(
  readers: readonly LasRecordReader[],
  files: readonly string[],
  total: number,
  preview: NonNullable<ConvertOptions['preview']>,
  layout: Omit<Parameters<typeof LodBuilder.create>[0], 'outDir' | 'memoryBytes'>,
  hooks: ConvertHooks,
): Promise<number> {
  const builder = LodBuilder.create({ ...layout, tmpDir: preview.outDir, outDir: preview.outDir, memoryBytes: PREVIEW_MEMORY_BYTES });
  const onAbort = () => builder.cancel();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let added = 0;
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i];
      if (!builder.canAddLas(reader.lasFormat)) {
        builder.cancel();
        return 0;
      }
      const share = Math.max(1, Math.round((preview.maxPoints * reader.header.pointCount) / total));
      await namingFile(files[i], async () => {
        for await (const { count, records } of reader.sampleRecords(share)) {
          if (hooks.signal?.aborted) throw new Error('cancelled');
          // Sampled records have no index in the file; the full read names the point.
          if (findBadLasCoordinate(records, count, reader.lasFormat)) throw new Error(`a point lies beyond ${MAX_COORDINATE} m or is not finite`);
          await builder.addLas(records, reader.lasFormat, count);
          added += count;
          hooks.progress?.('preview', added, preview.maxPoints);
        }
      });
    }
    const result = await builder.finish();
    return result.points;
  } catch (e) {
    builder.cancel();
    throw e;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs `read`, putting `file` in front of any error that does not name it already. */
async function namingFile<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes(file) || message === 'cancelled' || (e as { code?: string } | null)?.code === 'CANCELLED') throw e;
    throw new Error(`${file}: ${message}`, { cause: e });
  }
}

/** `first`: the index in the file of the run's first point. */
function throwIfBad(file: string, first: number, bad: BadCoordinate | null): void {
  if (bad) throw new Error(`${file}: point ${first + bad.index}: ${coordinateProblem(bad)}`);
}

/** The inputs' scale when they all state the same one (per axis when they agree on each), else 1 mm. */
function commonScale(readers: readonly PointCloudReader[]): number | [number, number, number] {
  const scales = readers.map((r) => r.header.scale);
  const first = scales[0];
  if (first && first.every((s) => s > 0) && scales.every((s) => s && s.every((v, a) => v === first[a]))) {
    return first[0] === first[1] && first[1] === first[2] ? first[0] : [first[0], first[1], first[2]];
  }
  const xs = scales.map((s) => s?.[0]).filter((s): s is number => s !== undefined && s > 0);
  return xs.length === readers.length && xs.every((s) => s === xs[0]) ? xs[0] : 0.001;
}

/**
 * The build's offset for LAS/LAZ inputs: a whole number of steps from the first one's own offset,
 * so their records keep their integers (shifted, or not at all when every input shares the
 * offset, as a single file does: its integers then fit whatever its extent). Several offsets:
 * the step nearest the middle of the bounds, which leaves the most room on both sides.
 */
function lasAlignedOffset(
  readers: readonly PointCloudReader[],
  scale: number | readonly [number, number, number],
  bounds: ReturnType<typeof unionBounds>,
): [number, number, number] | undefined {
  const las = readers.find(isLasRecordReader);
  if (!las) return undefined;
  const s = typeof scale === 'number' ? [scale, scale, scale] : scale;
  const o = las.lasFormat.offset;
  if (!s.every((v, a) => v === las.lasFormat.scale[a])) return undefined;
  const shared = readers.every((r) => isLasRecordReader(r) && r.lasFormat.offset.every((v, a) => v === o[a]));
  if (shared || !bounds) return [o[0], o[1], o[2]];
  return [0, 1, 2].map((a) => o[a] + Math.round(((bounds.min[a] + bounds.max[a]) / 2 - o[a]) / s[a]) * s[a]) as [number, number, number];
}

/** The union of the header bounds; null when one is missing or not usable (corrupt headers exist). */
function unionBounds(readers: readonly PointCloudReader[]) {
  const usable = (v: number) => Math.abs(v) <= MAX_COORDINATE;
  if (readers.some((r) => !r.header.bounds || ![...r.header.bounds.min, ...r.header.bounds.max].every(usable))) return null;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const r of readers) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], r.header.bounds!.min[k]);
      max[k] = Math.max(max[k], r.header.bounds!.max[k]);
    }
  }
  return { min, max };
}
