import { utf8Bytes } from '../../model/sha1';
import type { PointBatch, StandardAttribute } from '../../pointcloud/pointBatch';

interface PcdColumn {
  readonly name: string;
  readonly size: 1 | 2 | 4 | 8;
  readonly type: 'F' | 'U';
  readonly write: (v: DataView, at: number, b: PointBatch, i: number) => void;
}

/**
 * A scan's points as one binary PCD 0.7 file that Cairn's PCD reader opens, written as it is
 * decoded: x y z as doubles (scans in survey coordinates need more than float32), intensity
 * (16-bit), colour packed as rgb (8 bits a channel, as PCD has it), return number and count, and
 * any other E57 field (rowIndex, columnIndex, timeStamp, …) as a double named with "_" for ":".
 * `count` goes in the header first, so the batches must hold exactly that many points (invalid
 * ones as NaN positions, which the reader skips).
 */
export async function* scanPcdChunks(count: number, columns: { readonly attributes: readonly StandardAttribute[]; readonly extraNames: readonly string[] }, batches: AsyncIterable<PointBatch>): AsyncGenerator<Uint8Array> {
  const has = new Set(columns.attributes);
  const fields: PcdColumn[] = [
    { name: 'x', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i], true) },
    { name: 'y', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i + 1], true) },
    { name: 'z', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i + 2], true) },
  ];
  if (has.has('intensity')) fields.push({ name: 'intensity', size: 2, type: 'U', write: (v, at, b, i) => v.setUint16(at, b.intensity![i], true) });
  if (has.has('rgb')) {
    fields.push({ name: 'rgb', size: 4, type: 'U', write: (v, at, b, i) => v.setUint32(at, ((b.rgb![3 * i] >>> 8) << 16) | ((b.rgb![3 * i + 1] >>> 8) << 8) | (b.rgb![3 * i + 2] >>> 8), true) });
  }
  if (has.has('returnNumber')) fields.push({ name: 'return_number', size: 1, type: 'U', write: (v, at, b, i) => v.setUint8(at, b.returnNumber![i]) });
  if (has.has('numberOfReturns')) fields.push({ name: 'number_of_returns', size: 1, type: 'U', write: (v, at, b, i) => v.setUint8(at, b.numberOfReturns![i]) });
  for (const name of columns.extraNames) fields.push({ name: name.replace(/[^A-Za-z0-9_]/g, '_'), size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.extra![name][i], true) });
  yield utf8Bytes(
    [
      '# .PCD v0.7 - written by Cairn from an E57 scan',
      'VERSION 0.7',
      `FIELDS ${fields.map((c) => c.name).join(' ')}`,
      `SIZE ${fields.map((c) => c.size).join(' ')}`,
      `TYPE ${fields.map((c) => c.type).join(' ')}`,
      `COUNT ${fields.map(() => 1).join(' ')}`,
      `WIDTH ${count}`,
      'HEIGHT 1',
      'VIEWPOINT 0 0 0 1 0 0 0',
      `POINTS ${count}`,
      'DATA binary',
      '',
    ].join('\n'),
  );
  const stride = fields.reduce((n, c) => n + c.size, 0);
  let written = 0;
  for await (const b of batches) {
    if (written + b.count > count) throw new Error(`the scan holds more than the ${count} points its PCD header was written for`);
    const out = new Uint8Array(stride * b.count);
    const view = new DataView(out.buffer);
    let at = 0;
    for (let i = 0; i < b.count; i++) {
      for (const c of fields) {
        c.write(view, at, b, i);
        at += c.size;
      }
    }
    written += b.count;
    yield out;
  }
  if (written !== count) throw new Error(`the scan gave ${written} of the ${count} points its PCD header was written for`);
}
