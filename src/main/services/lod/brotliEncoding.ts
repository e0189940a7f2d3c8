/**
 * Re-encodes a finished Potree 2.0 DEFAULT octree folder as BROTLI, node by node: octree.bin is
 * never read whole (it can be several GB), a bounded number of nodes are compressed at once on
 * libuv's threads, and the new octree.bin is written sequentially in hierarchy order. The new
 * files are written under temporary names and renamed over the old ones only once complete, so an
 * error or a cancellation leaves the DEFAULT octree as it was.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompress, constants as zlib } from 'node:zlib';
import { brotliNodeLayout, recordsToBrotliColumns, type BrotliNodeLayout, type PotreeAttributeDef } from '../../../core/formats/potree/brotliNodeLayout';
import { HIERARCHY_RECORD_SIZE, NODE_TYPE_PROXY, readHierarchyChunk } from '../../../core/formats/potree/potreeHierarchy';

/**
 * From bench/lod/brotli.bench.ts on a 20M-point LAS octree (2 cores): 5 makes the same size as 6
 * and 9 (38 % of DEFAULT) in 0.84 of 6's time and a ninth of 9's; 11 is 16 % smaller again but 21
 * times slower (8 minutes), and its nodes take longer than a second each. PotreeConverter uses 6.
 */
export const DEFAULT_BROTLI_QUALITY = 5;

export interface BrotliEncodeOptions {
  /** Brotli quality, 0–11 (default DEFAULT_BROTLI_QUALITY). */
  readonly quality?: number;
  /** Nodes in flight at once (default: libuv's thread pool size, at most the cores). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Points re-encoded so far, of all the octree's points. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BrotliEncodeResult {
  readonly nodes: number;
  readonly points: number;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
  readonly seconds: number;
  /** Whole steps the positions moved by (added to metadata's offset) so that X, Y, Z ≥ 0. */
  readonly shift: readonly [number, number, number];
}

const TEMP_SUFFIX = '.brotli-tmp';
/** Replaced in this order: metadata.json (which names the encoding) last. */
const FILES = ['octree.bin', 'hierarchy.bin', 'metadata.json'] as const;
/** A progress report every this many ms, or every 1 % of the points, whichever comes first. */
const PROGRESS_INTERVAL_MS = 250;

interface NodeEntry {
  readonly name: string;
  readonly numPoints: number;
  readonly byteOffset: number;
  readonly byteSize: number;
  /** Offset of its record in hierarchy.bin. */
  readonly recordAt: number;
}

interface Meta {
  version?: unknown;
  encoding?: unknown;
  points?: unknown;
  offset?: unknown;
  scale?: unknown;
  hierarchy?: { firstChunkSize?: unknown };
  boundingBox?: { min?: unknown };
  tightBoundingBox?: { min?: unknown };
  attributes?: unknown;
}

function cancelledError(): Error {
  const e = new Error('BROTLI encoding cancelled') as Error & { code?: string };
  e.code = 'CANCELLED';
  return e;
}

