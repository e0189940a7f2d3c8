/** Writes small LAS files with known contents, for reader tests. */

export interface LasFixturePoint {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly intensity?: number;
  readonly returnNumber?: number;
  readonly numberOfReturns?: number;
  readonly classification?: number;
  readonly pointSourceId?: number;
  readonly gpsTime?: number;
  readonly rgb?: readonly [number, number, number];
  /** Values of the extra-bytes fields, in declaration order, before their scale / offset. */
  readonly extra?: readonly number[];
}

export interface LasFixtureExtraBytes {
  readonly name: string;
  /** LAS extra-bytes data type 1–10. */
  readonly type: number;
  readonly scale?: number;
  readonly offset?: number;
}

export interface LasFixture {
  readonly version: '1.0' | '1.1' | '1.2' | '1.3' | '1.4';
  readonly pdrf: number;
  readonly points: readonly LasFixturePoint[];
  readonly scale?: readonly [number, number, number];
  readonly offset?: readonly [number, number, number];
  readonly extraBytes?: readonly LasFixtureExtraBytes[];
  readonly wkt?: string;
  /** ProjectedCSTypeGeoKey value, written as a GeoKeyDirectory VLR. */
  readonly projectedEpsg?: number;
  /** Write the count only in the 64-bit field (legacy 0), as LAS 1.4 allows. */
  readonly countIn64BitOnly?: boolean;
}

export const BASE_LENGTH = [20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67];
const EB_SIZE = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8];

