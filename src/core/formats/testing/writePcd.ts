import { lzfCompress } from './lzfCompress';

/** Writes small PCD files with known contents, for reader tests. */

export interface PcdFixtureField {
  readonly name: string;
  readonly size: 1 | 2 | 4 | 8;
  readonly type: 'I' | 'U' | 'F';
  readonly count?: number;
}

export interface PcdFixture {
  readonly encoding: 'ascii' | 'binary' | 'binary_compressed';
  readonly fields: readonly PcdFixtureField[];
  /** One row per point: every element of every field, in order. */
  readonly points: readonly (readonly number[])[];
  readonly width?: number;
  readonly height?: number;
  readonly version?: string;
}

export function writePcd(f: PcdFixture): Uint8Array {
  const counts = f.fields.map((x) => x.count ?? 1);
  const n = f.points.length;
  const height = f.height ?? 1;
  const width = f.width ?? n / height;
  const header = [
    '# .PCD v0.7 - Point Cloud Data file format',
    `VERSION ${f.version ?? '0.7'}`,
    `FIELDS ${f.fields.map((x) => x.name).join(' ')}`,
    `SIZE ${f.fields.map((x) => x.size).join(' ')}`,
    `TYPE ${f.fields.map((x) => x.type).join(' ')}`,
    `COUNT ${counts.join(' ')}`,
    `WIDTH ${width}`,
    `HEIGHT ${height}`,
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${n}`,
    `DATA ${f.encoding}`,
    '',
  ].join('\n');
  const head = Uint8Array.from(header, (c) => c.charCodeAt(0));
  if (f.encoding === 'ascii') {
    const body = f.points.map((row) => row.map((v) => (Number.isNaN(v) ? 'nan' : String(v))).join(' ')).join('\n') + '\n';
    return concat(head, Uint8Array.from(body, (c) => c.charCodeAt(0)));
  }
  const stride = f.fields.reduce((s, x, i) => s + x.size * counts[i], 0);
  const raw = new Uint8Array(stride * n);
  const v = new DataView(raw.buffer);
  if (f.encoding === 'binary') {
    f.points.forEach((row, p) => {
      let at = p * stride;
      let e = 0;
      f.fields.forEach((x, i) => {
        for (let k = 0; k < counts[i]; k++, e++, at += x.size) put(v, at, x, row[e]);
      });
    });
    return concat(head, raw);
  }
  // Column-wise: all points of field 0, then field 1, ...
  let at = 0;
  let e0 = 0;
  f.fields.forEach((x, i) => {
    for (let p = 0; p < n; p++) for (let k = 0; k < counts[i]; k++, at += x.size) put(v, at, x, f.points[p][e0 + k]);
    e0 += counts[i];
  });
  const packed = lzfCompress(raw);
  const sizes = new Uint8Array(8);
  new DataView(sizes.buffer).setUint32(0, packed.byteLength, true);
  new DataView(sizes.buffer).setUint32(4, raw.byteLength, true);
  return concat(head, sizes, packed);
}

function put(v: DataView, at: number, x: PcdFixtureField, value: number): void {
  if (x.type === 'F') {
    if (x.size === 4) v.setFloat32(at, value, true);
    else v.setFloat64(at, value, true);
  } else if (x.type === 'U') {
    if (x.size === 1) v.setUint8(at, value);
    else if (x.size === 2) v.setUint16(at, value, true);
    else if (x.size === 4) v.setUint32(at, value, true);
    else v.setBigUint64(at, BigInt(value), true);
  } else if (x.size === 1) v.setInt8(at, value);
  else if (x.size === 2) v.setInt16(at, value, true);
  else if (x.size === 4) v.setInt32(at, value, true);
  else v.setBigInt64(at, BigInt(value), true);
}

/** The float whose bits are 0x00RRGGBB, as PCL stores `rgb`. */
export function packRgbFloat(r: number, g: number, b: number): number {
  const u = new Uint32Array([(r << 16) | (g << 8) | b]);
  return new Float32Array(u.buffer)[0];
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
