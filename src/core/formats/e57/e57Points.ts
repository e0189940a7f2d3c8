import { quatToMat3, type RigidTransform } from '../../camera/rigidTransform';
import type { PointBatch, StandardAttribute } from '../../pointcloud/pointBatch';
import { BatchColumns } from '../batchColumns';
import { readCompressedVector } from './compressedVector';
import type { E57Scan } from './e57Document';
import type { E57Field } from './e57Fields';
import type { E57Pages } from './e57Pages';

/** Fields that say whether another is valid; they gate points and are not kept. */
const STATE_FIELDS = new Set(['cartesianInvalidState', 'sphericalInvalidState', 'isIntensityInvalid', 'isColorInvalid', 'isTimeStampInvalid']);
const COORDINATE_FIELDS = new Set(['cartesianX', 'cartesianY', 'cartesianZ', 'sphericalRange', 'sphericalAzimuth', 'sphericalElevation']);
const STANDARD: Readonly<Record<string, StandardAttribute>> = {
  intensity: 'intensity',
  colorRed: 'rgb',
  colorGreen: 'rgb',
  colorBlue: 'rgb',
  returnIndex: 'returnNumber',
  returnCount: 'numberOfReturns',
};

/** The batch columns a scan fills: standard attributes, and its other fields (rowIndex, timeStamp, …) as extras. */
export function scanColumns(scan: E57Scan): { attributes: StandardAttribute[]; extraNames: string[] } {
  const attributes = new Set<StandardAttribute>();
  const extraNames: string[] = [];
  for (const f of scan.fields) {
    if (STATE_FIELDS.has(f.name) || COORDINATE_FIELDS.has(f.name)) continue;
    const std = STANDARD[f.name];
    if (std) attributes.add(std);
    else extraNames.push(f.name);
  }
  return { attributes: [...attributes], extraNames };
}

export interface ScanReadOptions {
  readonly batchSize: number;
  /** The columns of every batch (a merged cloud's union); the scan's own when absent. */
  readonly columns?: { attributes: readonly StandardAttribute[]; extraNames: readonly string[] };
  /** Apply the scan's pose, giving file coordinates; the scan's own coordinates otherwise. */
  readonly applyPose: boolean;
  /** Called with the number of points dropped for an invalid state, as they are. */
  readonly onSkipped?: (n: number) => void;
  /** Keep invalid points as NaN positions (so a writer knows the count up front) instead of dropping them. */
  readonly keepInvalid?: boolean;
}

/**
 * What intensity 0 and 65535 stand for: the scan's intensityLimits where they span a range, else
 * the field's declared range; where neither does (writers leave both 0, or a scan of one value
 * states it as both), 0 up to at least 1, since E57 intensities are mostly 0..1.
 */
function intensityRange(limits: readonly [number, number] | undefined, field: E57Field): [number, number] {
  if (limits && limits[1] > limits[0]) return [limits[0], limits[1]];
  if (field.maximum > field.minimum && Number.isFinite(field.maximum - field.minimum)) return [field.minimum, field.maximum];
  const top = Math.max(limits?.[1] ?? -Infinity, Number.isFinite(field.maximum) ? field.maximum : -Infinity);
  return [Math.min(0, limits?.[0] ?? 0), Math.max(1, top)];
}

/** Maps a field value in [lo, hi] onto 0..65535 (LAS's colour and intensity range). */
function to16(lo: number, hi: number): (v: number) => number {
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return (v) => (v > 0 ? (v < 65535 ? Math.round(v) : 65535) : 0);
  const k = 65535 / (hi - lo);
  return (v) => {
    const s = (v - lo) * k;
    return s > 0 ? (s < 65535 ? Math.round(s) : 65535) : 0;
  };
}

/**
 * A scan's points in batches of exactly `batchSize` (the last one shorter). Spherical coordinates
 * become cartesian; points whose cartesian / spherical invalid state is not 0 (only a direction,
 * or no return) are dropped; intensity and colour are scaled to 16 bits by their limits.
 */
