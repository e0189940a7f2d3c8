import { FormatError, type ByteSource } from '../../io/byteSource';
import type { PointBatch, PointCloudHeader, PointCloudReader } from '../../pointcloud/pointBatch';
import { asFormatError, checkBatchSize, readExact } from '../binary';
import { BatchColumns, uniqueName } from '../batchColumns';
import { readChunkTable, readLaszipInfo, type LazChunk } from '../laz/lazChunks';
import { resolveLazDecoder, type LazDecoderProvider } from '../laz/lazDecoder';
import { readLasCrs } from './lasCrs';
import { parseExtraBytes, type ExtraByteField } from './lasExtraBytes';
import { LAS_BASE_RECORD_LENGTH, findVlr, readLasHeader, readVlr, type LasHeader } from './lasHeader';
import { decodeLasRecords, lasAttributes } from './lasRecords';

export interface LasOptions {
  /** LAZ decompression; defaults to laz-perf (see lazPerfDecoder.ts), created on the first LAZ file. */
  readonly laz?: LazDecoderProvider;
}

/** How a LAS file's raw point records are laid out and quantised. */
export interface LasRecordFormat {
  /** 0–10, without the compression bits. */
  readonly pointFormat: number;
  /** Bytes per record, extra bytes included. */
  readonly recordLength: number;
  readonly scale: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
}

/** `count` raw LAS point records (LAZ already decompressed), `count × recordLength` bytes. */
export interface LasRecordBatch {
  readonly count: number;
  readonly records: Uint8Array;
}

/**
 * A LAS or LAZ reader that also hands out its raw point records, for consumers that convert
 * records themselves (the LOD builder) instead of going through float64 columns.
 */
export interface LasRecordReader extends PointCloudReader {
  readonly lasFormat: LasRecordFormat;
  /** The raw records in file order, `batchSize` at a time (the last batch may be smaller). */
  lasRecords(batchSize?: number): AsyncIterable<LasRecordBatch>;
  /**
   * About `maxPoints` records spread over the whole file, read without reading the rest: evenly
   * spaced runs of records (LAS) or evenly spaced chunks (LAZ). What a quick preview is built from.
   */
  sampleRecords(maxPoints: number): AsyncIterable<LasRecordBatch>;
}

/** Runs a preview reads from an uncompressed file: enough to spread over the area a scan covers. */
const SAMPLE_RUNS = 512;

/** Evenly spaced items of a list, at most `count` of them, first and last included. */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  if (count <= 1) return items.slice(0, Math.max(0, count));
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(items[Math.round((i * (items.length - 1)) / (count - 1))]);
  return out;
}

export function isLasRecordReader(reader: PointCloudReader): reader is LasRecordReader {
  const r = reader as Partial<LasRecordReader>;
  return typeof r.lasRecords === 'function' && r.lasFormat !== undefined;
}

export function lasFormatOf(header: LasHeader): LasRecordFormat {
  return {
    pointFormat: header.pointFormat,
    recordLength: header.recordLength,
    scale: [header.scale[0], header.scale[1], header.scale[2]],
    offset: [header.offset[0], header.offset[1], header.offset[2]],
  };
}

/** The parts of a LAS header every LAS-family reader (LAS, LAZ, COPC) shares. */
export interface LasLayout {
  readonly header: LasHeader;
  readonly extraFields: readonly ExtraByteField[];
  readonly cloudHeader: PointCloudHeader;
}

export async function readLasLayout(source: ByteSource, format?: string): Promise<LasLayout> {
  const header = await readLasHeader(source);
  let extraFields: ExtraByteField[] = [];
  const ebVlr = findVlr(header, 'LASF_Spec', 4);
  if (ebVlr) {
    const base = LAS_BASE_RECORD_LENGTH[header.pointFormat];
    extraFields = parseExtraBytes(source.name, await readVlr(source, ebVlr), ebVlr.dataOffset, base, header.recordLength);
    const taken = new Set<string>();
    extraFields = extraFields.map((f) => ({ ...f, name: uniqueName(f.name, taken) }));
  }
  const crs = await readLasCrs(source, header);
  const boundsValid = header.pointCount > 0 && header.min.every((m, i) => Number.isFinite(m) && Number.isFinite(header.max[i]) && m <= header.max[i]);
  const cloudHeader: PointCloudHeader = {
    format: format ?? (header.compressed ? 'laz' : 'las'),
    version: `${header.versionMajor}.${header.versionMinor}`,
    pointCount: header.pointCount,
    bounds: boundsValid ? { min: header.min, max: header.max } : null,
    attributes: lasAttributes(header.pointFormat),
    extraAttributes: extraFields.map((f) => f.name),
    scale: header.scale,
    offset: header.offset,
    ...(crs && { crs }),
  };
  return { header, extraFields, cloudHeader };
}