export async function encodeOctreeBrotli(dir: string, options: BrotliEncodeOptions = {}): Promise<BrotliEncodeResult> {
  const started = performance.now();
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError();
  const quality = options.quality ?? DEFAULT_BROTLI_QUALITY;
  if (!(Number.isInteger(quality) && quality >= 0 && quality <= 11)) throw new RangeError(`brotli quality must be 0–11, got ${quality}`);
  const file = (name: string) => path.join(dir, name);
  const fail = (problem: string) => new Error(`Cannot BROTLI-encode the octree in ${dir}: ${problem}`);

  const meta = await readMetadata(file('metadata.json'), fail);
  const scale = vec3(meta.scale, 'scale', fail);
  const offset = vec3(meta.offset, 'offset', fail);
  let layout: BrotliNodeLayout;
  try {
    layout = brotliNodeLayout(meta.attributes as PotreeAttributeDef[]);
  } catch (err) {
    throw fail((err as Error).message);
  }
  const hierarchy = await fs.readFile(file('hierarchy.bin'));
  const bytesBefore = (await fs.stat(file('octree.bin'))).size;
  const nodes = walkHierarchy(hierarchy, Number(meta.hierarchy?.firstChunkSize), layout.recordSize, bytesBefore, fail);
  const points = nodes.reduce((n, node) => n + node.numPoints, 0);
  const shift = rebaseShift(meta, offset, scale);

  const temp = (name: string) => file(name) + TEMP_SUFFIX;
  const concurrency = Math.max(1, options.concurrency ?? Math.min(os.availableParallelism(), Number(process.env.UV_THREADPOOL_SIZE) || 4));

  const input = await fs.open(file('octree.bin'), 'r');
  const inFlight = new Set<Promise<unknown>>();
  let output: fs.FileHandle | null = null;
  try {
    output = await fs.open(temp('octree.bin'), 'w');
    const compressNode = async (node: NodeEntry): Promise<Buffer> => {
      if (node.numPoints === 0) return Buffer.alloc(0);
      const records = Buffer.allocUnsafe(node.byteSize);
      for (let got = 0; got < node.byteSize; ) {
        const { bytesRead } = await input.read(records, got, node.byteSize - got, node.byteOffset + got);
        if (bytesRead === 0) throw fail(`octree.bin ends inside node ${node.name}`);
        got += bytesRead;
      }
      let columns: Uint8Array;
      try {
        columns = recordsToBrotliColumns(records, node.numPoints, layout, shift);
      } catch (err) {
        throw fail(`node ${node.name}: ${(err as Error).message}`);
      }
      return compress(columns, quality);
    };
    const pending: (Promise<Buffer> | undefined)[] = new Array(nodes.length);
    let next = 0;
    const window = 2 * concurrency;
    let written = 0;
    let done = 0;
    let reported = performance.now();
    let reportedDone = 0;
    options.onProgress?.(0, points);
    for (let i = 0; i < nodes.length; i++) {
      for (; next < nodes.length && next < i + window; next++) {
        const task = compressNode(nodes[next]);
        // Awaited in order below; until then a failure must not count as unhandled.
        task.catch(() => undefined);
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task)).catch(() => undefined);
        pending[next] = task;
      }
      const bytes = await untilAborted(pending[i]!, signal);
      pending[i] = undefined;
      await output.write(bytes, 0, bytes.byteLength, written);
      const node = nodes[i];
      hierarchy.writeBigInt64LE(BigInt(written), node.recordAt + 6);
      hierarchy.writeBigInt64LE(BigInt(bytes.byteLength), node.recordAt + 14);
      written += bytes.byteLength;
      done += node.numPoints;
      const now = performance.now();
      if (now - reported >= PROGRESS_INTERVAL_MS || done - reportedDone >= points / 100) {
        reported = now;
        reportedDone = done;
        options.onProgress?.(done, points);
      }
    }
    await output.sync();
    await output.close();
    output = null;
    if (signal?.aborted) throw cancelledError();

    await fs.writeFile(temp('hierarchy.bin'), hierarchy, { flush: true });
    const rebased = { ...(meta as Record<string, unknown>), encoding: 'BROTLI', offset: offset.map((o, a) => o + shift[a] * scale[a]) };
    await fs.writeFile(temp('metadata.json'), JSON.stringify(rebased, null, 2) + '\n', { flush: true });
    if (signal?.aborted) throw cancelledError();
    for (const name of FILES) await fs.rename(temp(name), file(name));
    options.onProgress?.(points, points);
    return { nodes: nodes.length, points, bytesBefore, bytesAfter: written, seconds: (performance.now() - started) / 1000, shift };
  } catch (err) {
    await output?.close().catch(() => undefined);
    await Promise.all(FILES.map((name) => fs.rm(temp(name), { force: true })));
    throw err;
  } finally {
    // Nodes still compressing finish on their own; the input stays open until their reads are done.
    void Promise.allSettled([...inFlight]).then(() => input.close().catch(() => undefined));
  }
}

function compress(bytes: Uint8Array, quality: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    brotliCompress(
      bytes,
      { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } },
      (err, out) => (err ? reject(err) : resolve(out)),
    );
  });
}

/**
 * `task`, or a cancellation as soon as `signal` aborts. Not a race against one long-lived abort
 * promise: each race would leave a reaction on it holding that node's bytes for the whole run.
 */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return task;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    task.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