export async function* scanBatches(pages: E57Pages, scan: E57Scan, options: ScanReadOptions): AsyncGenerator<PointBatch> {
  const cols = options.columns ?? scanColumns(scan);
  const idx = (name: string) => scan.fields.findIndex((f) => f.name === name);
  const field = (name: string) => scan.fields[idx(name)];
  const spherical = scan.coordinates === 'spherical';
  const [ix, iy, iz] = spherical ? [idx('sphericalRange'), idx('sphericalAzimuth'), idx('sphericalElevation')] : [idx('cartesianX'), idx('cartesianY'), idx('cartesianZ')];
  const iState = idx(spherical ? 'sphericalInvalidState' : 'cartesianInvalidState');
  const iIntensity = cols.attributes.includes('intensity') ? idx('intensity') : -1;
  const intensity = iIntensity >= 0 ? to16(...intensityRange(scan.intensityLimits, field('intensity'))) : null;
  const iRgb = cols.attributes.includes('rgb') ? [idx('colorRed'), idx('colorGreen'), idx('colorBlue')] : [];
  const rgb = iRgb.map((i, c) => (i < 0 ? null : to16(scan.colorLimits && scan.colorLimits.max[c] > scan.colorLimits.min[c] ? scan.colorLimits.min[c] : scan.fields[i].minimum, scan.colorLimits && scan.colorLimits.max[c] > scan.colorLimits.min[c] ? scan.colorLimits.max[c] : scan.fields[i].maximum)));
  const iReturn = cols.attributes.includes('returnNumber') ? idx('returnIndex') : -1;
  const iReturns = cols.attributes.includes('numberOfReturns') ? idx('returnCount') : -1;
  const extras = cols.extraNames.map((name) => [name, idx(name)] as const).filter(([, i]) => i >= 0);
  const m = options.applyPose && scan.hasPose ? quatToMat3(scan.pose.rotation) : null;
  const t = (scan.pose as RigidTransform).translation;

  let left = scan.recordCount;
  const fresh = () => new BatchColumns(Math.max(1, Math.min(options.batchSize, left)), cols.attributes, cols.extraNames);
  let out = fresh();
  let filled = 0;
  for await (const chunk of readCompressedVector(pages, { fileOffset: scan.pointsOffset, recordCount: scan.recordCount, fields: scan.fields, what: `data3D ${scan.index} ("${scan.name}") points` })) {
    const c = chunk.columns;
    let skipped = 0;
    for (let i = 0; i < chunk.count; i++) {
      left--;
      let x = c[ix][i];
      let y = c[iy][i];
      let z = c[iz][i];
      if (iState >= 0 && c[iState][i] !== 0) {
        skipped++;
        if (!options.keepInvalid) continue;
        x = y = z = NaN;
      }
      if (spherical) {
        const r = x;
        const ce = Math.cos(z);
        x = r * ce * Math.cos(y);
        y = r * ce * Math.sin(y);
        z = r * Math.sin(c[iz][i]);
      }
      const p = 3 * filled;
      if (m) {
        out.positions[p] = m[0] * x + m[1] * y + m[2] * z + t[0];
        out.positions[p + 1] = m[3] * x + m[4] * y + m[5] * z + t[1];
        out.positions[p + 2] = m[6] * x + m[7] * y + m[8] * z + t[2];
      } else {
        out.positions[p] = x;
        out.positions[p + 1] = y;
        out.positions[p + 2] = z;
      }
      if (intensity) out.intensity![filled] = intensity(c[iIntensity][i]);
      for (let k = 0; k < rgb.length; k++) if (rgb[k]) out.rgb![p + k] = rgb[k]!(c[iRgb[k]][i]);
      if (iReturn >= 0) out.returnNumber![filled] = Math.min(255, c[iReturn][i] + 1);
      if (iReturns >= 0) out.numberOfReturns![filled] = Math.min(255, c[iReturns][i]);
      for (const [name, k] of extras) out.extra[name][filled] = c[k][i];
      filled++;
      if (filled === out.capacity) {
        yield out.finish(filled);
        filled = 0;
        out = fresh();
      }
    }
    if (skipped) options.onSkipped?.(skipped);
  }
  if (filled > 0) yield out.finish(filled);
}
