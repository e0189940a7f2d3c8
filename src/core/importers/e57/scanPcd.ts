import { utf8Bytes } from '../../model/sha1';
import type { PointBatch } from '../../pointcloud/pointBatch';

interface PcdColumn {
  readonly name: string;
  readonly size: 1 | 2 | 4 | 8;
  readonly type: 'F' | 'U';
  readonly write: (v: DataView, at: number, b: PointBatch, i: number) => void;
}

/**
 * A scan's points as one binary PCD 0.7 file that Cairn's PCD reader opens: x y z as doubles
 * (scans in survey coordinates need more than float32), intensity (16-bit), colour packed as
 * rgb (8 bits a channel, as PCD has it), return number and count, and any other E57 field
 * (rowIndex, columnIndex, timeStamp, …) as a double named with "_" for ":".
 */
export function scanToPcd(batches: readonly PointBatch[], extraNames: readonly string[]): Uint8Array {
  const first = batches[0];
  const columns: PcdColumn[] = [
    { name: 'x', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i], true) },
    { name: 'y', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i + 1], true) },
    { name: 'z', size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.positions[3 * i + 2], true) },
  ];
  if (first?.intensity) columns.push({ name: 'intensity', size: 2, type: 'U', write: (v, at, b, i) => v.setUint16(at, b.intensity![i], true) });
  if (first?.rgb) {
    columns.push({ name: 'rgb', size: 4, type: 'U', write: (v, at, b, i) => v.setUint32(at, ((b.rgb![3 * i] >>> 8) << 16) | ((b.rgb![3 * i + 1] >>> 8) << 8) | (b.rgb![3 * i + 2] >>> 8), true) });
  }
  if (first?.returnNumber) columns.push({ name: 'return_number', size: 1, type: 'U', write: (v, at, b, i) => v.setUint8(at, b.returnNumber![i]) });
  if (first?.numberOfReturns) columns.push({ name: 'number_of_returns', size: 1, type: 'U', write: (v, at, b, i) => v.setUint8(at, b.numberOfReturns![i]) });
  for (const name of extraNames) columns.push({ name: name.replace(/[^A-Za-z0-9_]/g, '_'), size: 8, type: 'F', write: (v, at, b, i) => v.setFloat64(at, b.extra![name][i], true) });
  const count = batches.reduce((n, b) => n + b.count, 0);
  const head = utf8Bytes(
    [
      '# .PCD v0.7 - written by Cairn from an E57 scan',
      'VERSION 0.7',
      `FIELDS ${columns.map((c) => c.name).join(' ')}`,
      `SIZE ${columns.map((c) => c.size).join(' ')}`,
      `TYPE ${columns.map((c) => c.type).join(' ')}`,
      `COUNT ${columns.map(() => 1).join(' ')}`,
      `WIDTH ${count}`,
      'HEIGHT 1',
      'VIEWPOINT 0 0 0 1 0 0 0',
      `POINTS ${count}`,
      'DATA binary',
      '',
    ].join('\n'),
  );
  const stride = columns.reduce((n, c) => n + c.size, 0);
  const out = new Uint8Array(head.byteLength + stride * count);
  out.set(head);
  const view = new DataView(out.buffer, head.byteLength);
  let at = 0;
  for (const b of batches) {
    for (let i = 0; i < b.count; i++) {
      for (const c of columns) {
        c.write(view, at, b, i);
        at += c.size;
      }
    }
  }
  return out;
}
