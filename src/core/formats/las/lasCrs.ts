import type { ByteSource } from '../../io/byteSource';
import { latin1, viewOf } from '../binary';
import { findVlr, readVlr, type LasHeader } from './lasHeader';

export interface LasCrs {
  readonly wkt?: string;
  readonly epsg?: number;
  readonly geoKeys?: boolean;
}

const GEO_KEY_DIRECTORY = 34735;
const PROJECTED_CS_TYPE = 3072;
const GEOGRAPHIC_TYPE = 2048;
/** GeoTIFF's "user-defined": the real definition lives in other keys, so there is no EPSG code. */
const USER_DEFINED = 32767;

/** The coordinate system, from the WKT record (preferred, as LAS 1.4 requires) and the GeoTIFF keys. */
export async function readLasCrs(source: ByteSource, header: LasHeader): Promise<LasCrs | undefined> {
  let wkt: string | undefined;
  let epsg: number | undefined;
  let geoKeys = false;
  const wktVlr = findVlr(header, 'LASF_Projection', 2112);
  if (wktVlr && wktVlr.dataLength > 0) {
    const text = latin1(await readVlr(source, wktVlr)).replace(/\0+$/, '').trim();
    if (text !== '') {
      wkt = text;
      epsg = epsgFromWkt(text);
    }
  }
  const keysVlr = findVlr(header, 'LASF_Projection', GEO_KEY_DIRECTORY);
  if (keysVlr && keysVlr.dataLength >= 8) {
    geoKeys = true;
    const fromKeys = epsgFromGeoKeys(await readVlr(source, keysVlr));
    if (epsg === undefined) epsg = fromKeys;
  }
  if (wkt === undefined && epsg === undefined && !geoKeys) return undefined;
  return { ...(wkt !== undefined && { wkt }), ...(epsg !== undefined && { epsg }), ...(geoKeys && { geoKeys }) };
}

export function epsgFromGeoKeys(payload: Uint8Array): number | undefined {
  const v = viewOf(payload);
  const keyCount = v.getUint16(6, true);
  let projected: number | undefined;
  let geographic: number | undefined;
  for (let i = 0; i < keyCount; i++) {
    const at = 8 + i * 8;
    if (at + 8 > payload.byteLength) break;
    const id = v.getUint16(at, true);
    const location = v.getUint16(at + 2, true);
    const value = v.getUint16(at + 6, true);
    // Location 0 means the value is inline; codes are always inline.
    if (location !== 0) continue;
    if (id === PROJECTED_CS_TYPE) projected = value;
    if (id === GEOGRAPHIC_TYPE) geographic = value;
  }
  const code = projected ?? geographic;
  return code === undefined || code === 0 || code === USER_DEFINED ? undefined : code;
}

/** The authority code of the outermost WKT object: the last AUTHORITY / ID before the final bracket. */
export function epsgFromWkt(wkt: string): number | undefined {
  const m = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt);
  return m ? Number(m[1]) : undefined;
}