/** Reads LAS 1.0–1.4 (and 1.5 headers) and LAZ, a bounded window of the file per batch. */
export async function openLas(source: ByteSource, options: LasOptions = {}): Promise<LasRecordReader> {
  const layout = await readLasLayout(source);
  return layout.header.compressed ? openLazBody(source, layout, options) : openLasBody(source, layout);
}

function openLasBody(source: ByteSource, layout: LasLayout): LasRecordReader {
  const { header, extraFields, cloudHeader } = layout;
  async function* lasRecords(batchSize?: number): AsyncIterable<LasRecordBatch> {
    const size = checkBatchSize(batchSize);
    const read = (first: number) => {
      const count = Math.min(size, header.pointCount - first);
      const offset = header.pointDataOffset + first * header.recordLength;
      const records = readExact(source, offset, count * header.recordLength, `points ${first}..${first + count - 1}`);
      // Awaited below; this only keeps an abandoned read-ahead from being an unhandled rejection.
      records.catch(() => undefined);
      return { count, records };
    };
    // One batch read ahead, so the file read overlaps whatever the consumer does with a batch.
    let next = header.pointCount > 0 ? read(0) : null;
    for (let first = 0; next; first += size) {
      const { count, records } = next;
      next = first + size < header.pointCount ? read(first + size) : null;
      yield { count, records: await records };
    }
  }
  async function* sampleRecords(maxPoints: number): AsyncIterable<LasRecordBatch> {
    const total = header.pointCount;
    if (total === 0 || maxPoints <= 0) return;
    if (maxPoints >= total) {
      yield* lasRecords();
      return;
    }
    const runs = Math.min(SAMPLE_RUNS, maxPoints);
    const perRun = Math.max(1, Math.floor(maxPoints / runs));
    const starts = evenlySpaced(
      Array.from({ length: runs }, (_, i) => Math.floor((i * (total - perRun)) / Math.max(1, runs - 1))),
      runs,
    );
    for (const first of starts) {
      const offset = header.pointDataOffset + first * header.recordLength;
      yield { count: perRun, records: await readExact(source, offset, perRun * header.recordLength, `points ${first}..${first + perRun - 1}`) };
    }
  }
  return {
    header: cloudHeader,
    lasFormat: lasFormatOf(header),
    lasRecords,
    sampleRecords,
    async *batches(batchSize?: number): AsyncIterable<PointBatch> {
      for await (const { count, records } of lasRecords(batchSize)) {
        const out = new BatchColumns(count, cloudHeader.attributes, cloudHeader.extraAttributes);
        decodeLasRecords(records, count, header.recordLength, header.pointFormat, header.scale, header.offset, extraFields, out, 0);
        yield out.finish(count);
      }
    },
  };
}

async function openLazBody(source: ByteSource, layout: LasLayout, options: LasOptions): Promise<LasRecordReader> {
  const { header, cloudHeader } = layout;
  const info = await readLaszipInfo(source, header);
  const chunks = await readChunkTable(source, header, info);
  return {
    header: cloudHeader,
    lasFormat: lasFormatOf(header),
    lasRecords: (batchSize?: number) => lazRecordBatches(source, layout, chunks, options.laz, checkBatchSize(batchSize)),
    sampleRecords: (maxPoints: number) => {
      const perChunk = chunks.length ? Math.max(1, chunks[0].pointCount) : 1;
      const picked = evenlySpaced(chunks, Math.max(1, Math.ceil(maxPoints / perChunk)));
      return lazRecordBatches(source, layout, picked, options.laz, checkBatchSize(undefined));
    },
    batches: (batchSize?: number) => lazBatches(source, layout, chunks, options.laz, checkBatchSize(batchSize)),
  };
}

/**
 * Yields batches across chunk boundaries while holding one compressed chunk and one batch of
 * decoded records at a time.
 */
export async function* lazBatches(
  source: ByteSource,
  layout: LasLayout,
  chunks: readonly LazChunk[],
  provider: LazDecoderProvider | undefined,
  size: number,
): AsyncIterable<PointBatch> {
  const { header, extraFields, cloudHeader } = layout;
  for await (const { count, records } of lazRecordBatches(source, layout, chunks, provider, size)) {
    const out = new BatchColumns(count, cloudHeader.attributes, cloudHeader.extraAttributes);
    decodeLasRecords(records, count, header.recordLength, header.pointFormat, header.scale, header.offset, extraFields, out, 0);
    yield out.finish(count);
  }
}

