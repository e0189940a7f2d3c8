import { FormatError, type ByteSource } from '../../io/byteSource';
import { fixedString, getU64, readExact, startsWithAscii, viewOf } from '../binary';

/** Bytes each point data record format needs before any extra bytes. */
export const LAS_BASE_RECORD_LENGTH: readonly number[] = [20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67];

const LEGACY_HEADER_SIZE = 227;
const HEADER_SIZE_1_3 = 235;
const HEADER_SIZE_1_4 = 375;
const VLR_HEADER_SIZE = 54;
const EVLR_HEADER_SIZE = 60;
/** No real file carries more; it bounds the work a lying VLR count can cause. */
const MAX_VLRS = 10000;

export interface LasVlr {
  readonly userId: string;
  readonly recordId: number;
  /** Where the payload starts in the file. */
  readonly dataOffset: number;
  readonly dataLength: number;
  readonly extended: boolean;
}

export interface LasHeader {
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly headerSize: number;
  readonly pointDataOffset: number;
  /** 0–10, with the LAZ compression bits removed. */
  readonly pointFormat: number;
  readonly compressed: boolean;
  readonly recordLength: number;
  readonly pointCount: number;
  readonly scale: [number, number, number];
  readonly offset: [number, number, number];
  readonly min: [number, number, number];
  readonly max: [number, number, number];
  readonly vlrs: readonly LasVlr[];
  readonly fileSize: number;
  /** First byte after the point data region (the first EVLR, or the file end). */
  readonly pointDataEnd: number;
}

