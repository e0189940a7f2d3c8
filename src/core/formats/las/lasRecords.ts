import type { StandardAttribute } from '../../pointcloud/pointBatch';
import { viewOf } from '../binary';
import type { BatchColumns } from '../batchColumns';
import { readExtraValue, type ExtraByteField } from './lasExtraBytes';

/** Where the optional fields of each point data record format sit. */
interface RecordLayout {
  readonly extended: boolean;
  readonly gpsTime: number | null;
  readonly rgb: number | null;
}

const LAYOUTS: readonly RecordLayout[] = [
  { extended: false, gpsTime: null, rgb: null },
  { extended: false, gpsTime: 20, rgb: null },
  { extended: false, gpsTime: null, rgb: 20 },
  { extended: false, gpsTime: 20, rgb: 28 },
  { extended: false, gpsTime: 20, rgb: null },
  { extended: false, gpsTime: 20, rgb: 28 },
  { extended: true, gpsTime: 22, rgb: null },
  { extended: true, gpsTime: 22, rgb: 30 },
  { extended: true, gpsTime: 22, rgb: 30 },
  { extended: true, gpsTime: 22, rgb: null },
  { extended: true, gpsTime: 22, rgb: 30 },
];

export function lasAttributes(pointFormat: number): StandardAttribute[] {
  const layout = LAYOUTS[pointFormat];
  const attrs: StandardAttribute[] = ['intensity', 'classification', 'returnNumber', 'numberOfReturns', 'pointSourceId'];
  if (layout.gpsTime !== null) attrs.push('gpsTime');
  if (layout.rgb !== null) attrs.push('rgb');
  return attrs;
}

/** Decodes `count` raw records into the columns from index `at`, applying scale and offset. */
export function decodeLasRecords(
  records: Uint8Array,
  count: number,
  recordLength: number,
  pointFormat: number,
  scale: readonly number[],
  offset: readonly number[],
  extraFields: readonly ExtraByteField[],
  out: BatchColumns,
  at: number,
): void {
  const layout = LAYOUTS[pointFormat];
  const v = viewOf(records);
  const [sx, sy, sz] = scale;
  const [ox, oy, oz] = offset;
  const pos = out.positions;
  const extraColumns = extraFields.map((f) => out.extra[f.name]);
  for (let i = 0; i < count; i++) {
    const r = i * recordLength;
    const p = at + i;
    pos[3 * p] = v.getInt32(r, true) * sx + ox;
    pos[3 * p + 1] = v.getInt32(r + 4, true) * sy + oy;
    pos[3 * p + 2] = v.getInt32(r + 8, true) * sz + oz;
    out.intensity![p] = v.getUint16(r + 12, true);
    const returns = records[r + 14];
    if (layout.extended) {
      out.returnNumber![p] = returns & 0x0f;
      out.numberOfReturns![p] = returns >> 4;
      out.classification![p] = records[r + 16];
      out.pointSourceId![p] = v.getUint16(r + 20, true);
    } else {
      out.returnNumber![p] = returns & 0x07;
      out.numberOfReturns![p] = (returns >> 3) & 0x07;
      // The top three bits are the synthetic / key-point / withheld flags, not class.
      out.classification![p] = records[r + 15] & 0x1f;
      out.pointSourceId![p] = v.getUint16(r + 18, true);
    }
    if (layout.gpsTime !== null) out.gpsTime![p] = v.getFloat64(r + layout.gpsTime, true);
    if (layout.rgb !== null) {
      const c = r + layout.rgb;
      out.rgb![3 * p] = v.getUint16(c, true);
      out.rgb![3 * p + 1] = v.getUint16(c + 2, true);
      out.rgb![3 * p + 2] = v.getUint16(c + 4, true);
    }
    for (let e = 0; e < extraFields.length; e++) {
      const f = extraFields[e];
      extraColumns[e][p] = readExtraValue(v, r + f.offset, f.type) * f.scale + f.shift;
    }
  }
}