export function writeLas(f: LasFixture): Uint8Array {
  const minor = Number(f.version.split('.')[1]);
  const headerSize = minor >= 4 ? 375 : minor === 3 ? 235 : 227;
  const scale = f.scale ?? [0.01, 0.01, 0.01];
  const offset = f.offset ?? [0, 0, 0];
  const eb = f.extraBytes ?? [];
  const recordLength = BASE_LENGTH[f.pdrf] + eb.reduce((n, e) => n + EB_SIZE[e.type], 0);

  const vlrs: { user: string; id: number; data: Uint8Array }[] = [];
  if (eb.length > 0) {
    const data = new Uint8Array(192 * eb.length);
    const dv = new DataView(data.buffer);
    eb.forEach((e, i) => {
      const d = i * 192;
      data[d + 2] = e.type;
      data[d + 3] = (e.scale !== undefined ? 8 : 0) | (e.offset !== undefined ? 16 : 0);
      ascii(data, d + 4, e.name, 32);
      if (e.scale !== undefined) dv.setFloat64(d + 112, e.scale, true);
      if (e.offset !== undefined) dv.setFloat64(d + 136, e.offset, true);
    });
    vlrs.push({ user: 'LASF_Spec', id: 4, data });
  }
  if (f.wkt !== undefined) {
    const data = new Uint8Array(f.wkt.length + 1);
    ascii(data, 0, f.wkt, f.wkt.length);
    vlrs.push({ user: 'LASF_Projection', id: 2112, data });
  }
  if (f.projectedEpsg !== undefined) {
    const keys = [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, f.projectedEpsg];
    const data = new Uint8Array(keys.length * 2);
    keys.forEach((k, i) => new DataView(data.buffer).setUint16(i * 2, k, true));
    vlrs.push({ user: 'LASF_Projection', id: 34735, data });
  }
  const vlrBytes = vlrs.reduce((n, v) => n + 54 + v.data.byteLength, 0);
  const pointDataOffset = headerSize + vlrBytes;
  const total = pointDataOffset + recordLength * f.points.length;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  ascii(out, 0, 'LASF', 4);
  out[24] = 1;
  out[25] = minor;
  ascii(out, 58, 'cairn fixture', 32);
  v.setUint16(94, headerSize, true);
  v.setUint32(96, pointDataOffset, true);
  v.setUint32(100, vlrs.length, true);
  out[104] = f.pdrf;
  v.setUint16(105, recordLength, true);
  v.setUint32(107, f.countIn64BitOnly ? 0 : f.points.length, true);
  for (let i = 0; i < 3; i++) {
    v.setFloat64(131 + 8 * i, scale[i], true);
    v.setFloat64(155 + 8 * i, offset[i], true);
  }
  const coords = (k: 'x' | 'y' | 'z') => f.points.map((p) => p[k]);
  (['x', 'y', 'z'] as const).forEach((k, i) => {
    const c = coords(k);
    v.setFloat64(179 + 16 * i, c.length ? c.reduce((a, b) => Math.max(a, b)) : 0, true);
    v.setFloat64(187 + 16 * i, c.length ? c.reduce((a, b) => Math.min(a, b)) : 0, true);
  });
  if (minor >= 4) v.setBigUint64(247, BigInt(f.points.length), true);

  let at = headerSize;
  for (const r of vlrs) {
    ascii(out, at + 2, r.user, 16);
    v.setUint16(at + 18, r.id, true);
    v.setUint16(at + 20, r.data.byteLength, true);
    out.set(r.data, at + 54);
    at += 54 + r.data.byteLength;
  }

  const extended = f.pdrf >= 6;
  const gpsAt = extended ? 22 : [1, 3, 4, 5].includes(f.pdrf) ? 20 : -1;
  const rgbAt = [2].includes(f.pdrf) ? 20 : [3, 5].includes(f.pdrf) ? 28 : [7, 8, 10].includes(f.pdrf) ? 30 : -1;
  f.points.forEach((p, i) => {
    const r = pointDataOffset + i * recordLength;
    v.setInt32(r, Math.round((p.x - offset[0]) / scale[0]), true);
    v.setInt32(r + 4, Math.round((p.y - offset[1]) / scale[1]), true);
    v.setInt32(r + 8, Math.round((p.z - offset[2]) / scale[2]), true);
    v.setUint16(r + 12, p.intensity ?? 0, true);
    const rn = p.returnNumber ?? 1;
    const nr = p.numberOfReturns ?? 1;
    if (extended) {
      out[r + 14] = (rn & 15) | ((nr & 15) << 4);
      out[r + 16] = p.classification ?? 0;
      v.setUint16(r + 20, p.pointSourceId ?? 0, true);
    } else {
      out[r + 14] = (rn & 7) | ((nr & 7) << 3);
      // Sets the "withheld" flag too, which readers must mask off.
      out[r + 15] = ((p.classification ?? 0) & 31) | 0x80;
      v.setUint16(r + 18, p.pointSourceId ?? 0, true);
    }
    if (gpsAt >= 0) v.setFloat64(r + gpsAt, p.gpsTime ?? 0, true);
    if (rgbAt >= 0) p.rgb?.forEach((c, k) => v.setUint16(r + rgbAt + 2 * k, c, true));
    let e = r + BASE_LENGTH[f.pdrf];
    eb.forEach((d, k) => {
      const raw = p.extra?.[k] ?? 0;
      writeScalar(v, e, d.type, raw);
      e += EB_SIZE[d.type];
    });
  });
  return out;
}

function writeScalar(v: DataView, at: number, type: number, value: number): void {
  switch (type) {
    case 1: v.setUint8(at, value); break;
    case 2: v.setInt8(at, value); break;
    case 3: v.setUint16(at, value, true); break;
    case 4: v.setInt16(at, value, true); break;
    case 5: v.setUint32(at, value, true); break;
    case 6: v.setInt32(at, value, true); break;
    case 7: v.setBigUint64(at, BigInt(value), true); break;
    case 8: v.setBigInt64(at, BigInt(value), true); break;
    case 9: v.setFloat32(at, value, true); break;
    default: v.setFloat64(at, value, true);
  }
}

export function ascii(out: Uint8Array, at: number, text: string, max: number): void {
  for (let i = 0; i < Math.min(text.length, max); i++) out[at + i] = text.charCodeAt(i);
}
