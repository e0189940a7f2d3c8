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
export async function openLas(source: ByteSource, options: LasOptions = {}): Promise<PointCloudReader> {
  const layout = await readLasLayout(source);
  return layout.header.compressed ? openLazBody(source, layout, options) : openLasBody(source, layout);
}

function openLasBody(source: ByteSource, layout: LasLayout): PointCloudReader {
  const { header, extraFields, cloudHeader } = layout;
  return {
    header: cloudHeader,
    async *batches(batchSize?: number): AsyncIterable<PointBatch> {
      const size = checkBatchSize(batchSize);
      for (let first = 0; first < header.pointCount; first += size) {
        const count = Math.min(size, header.pointCount - first);
        const offset = header.pointDataOffset + first * header.recordLength;
        const records = await readExact(source, offset, count * header.recordLength, `points ${first}..${first + count - 1}`);
        const out = new BatchColumns(count, cloudHeader.attributes, cloudHeader.extraAttributes);
        decodeLasRecords(records, count, header.recordLength, header.pointFormat, header.scale, header.offset, extraFields, out, 0);
        yield out.finish(count);
      }
    },
  };
}

async function openLazBody(source: ByteSource, layout: LasLayout, options: LasOptions): Promise<PointCloudReader> {
  const { header, cloudHeader } = layout;
  const info = await readLaszipInfo(source, header);
  const chunks = await readChunkTable(source, header, info);
  return {
    header: cloudHeader,
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
  const file = source.name;
  const total = chunks.reduce((n, c) => n + c.pointCount, 0);
  if (total === 0) return;
  const decoder = await resolveLazDecoder(provider);
  let out = new BatchColumns(Math.min(size, total), cloudHeader.attributes, cloudHeader.extraAttributes);
  let filled = 0;
  let emitted = 0;
  for (const chunk of chunks) {
    const compressed = await readExact(source, chunk.offset, chunk.byteLength, 'LAZ chunk');
    let reader;
    try {
      reader = await decoder.openChunk(compressed, header.pointFormat, header.recordLength);
    } catch (err) {
      throw asFormatError(file, chunk.offset, 'LAZ chunk could not be opened', err);
    }
    try {
      let left = chunk.pointCount;
      while (left > 0) {
        const n = Math.min(left, out.capacity - filled);
        let records: Uint8Array;
        try {
          records = reader.read(n);
        } catch (err) {
          throw asFormatError(file, chunk.offset, 'LAZ chunk could not be decoded', err);
        }
        decodeLasRecords(records, n, header.recordLength, header.pointFormat, header.scale, header.offset, extraFields, out, filled);
        filled += n;
        left -= n;
        if (filled === out.capacity) {
          yield out.finish(filled);
          emitted += filled;
          filled = 0;
          if (emitted < total) out = new BatchColumns(Math.min(size, total - emitted), cloudHeader.attributes, cloudHeader.extraAttributes);
        }
      }
    } finally {
      reader.close();
    }
  }
  if (filled > 0) yield out.finish(filled);
  if (emitted + filled !== total) throw new FormatError(file, null, `decoded ${emitted + filled} points, expected ${total}`);
}
