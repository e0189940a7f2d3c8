import { FormatError } from '../../io/byteSource';
import { fixedString, viewOf } from '../binary';

const DESCRIPTOR_SIZE = 192;
/** Sizes of the scalar extra-bytes data types 1–10 (u8 i8 u16 i16 u32 i32 u64 i64 f32 f64). */
const TYPE_SIZE = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8];

/** One scalar column carved out of the extra bytes of every record. */
export interface ExtraByteField {
  readonly name: string;
  /** Byte offset inside the record. */
  readonly offset: number;
  /** Scalar type 1–10 as in the LAS spec. */
  readonly type: number;
  readonly scale: number;
  readonly shift: number;
}

/**
 * Parses the "LASF_Spec" record 4 descriptors. Deprecated 2- and 3-element types (11–30) become
 * one column per element; type 0 (opaque bytes) is skipped but still occupies its bytes.
 */
export function parseExtraBytes(file: string, payload: Uint8Array, payloadOffset: number, firstByte: number, recordLength: number): ExtraByteField[] {
  const fields: ExtraByteField[] = [];
  const v = viewOf(payload);
  let at = firstByte;
  const count = Math.floor(payload.byteLength / DESCRIPTOR_SIZE);
  for (let i = 0; i < count; i++) {
    const d = i * DESCRIPTOR_SIZE;
    const dataType = payload[d + 2];
    const options = payload[d + 3];
    const name = fixedString(payload, d + 4, 32);
    if (dataType === 0) {
      at += options;
      continue;
    }
    if (dataType > 30) throw new FormatError(file, payloadOffset + d + 2, `extra bytes "${name}" has unknown data type ${dataType}`);
    const elements = dataType <= 10 ? 1 : dataType <= 20 ? 2 : 3;
    const type = ((dataType - 1) % 10) + 1;
    for (let e = 0; e < elements; e++) {
      const hasScale = (options & 0x08) !== 0;
      const hasOffset = (options & 0x10) !== 0;
      const scale = hasScale ? v.getFloat64(d + 112 + 8 * e, true) : 1;
      const shift = hasOffset ? v.getFloat64(d + 136 + 8 * e, true) : 0;
      fields.push({
        name: elements === 1 ? name : `${name}[${e}]`,
        offset: at,
        type,
        scale: Number.isFinite(scale) && scale !== 0 ? scale : 1,
        shift: Number.isFinite(shift) ? shift : 0,
      });
      at += TYPE_SIZE[type];
    }
  }
  if (at > recordLength) {
    throw new FormatError(file, payloadOffset, `extra bytes descriptors need ${at} bytes per record, the record length is ${recordLength}`);
  }
  return fields;
}

export function readExtraValue(view: DataView, at: number, type: number): number {
  switch (type) {
    case 1: return view.getUint8(at);
    case 2: return view.getInt8(at);
    case 3: return view.getUint16(at, true);
    case 4: return view.getInt16(at, true);
    case 5: return view.getUint32(at, true);
    case 6: return view.getInt32(at, true);
    case 7: return Number(view.getBigUint64(at, true));
    case 8: return Number(view.getBigInt64(at, true));
    case 9: return view.getFloat32(at, true);
    default: return view.getFloat64(at, true);
  }
}