/** Reads and checks a LAS / LAZ header and its VLR / EVLR directory; payloads are fetched on demand. */
export async function readLasHeader(source: ByteSource): Promise<LasHeader> {
  const file = source.name;
  const fileSize = await source.size();
  const head = await readExact(source, 0, Math.min(fileSize, HEADER_SIZE_1_4 + 32), 'LAS header');
  if (!startsWithAscii(head, 'LASF')) throw new FormatError(file, 0, 'not a LAS file: the signature "LASF" is missing');
  if (head.byteLength < LEGACY_HEADER_SIZE) throw new FormatError(file, head.byteLength, `file is truncated: a LAS header needs ${LEGACY_HEADER_SIZE} bytes, the file has ${fileSize}`);
  const v = viewOf(head);
  const versionMajor = head[24];
  const versionMinor = head[25];
  if (versionMajor !== 1 || versionMinor > 5) throw new FormatError(file, 24, `unsupported LAS version ${versionMajor}.${versionMinor} (1.0–1.4, and 1.5 headers, are read)`);
  const headerSize = v.getUint16(94, true);
  const minHeader = versionMinor >= 4 ? HEADER_SIZE_1_4 : versionMinor === 3 ? HEADER_SIZE_1_3 : LEGACY_HEADER_SIZE;
  if (headerSize < minHeader) throw new FormatError(file, 94, `header size ${headerSize} is smaller than LAS 1.${versionMinor} requires (${minHeader})`);
  if (headerSize > fileSize) throw new FormatError(file, 94, `header size ${headerSize} is beyond the end of the file (${fileSize} bytes)`);
  if (head.byteLength < Math.min(headerSize, HEADER_SIZE_1_4)) throw new FormatError(file, head.byteLength, 'file is truncated inside the header');

  const pointDataOffset = v.getUint32(96, true);
  const vlrCount = v.getUint32(100, true);
  const formatByte = head[104];
  // Bit 7 marks LAZ; bit 6 was set by some early LASzip writers, so both mean "compressed".
  const compressed = (formatByte & 0xc0) !== 0;
  const pointFormat = formatByte & 0x3f;
  const recordLength = v.getUint16(105, true);
  if (pointFormat > 10) throw new FormatError(file, 104, `unsupported point data record format ${pointFormat} (0–10 are defined)`);
  if (pointFormat > 5 && versionMinor < 4) throw new FormatError(file, 104, `point format ${pointFormat} needs LAS 1.4, the header says 1.${versionMinor}`);
  if (recordLength < LAS_BASE_RECORD_LENGTH[pointFormat]) {
    throw new FormatError(file, 105, `point record length ${recordLength} is smaller than format ${pointFormat} needs (${LAS_BASE_RECORD_LENGTH[pointFormat]})`);
  }
  if (pointDataOffset < headerSize) throw new FormatError(file, 96, `offset to point data ${pointDataOffset} lies inside the header (${headerSize} bytes)`);
  if (pointDataOffset > fileSize) throw new FormatError(file, 96, `offset to point data ${pointDataOffset} is beyond the end of the file (${fileSize} bytes)`);

  const legacyCount = v.getUint32(107, true);
  let pointCount = legacyCount;
  let evlrStart = 0;
  let evlrCount = 0;
  if (versionMinor >= 4) {
    const count64 = getU64(v, 247);
    evlrStart = getU64(v, 235);
    evlrCount = v.getUint32(243, true);
    // The legacy field is 0 when the count does not fit it; when both are set, they must agree.
    if (legacyCount === 0) pointCount = count64;
    else if (count64 !== 0 && count64 !== legacyCount) throw new FormatError(file, 247, `point counts disagree: legacy ${legacyCount}, 64-bit ${count64}`);
  }

  const scale: [number, number, number] = [v.getFloat64(131, true), v.getFloat64(139, true), v.getFloat64(147, true)];
  const offset: [number, number, number] = [v.getFloat64(155, true), v.getFloat64(163, true), v.getFloat64(171, true)];
  for (let i = 0; i < 3; i++) {
    if (!Number.isFinite(scale[i]) || scale[i] === 0) throw new FormatError(file, 131 + 8 * i, `scale factor ${scale[i]} is not usable`);
    if (!Number.isFinite(offset[i])) throw new FormatError(file, 155 + 8 * i, `offset ${offset[i]} is not finite`);
  }
  const max: [number, number, number] = [v.getFloat64(179, true), v.getFloat64(195, true), v.getFloat64(211, true)];
  const min: [number, number, number] = [v.getFloat64(187, true), v.getFloat64(203, true), v.getFloat64(219, true)];

  if (vlrCount > MAX_VLRS || vlrCount * VLR_HEADER_SIZE > pointDataOffset - headerSize) {
    throw new FormatError(file, 100, `${vlrCount} VLRs cannot fit between the header and the point data (${pointDataOffset - headerSize} bytes)`);
  }
  const vlrs: LasVlr[] = [];
  if (vlrCount > 0) {
    const region = await readExact(source, headerSize, pointDataOffset - headerSize, 'VLRs');
    const rv = viewOf(region);
    let at = 0;
    for (let i = 0; i < vlrCount; i++) {
      if (at + VLR_HEADER_SIZE > region.byteLength) throw new FormatError(file, headerSize + at, `VLR ${i} of ${vlrCount} runs past the start of the point data`);
      const dataLength = rv.getUint16(at + 20, true);
      if (at + VLR_HEADER_SIZE + dataLength > region.byteLength) throw new FormatError(file, headerSize + at + 20, `VLR ${i} (${dataLength} bytes) runs past the start of the point data`);
      vlrs.push({
        userId: fixedString(region, at + 2, 16),
        recordId: rv.getUint16(at + 18, true),
        dataOffset: headerSize + at + VLR_HEADER_SIZE,
        dataLength,
        extended: false,
      });
      at += VLR_HEADER_SIZE + dataLength;
    }
  }

  let pointDataEnd = fileSize;
  if (evlrCount > 0 && evlrStart > 0) {
    if (evlrStart < pointDataOffset || evlrStart > fileSize) throw new FormatError(file, 235, `start of the first EVLR (${evlrStart}) is outside the point data and the file`);
    if (evlrCount > MAX_VLRS || evlrCount * EVLR_HEADER_SIZE > fileSize - evlrStart) throw new FormatError(file, 243, `${evlrCount} EVLRs cannot fit in the ${fileSize - evlrStart} bytes after byte ${evlrStart}`);
    pointDataEnd = evlrStart;
    let at = evlrStart;
    for (let i = 0; i < evlrCount; i++) {
      const eh = await readExact(source, at, EVLR_HEADER_SIZE, `EVLR ${i} header`);
      const dataLength = getU64(viewOf(eh), 20);
      if (dataLength > fileSize - at - EVLR_HEADER_SIZE) throw new FormatError(file, at + 20, `EVLR ${i} (${dataLength} bytes) runs past the end of the file`);
      vlrs.push({ userId: fixedString(eh, 2, 16), recordId: viewOf(eh).getUint16(18, true), dataOffset: at + EVLR_HEADER_SIZE, dataLength, extended: true });
      at += EVLR_HEADER_SIZE + dataLength;
    }
  }

  if (!compressed && pointCount * recordLength > pointDataEnd - pointDataOffset) {
    throw new FormatError(
      file,
      versionMinor >= 4 && legacyCount === 0 ? 247 : 107,
      `header claims ${pointCount} points of ${recordLength} bytes (${pointCount * recordLength} bytes), but only ${pointDataEnd - pointDataOffset} bytes of point data follow byte ${pointDataOffset}`,
    );
  }
  return { versionMajor, versionMinor, headerSize, pointDataOffset, pointFormat, compressed, recordLength, pointCount, scale, offset, min, max, vlrs, fileSize, pointDataEnd };
}

export function findVlr(header: LasHeader, userId: string, recordId: number): LasVlr | undefined {
  return header.vlrs.find((r) => r.userId === userId && r.recordId === recordId);
}

/** Reads a VLR payload; its extent was checked against the file when the directory was read. */
export function readVlr(source: ByteSource, vlr: LasVlr): Promise<Uint8Array> {
  return readExact(source, vlr.dataOffset, vlr.dataLength, `VLR ${vlr.userId}/${vlr.recordId}`);
}
