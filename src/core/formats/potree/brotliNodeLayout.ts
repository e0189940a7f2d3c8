/**
 * A Potree 2.0 BROTLI node, once decompressed, as PotreeConverter 2 writes it and potree-core's
 * brotli worker reads it: the attributes column by column in metadata order. `position` is two
 * little-endian uint64 Morton codes a point (bytes 0–7 the high 16 bits of X, Y, Z, bytes 8–15 the
 * low 16 bits), `rgb` one uint64 Morton code of its 16-bit r, g, b, anything else its raw bytes.
 * A DEFAULT node is the same attributes interleaved point by point ("records").
 */
import { getMorton16, putMorton16 } from './potreeMorton';

export interface PotreeAttributeDef {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly numElements: number;
}

interface Column {
  readonly kind: 'position' | 'rgb' | 'raw';
  /** Byte offset of the attribute in a DEFAULT record. */
  readonly recordOffset: number;
  /** Bytes a point in the DEFAULT record and in the BROTLI column. */
  readonly recordSize: number;
  readonly columnSize: number;
}

export interface BrotliNodeLayout {
  readonly columns: readonly Column[];
  /** Bytes a point in DEFAULT (interleaved) records. */
  readonly recordSize: number;
  /** Bytes a point in a decompressed BROTLI node. */
  readonly pointSize: number;
}

/**
 * The column layout for a metadata attribute list; throws (with the reason) where the list holds
 * something the BROTLI encoding cannot carry.
 */
export function brotliNodeLayout(attributes: readonly PotreeAttributeDef[]): BrotliNodeLayout {
  const columns: Column[] = [];
  let recordSize = 0;
  let pointSize = 0;
  for (const a of attributes) {
    let kind: Column['kind'] = 'raw';
    if (a.name === 'position') {
      if (a.type !== 'int32' || a.numElements !== 3 || a.size !== 12) throw new Error('BROTLI needs position as 3 × int32');
      kind = 'position';
    } else if (a.name === 'rgb') {
      if (a.type !== 'uint16' || a.numElements !== 3 || a.size !== 6) throw new Error('BROTLI needs rgb as 3 × uint16');
      kind = 'rgb';
    } else if (!(Number.isSafeInteger(a.size) && a.size > 0)) {
      throw new Error(`attribute "${a.name}" has size ${a.size}`);
    }
    const columnSize = kind === 'position' ? 16 : kind === 'rgb' ? 8 : a.size;
    columns.push({ kind, recordOffset: recordSize, recordSize: a.size, columnSize });
    recordSize += a.size;
    pointSize += columnSize;
  }
  if (!columns.some((c) => c.kind === 'position')) throw new Error('no position attribute');
  return { columns, recordSize, pointSize };
}

/**
 * Whether potree-core would decode the position codes at `at` wrongly. Its worker reads the high words
 * only when bits 0–31 of the high code or bits 32–63 of the low code are set, so a point whose
 * high code lives entirely in bits 32–47 loses its high bits. That needs X or Y ≥ 2^27 or
 * Z ≥ 2^26 steps from the offset with many bits clear, so real clouds meet it only when they
 * span more than that many steps.
 */
function potreeCoreMisreads(view: DataView, at: number): boolean {
  const highLow = view.getUint32(at, true);
  const highHigh = view.getUint32(at + 4, true);
  const lowHigh = view.getUint32(at + 12, true);
  return highHigh !== 0 && highLow === 0 && lowHigh === 0;
}

/**
 * DEFAULT records → a BROTLI node (before compression). `shift` (whole steps, per axis) is
 * subtracted from every position; the result must be a non-negative int32 that potree-core reads
 * back exactly, else this throws naming the point.
 */
export function recordsToBrotliColumns(records: Uint8Array, numPoints: number, layout: BrotliNodeLayout, shift: readonly [number, number, number] = [0, 0, 0]): Uint8Array {
  const R = layout.recordSize;
  if (records.byteLength < numPoints * R) throw new Error(`node of ${numPoints} points has only ${records.byteLength} bytes`);
  const src = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const out = new Uint8Array(numPoints * layout.pointSize);
  const dst = new DataView(out.buffer);
  let base = 0;
  for (const c of layout.columns) {
    if (c.kind === 'position') {
      for (let i = 0, o = base; i < numPoints; i++, o += 16) {
        const r = i * R + c.recordOffset;
        const x = src.getInt32(r, true) - shift[0];
        const y = src.getInt32(r + 4, true) - shift[1];
        const z = src.getInt32(r + 8, true) - shift[2];
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= 0x7fffffff && y <= 0x7fffffff && z <= 0x7fffffff)) {
          throw new Error(`point ${i} is at (${x}, ${y}, ${z}) steps from the offset; BROTLI needs 0 ≤ X, Y, Z < 2^31`);
        }
        putMorton16(dst, o, x >>> 16, y >>> 16, z >>> 16);
        putMorton16(dst, o + 8, x & 0xffff, y & 0xffff, z & 0xffff);
        if (potreeCoreMisreads(dst, o)) {
          throw new Error(`point ${i} at (${x}, ${y}, ${z}) steps from the offset would be misread by potree-core's BROTLI decoder (it drops high bits there)`);
        }
      }
    } else if (c.kind === 'rgb') {
      for (let i = 0, o = base; i < numPoints; i++, o += 8) {
        const r = i * R + c.recordOffset;
        putMorton16(dst, o, src.getUint16(r, true), src.getUint16(r + 2, true), src.getUint16(r + 4, true));
      }
    } else {
      const n = c.columnSize;
      for (let i = 0, o = base; i < numPoints; i++, o += n) {
        const r = i * R + c.recordOffset;
        for (let b = 0; b < n; b++) out[o + b] = records[r + b];
      }
    }
    base += numPoints * c.columnSize;
  }
  return out;
}

/** A decompressed BROTLI node → DEFAULT records (positions as stored, without any shift). */
export function brotliColumnsToRecords(columns: Uint8Array, numPoints: number, layout: BrotliNodeLayout): Uint8Array {
  if (columns.byteLength !== numPoints * layout.pointSize) {
    throw new Error(`decompressed node holds ${columns.byteLength} bytes; ${numPoints} points need ${numPoints * layout.pointSize}`);
  }
  const R = layout.recordSize;
  const out = new Uint8Array(numPoints * R);
  const dst = new DataView(out.buffer);
  const src = new DataView(columns.buffer, columns.byteOffset, columns.byteLength);
  const hi = new Uint32Array(3);
  const lo = new Uint32Array(3);
  let base = 0;
  for (const c of layout.columns) {
    if (c.kind === 'position') {
      for (let i = 0, o = base; i < numPoints; i++, o += 16) {
        getMorton16(src, o, hi);
        getMorton16(src, o + 8, lo);
        const r = i * R + c.recordOffset;
        for (let a = 0; a < 3; a++) dst.setUint32(r + 4 * a, ((hi[a] << 16) | lo[a]) >>> 0, true);
      }
    } else if (c.kind === 'rgb') {
      for (let i = 0, o = base; i < numPoints; i++, o += 8) {
        getMorton16(src, o, lo);
        const r = i * R + c.recordOffset;
        for (let a = 0; a < 3; a++) dst.setUint16(r + 2 * a, lo[a], true);
      }
    } else {
      const n = c.columnSize;
      for (let i = 0, o = base; i < numPoints; i++, o += n) {
        const r = i * R + c.recordOffset;
        for (let b = 0; b < n; b++) out[r + b] = columns[o + b];
      }
    }
    base += numPoints * c.columnSize;
  }
  return out;
}