async function readMetadata(file: string, fail: (problem: string) => Error): Promise<Meta> {
  let meta: Meta;
  try {
    meta = JSON.parse(await fs.readFile(file, 'utf8')) as Meta;
  } catch (err) {
    throw fail(`metadata.json: ${(err as Error).message}`);
  }
  if (typeof meta !== 'object' || meta === null) throw fail('metadata.json is not an object');
  if (typeof meta.version !== 'string' || !meta.version.startsWith('2.')) throw fail(`metadata.json has version ${String(meta.version)}, not 2.x`);
  if ((meta.encoding ?? 'DEFAULT') !== 'DEFAULT') throw fail(`it is already ${String(meta.encoding)}-encoded`);
  if (!Array.isArray(meta.attributes)) throw fail('metadata.json has no attribute list');
  return meta;
}

function vec3(value: unknown, what: string, fail: (problem: string) => Error): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw fail(`metadata.json: ${what} is not three finite numbers`);
  }
  return [value[0], value[1], value[2]];
}

/** Every node record (not proxies) in hierarchy order, checked against a DEFAULT octree.bin. */
function walkHierarchy(hierarchy: Buffer, firstChunkSize: number, recordSize: number, octreeSize: number, fail: (problem: string) => Error): NodeEntry[] {
  if (!(Number.isSafeInteger(firstChunkSize) && firstChunkSize > 0 && firstChunkSize % HIERARCHY_RECORD_SIZE === 0 && firstChunkSize <= hierarchy.byteLength)) {
    throw fail(`hierarchy.firstChunkSize ${firstChunkSize} does not fit hierarchy.bin (${hierarchy.byteLength} bytes)`);
  }
  const nodes: NodeEntry[] = [];
  const pending = [{ offset: 0, size: firstChunkSize, name: 'r' }];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const chunk = pending.shift()!;
    if (seen.has(chunk.offset)) throw fail('hierarchy chunks form a loop');
    seen.add(chunk.offset);
    for (const r of readHierarchyChunk(hierarchy.subarray(chunk.offset, chunk.offset + chunk.size), chunk.name)) {
      if (r.type === NODE_TYPE_PROXY) {
        if (!(r.byteOffset >= 0 && r.byteSize > 0 && r.byteSize % HIERARCHY_RECORD_SIZE === 0 && r.byteOffset + r.byteSize <= hierarchy.byteLength)) {
          throw fail(`hierarchy.bin: proxy ${r.name} points at ${r.byteSize} bytes at ${r.byteOffset}, outside the file`);
        }
        pending.push({ offset: r.byteOffset, size: r.byteSize, name: r.name });
        continue;
      }
      if (r.type > NODE_TYPE_PROXY) throw fail(`hierarchy.bin: node ${r.name} has unknown type ${r.type}`);
      if (r.byteSize !== r.numPoints * recordSize || !(r.byteOffset >= 0 && r.byteOffset + r.byteSize <= octreeSize)) {
        throw fail(`hierarchy.bin: node ${r.name} of ${r.numPoints} points claims ${r.byteSize} bytes at ${r.byteOffset}; expected ${r.numPoints * recordSize} bytes inside octree.bin (${octreeSize} bytes)`);
      }
      nodes.push({ name: r.name, numPoints: r.numPoints, byteOffset: r.byteOffset, byteSize: r.byteSize, recordAt: chunk.offset + r.at });
    }
  }
  return nodes;
}

/**
 * BROTLI stores X, Y, Z unsigned, but a build keeps a LAS file's own offset (so its integers
 * stay exact), which can lie inside the cloud. Positions then move by whole steps from the
 * tight box's minimum, with one step to spare; the encoder still checks every point.
 */
function rebaseShift(meta: Meta, offset: readonly number[], scale: readonly number[]): [number, number, number] {
  const min = (meta.tightBoundingBox ?? meta.boundingBox)?.min;
  if (!Array.isArray(min) || min.length !== 3 || !min.every((v) => typeof v === 'number' && Number.isFinite(v))) return [0, 0, 0];
  return [0, 1, 2].map((a) => {
    const q = (min[a] - offset[a]) / scale[a];
    return q >= -0.5 ? 0 : Math.floor(q) - 1;
  }) as [number, number, number];
}
