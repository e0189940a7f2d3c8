import { openPointCloud } from '../../../core/formats';
import type { PointCloudReader, StandardAttribute } from '../../../core/pointcloud/pointBatch';
import { LodBuilder, type BuildResult, type LodAttribute } from '../lod/lodBuilder';
import { fileSource } from '../stores/fileSource';

export interface ConvertOptions {
  readonly sampling?: 'poisson' | 'random';
  /** Keep only these attributes (default: every one the inputs carry that an octree can hold). */
  readonly attributes?: readonly LodAttribute[];
  readonly memoryMb?: number;
  readonly threads?: number;
  readonly tmpDir?: string;
  readonly name?: string;
}

export interface ConvertHooks {
  readonly signal?: AbortSignal;
  progress?(phase: string, done: number, total: number): void;
}

const CARRIED: readonly LodAttribute[] = ['intensity', 'returnNumber', 'numberOfReturns', 'classification', 'pointSourceId', 'gpsTime', 'rgb'];
const BATCH = 200_000;

/**
 * Streams scans through the native builder into one Potree 2.0 octree. Memory stays bounded by
 * the builder's cap plus one batch per input, whatever the input size. A bad input fails with
 * an error naming the file (and byte offset, from the reader).
 */
export async function convertScans(inputs: readonly string[], outDir: string, options: ConvertOptions = {}, hooks: ConvertHooks = {}): Promise<BuildResult> {
  if (inputs.length === 0) throw new Error('no input files');
  const sources = inputs.map((file) => fileSource(file));
  try {
    const readers: PointCloudReader[] = [];
    for (let i = 0; i < inputs.length; i++) readers.push(await openPointCloud(sources[i], { fileName: inputs[i] }));
    const total = readers.reduce((n, r) => n + r.header.pointCount, 0);
    const present = new Set<StandardAttribute>(readers.flatMap((r) => r.header.attributes));
    const attributes = options.attributes ?? CARRIED.filter((a) => present.has(a as StandardAttribute));
    const scales = readers.map((r) => r.header.scale?.[0]).filter((s): s is number => s !== undefined && s > 0);
    const builder = LodBuilder.create({
      outDir,
      tmpDir: options.tmpDir,
      name: options.name,
      attributes,
      // Keep the sources' quantisation when they agree (lossless for LAS); else millimetres.
      scale: scales.length === readers.length && scales.every((s) => s === scales[0]) ? scales[0] : 0.001,
      bounds: unionBounds(readers),
      sampling: options.sampling ?? 'poisson',
      memoryBytes: (options.memoryMb ?? 2048) * 1024 * 1024,
      threads: options.threads,
    });
    const onAbort = () => builder.cancel();
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let done = 0;
      for (let i = 0; i < readers.length; i++) {
        for await (const batch of readers[i].batches(BATCH)) {
          if (hooks.signal?.aborted) throw new Error('cancelled');
          await builder.add(batch);
          done += batch.count;
          hooks.progress?.('read', done, total);
        }
      }
      return await builder.finish((p) => hooks.progress?.(p.phase, p.done, p.total));
    } catch (e) {
      builder.cancel();
      if (hooks.signal?.aborted) throw new Error('cancelled');
      throw e;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await Promise.all(sources.map((s) => s.close().catch(() => undefined)));
  }
}

function unionBounds(readers: readonly PointCloudReader[]) {
  if (readers.some((r) => !r.header.bounds)) return null;
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