/** Cuts records arriving in pieces of any size into batches of `size` (the last may be smaller). */
class RecordBatcher {
  private out: Uint8Array | null = null;
  private filled = 0;
  private capacity: number;
  emitted = 0;

  constructor(
    private readonly size: number,
    private readonly total: number,
    private readonly L: number,
  ) {
    this.capacity = Math.min(size, total);
  }

  /** Takes n records; returns the batches they complete. */
  add(records: Uint8Array, n: number): LasRecordBatch[] {
    const done: LasRecordBatch[] = [];
    const L = this.L;
    for (let at = 0; at < n; ) {
      const k = Math.min(n - at, this.capacity - this.filled);
      if (this.filled === 0 && k === this.capacity) {
        // A whole batch in one piece: hand it over without a copy.
        this.out = at === 0 && k * L === records.byteLength ? records : records.subarray(at * L, (at + k) * L);
      } else {
        this.out ??= new Uint8Array(this.capacity * L);
        this.out.set(records.subarray(at * L, (at + k) * L), this.filled * L);
      }
      this.filled += k;
      at += k;
      if (this.filled === this.capacity) {
        done.push({ count: this.filled, records: this.out! });
        this.emitted += this.filled;
        this.filled = 0;
        this.out = null;
        this.capacity = Math.min(this.size, this.total - this.emitted);
      }
    }
    return done;
  }

  /** The records of a last, short batch, if any. */
  rest(): LasRecordBatch | null {
    if (this.filled === 0) return null;
    const r = { count: this.filled, records: this.out!.subarray(0, this.filled * this.L) };
    this.emitted += this.filled;
    this.filled = 0;
    return r;
  }
}

/** Chunks decoded ahead when the decoder decodes off the calling thread. */
const CHUNKS_IN_FLIGHT = 4;

/** The decompressed records of `chunks`, `size` at a time across chunk boundaries. */
export async function* lazRecordBatches(
  source: ByteSource,
  layout: LasLayout,
  chunks: readonly LazChunk[],
  provider: LazDecoderProvider | undefined,
  size: number,
): AsyncIterable<LasRecordBatch> {
  const { header } = layout;
  const file = source.name;
  const L = header.recordLength;
  const total = chunks.reduce((n, c) => n + c.pointCount, 0);
  if (total === 0) return;
  const decoder = await resolveLazDecoder(provider);
  const batcher = new RecordBatcher(size, total, L);
  if (decoder.decodeChunk && chunks.length > 1) {
    const decodeChunk = decoder.decodeChunk.bind(decoder);
    const start = (chunk: LazChunk) => {
      const p = (async () => {
        const compressed = await readExact(source, chunk.offset, chunk.byteLength, 'LAZ chunk');
        let records: Uint8Array;
        try {
          records = await decodeChunk(compressed, header.pointFormat, L, chunk.pointCount);
        } catch (err) {
          throw asFormatError(file, chunk.offset, 'LAZ chunk could not be decoded', err);
        }
        if (records.byteLength < chunk.pointCount * L) throw new FormatError(file, chunk.offset, 'LAZ chunk decoded short');
        return records;
      })();
      // Awaited in order below; this only keeps an abandoned read-ahead from being unhandled.
      p.catch(() => undefined);
      return p;
    };
    const inFlight: Promise<Uint8Array>[] = [];
    let next = 0;
    while (inFlight.length < CHUNKS_IN_FLIGHT && next < chunks.length) inFlight.push(start(chunks[next++]));
    for (const chunk of chunks) {
      const records = await inFlight.shift()!;
      if (next < chunks.length) inFlight.push(start(chunks[next++]));
      yield* batcher.add(records, chunk.pointCount);
    }
  } else {
    for (const chunk of chunks) {
      const compressed = await readExact(source, chunk.offset, chunk.byteLength, 'LAZ chunk');
      let reader;
      try {
        reader = await decoder.openChunk(compressed, header.pointFormat, L);
      } catch (err) {
        throw asFormatError(file, chunk.offset, 'LAZ chunk could not be opened', err);
      }
      try {
        // At most a batch decoded at a time, however large the chunk.
        for (let left = chunk.pointCount; left > 0; ) {
          const n = Math.min(left, size);
          let records: Uint8Array;
          try {
            records = reader.read(n);
          } catch (err) {
            throw asFormatError(file, chunk.offset, 'LAZ chunk could not be decoded', err);
          }
          yield* batcher.add(records, n);
          left -= n;
        }
      } finally {
        reader.close();
      }
    }
  }
  const rest = batcher.rest();
  if (rest) yield rest;
  if (batcher.emitted !== total) throw new FormatError(file, null, `decoded ${batcher.emitted} points, expected ${total}`);
}
