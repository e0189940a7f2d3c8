import { FormatError, type ByteSource } from '../../io/byteSource';
import { getI64, readExact, viewOf } from '../binary';
import { findVlr, readVlr, type LasHeader } from '../las/lasHeader';
import { ArithmeticDecoder, IntegerDecompressor } from './arithmeticDecoder';

/** What the "laszip encoded" VLR says about how points were compressed. */
export interface LaszipInfo {
  readonly compressor: number;
  readonly version: string;
  /** Points per chunk; null when chunks vary in size (the table then lists each count). */
  readonly chunkSize: number | null;
  readonly items: readonly { type: number; size: number; version: number }[];
}

export interface LazChunk {
  readonly offset: number;
  readonly byteLength: number;
  readonly pointCount: number;
}

const VARIABLE_CHUNK_SIZE = 0xffffffff;
const COMPRESSOR_POINTWISE_CHUNKED = 2;
const COMPRESSOR_LAYERED_CHUNKED = 3;
/** Item types of LAS 1.0–1.3 records (POINT10, GPSTIME11, RGB12, BYTE) and of 1.4 records (POINT14, RGB14, RGBNIR14, BYTE14). */
const LEGACY_ITEMS = new Set([0, 6, 7, 8]);
const LAS14_ITEMS = new Set([10, 11, 12, 14]);

export async function readLaszipInfo(source: ByteSource, header: LasHeader): Promise<LaszipInfo> {
  const file = source.name;
  const vlr = findVlr(header, 'laszip encoded', 22204);
  if (!vlr) throw new FormatError(file, 104, 'the point format is marked compressed but there is no "laszip encoded" VLR');
  const bytes = await readVlr(source, vlr);
  if (bytes.byteLength < 34) throw new FormatError(file, vlr.dataOffset, `LASzip VLR is ${bytes.byteLength} bytes, needs at least 34`);
  const v = viewOf(bytes);
  const itemCount = v.getUint16(32, true);
  if (34 + itemCount * 6 > bytes.byteLength) throw new FormatError(file, vlr.dataOffset + 32, `LASzip VLR lists ${itemCount} items but holds only ${bytes.byteLength} bytes`);
  const items = [];
  for (let i = 0; i < itemCount; i++) {
    items.push({ type: v.getUint16(34 + 6 * i, true), size: v.getUint16(36 + 6 * i, true), version: v.getUint16(38 + 6 * i, true) });
  }
  const compressor = v.getUint16(0, true);
  const version = `${bytes[4]}.${bytes[5]}r${v.getUint16(6, true)}`;
  const rawChunkSize = v.getUint32(12, true);
  const info: LaszipInfo = { compressor, version, chunkSize: rawChunkSize === VARIABLE_CHUNK_SIZE ? null : rawChunkSize, items };

  // laz-perf decodes only the item versions LASzip 2.x+ writes; other versions would come back as
  // silently wrong points, so they are refused here with what was found.
  const layered = header.pointFormat >= 6;
  if (compressor !== (layered ? COMPRESSOR_LAYERED_CHUNKED : COMPRESSOR_POINTWISE_CHUNKED)) {
    const what = compressor === 1 ? 'pointwise without chunks (LASzip 1.x)' : `type ${compressor}`;
    throw new FormatError(file, vlr.dataOffset, `unsupported LAZ compressor ${what}, written by LASzip ${version}; re-compress with a current laszip / PDAL`);
  }
  for (const item of items) {
    const known = layered ? LAS14_ITEMS.has(item.type) && (item.version === 3 || item.version === 4) : LEGACY_ITEMS.has(item.type) && item.version === 2;
    if (!known) {
      throw new FormatError(file, vlr.dataOffset + 34, `unsupported LAZ item type ${item.type} version ${item.version} (LASzip ${version}); waveform items and LASzip 1.x item versions are not decoded`);
    }
  }
  if (info.chunkSize === 0) throw new FormatError(file, vlr.dataOffset + 12, 'LASzip chunk size is 0');
  return info;
}

/**
 * Reads the chunk table (LASzip writes it after the points, compressed with its integer coder)
 * and checks it against the header, so a batch can seek straight to the chunk it needs.
 */
export async function readChunkTable(source: ByteSource, header: LasHeader, info: LaszipInfo): Promise<LazChunk[]> {
  const file = source.name;
  const start = header.pointDataOffset;
  const end = header.pointDataEnd;
  if (header.pointCount === 0) return [];
  let tableOffset = getI64(viewOf(await readExact(source, start, 8, 'LAZ chunk table offset')), 0);
  if (tableOffset === -1) {
    // A writer that could not seek back stores the offset in the last 8 bytes instead.
    tableOffset = getI64(viewOf(await readExact(source, header.fileSize - 8, 8, 'LAZ chunk table offset (file end)')), 0);
  }
  const chunksStart = start + 8;
  if (!(tableOffset >= chunksStart && tableOffset + 8 <= end)) {
    throw new FormatError(file, start, `LAZ chunk table offset ${tableOffset} is outside the point data (${chunksStart}..${end})`);
  }
  const tv = viewOf(await readExact(source, tableOffset, 8, 'LAZ chunk table header'));
  const tableVersion = tv.getUint32(0, true);
  const chunkCount = tv.getUint32(4, true);
  if (tableVersion !== 0) throw new FormatError(file, tableOffset, `unknown LAZ chunk table version ${tableVersion}`);
  // Every chunk holds at least one point and one byte, which bounds a lying count.
  if (chunkCount === 0 || chunkCount > header.pointCount || chunkCount > tableOffset - chunksStart) {
    throw new FormatError(file, tableOffset + 4, `LAZ chunk table lists ${chunkCount} chunks for ${header.pointCount} points in ${tableOffset - chunksStart} bytes`);
  }
  const variable = info.chunkSize === null;
  // Each entry costs at most ~10 bytes coded; read no more than could possibly be needed.
  const coded = await source.read(tableOffset + 8, Math.min(end - tableOffset - 8, 64 + chunkCount * 12));
  let at = 0;
  const dec = new ArithmeticDecoder(() => {
    if (at >= coded.byteLength) throw new FormatError(file, tableOffset + 8 + at, 'LAZ chunk table is truncated');
    return coded[at++];
  });
  const ic = new IntegerDecompressor(dec, 2);
  const counts: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < chunkCount; i++) {
    if (variable) counts.push(ic.decompress(i ? counts[i - 1] : 0, 0));
    sizes.push(ic.decompress(i ? sizes[i - 1] : 0, 1));
  }

  const chunks: LazChunk[] = [];
  let offset = chunksStart;
  let remaining = header.pointCount;
  for (let i = 0; i < chunkCount; i++) {
    const byteLength = sizes[i] >>> 0;
    const pointCount = variable ? counts[i] >>> 0 : Math.min(info.chunkSize!, remaining);
    if (byteLength === 0 || offset + byteLength > tableOffset) {
      throw new FormatError(file, tableOffset, `LAZ chunk ${i} (${byteLength} bytes at ${offset}) runs past the chunk table at ${tableOffset}`);
    }
    if (pointCount === 0 || pointCount > remaining) {
      throw new FormatError(file, tableOffset, `LAZ chunk ${i} holds ${pointCount} points, more than the ${remaining} the header leaves`);
    }
    chunks.push({ offset, byteLength, pointCount });
    offset += byteLength;
    remaining -= pointCount;
  }
  if (remaining !== 0) throw new FormatError(file, tableOffset, `LAZ chunks hold ${header.pointCount - remaining} points, the header says ${header.pointCount}`);
  return chunks;
}
