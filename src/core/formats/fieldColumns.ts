import { FormatError } from '../io/byteSource';
import type { StandardAttribute } from '../pointcloud/pointBatch';
import { BatchColumns, uniqueName } from './batchColumns';

/** Scalar types of self-describing formats (PCD, PLY, Potree), by their size and signedness. */
export type ScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

export const SCALAR_SIZE: Readonly<Record<ScalarType, number>> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8, float32: 4, float64: 8,
};

export type ScalarReader = (view: DataView, at: number) => number;

export function scalarReader(type: ScalarType, littleEndian: boolean): ScalarReader {
  switch (type) {
    case 'int8': return (v, a) => v.getInt8(a);
    case 'uint8': return (v, a) => v.getUint8(a);
    case 'int16': return (v, a) => v.getInt16(a, littleEndian);
    case 'uint16': return (v, a) => v.getUint16(a, littleEndian);
    case 'int32': return (v, a) => v.getInt32(a, littleEndian);
    case 'uint32': return (v, a) => v.getUint32(a, littleEndian);
    case 'int64': return (v, a) => Number(v.getBigInt64(a, littleEndian));
    case 'uint64': return (v, a) => Number(v.getBigUint64(a, littleEndian));
    case 'float32': return (v, a) => v.getFloat32(a, littleEndian);
    case 'float64': return (v, a) => v.getFloat64(a, littleEndian);
  }
}

/** One value slot in a source record, named as the file names it. */
export interface SourceField {
  readonly name: string;
  readonly type: ScalarType;
  /**
   * The value is a packed 0x00RRGGBB colour (PCD `rgb` / `rgba`); the value handed to the sink is
   * then the 32 bits, reinterpreted from a float where the file declares one.
   */
  readonly packedRgb?: boolean;
}

/** Stores one field's value of point `p` into the batch. */
export type Sink = (out: BatchColumns, p: number, value: number) => void;

export interface ColumnPlan {
  readonly attributes: StandardAttribute[];
  readonly extraNames: string[];
  /** One per source field, in field order; null for fields that are dropped (padding). */
  readonly sinks: (Sink | null)[];
  /** Indices of the fields holding x, y, z. */
  readonly xyz: [number, number, number];
}

const STANDARD_BY_KEY: Readonly<Record<string, StandardAttribute>> = {
  intensity: 'intensity',
  classification: 'classification',
  returnnumber: 'returnNumber',
  numberofreturns: 'numberOfReturns',
  gpstime: 'gpsTime',
  pointsourceid: 'pointSourceId',
  ring: 'ring',
};
const CHANNEL: Readonly<Record<string, number>> = { red: 0, green: 1, blue: 2 };

const key = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
const clampRound = (v: number, max: number) => (v > 0 ? (v < max ? Math.round(v) : max) : 0);

/** How a colour channel of this type maps onto LAS's 16 bits. */
function channelScale(type: ScalarType): (v: number) => number {
  if (type === 'uint8' || type === 'int8') return (v) => clampRound(v * 257, 65535);
  if (type === 'float32' || type === 'float64') return (v) => clampRound(v * 65535, 65535);
  return (v) => clampRound(v, 65535);
}

/**
 * Maps named source fields onto the batch columns: x y z to positions, well-known names to the
 * standard attributes, everything else to `extra`. Float intensity has no fixed range across
 * writers, so it is also kept unrounded as extra "intensity".
 */
export function planColumns(file: string, fields: readonly SourceField[]): ColumnPlan {
  const attributes = new Set<StandardAttribute>();
  const extraNames: string[] = [];
  const taken = new Set<string>();
  const sinks: (Sink | null)[] = [];
  const xyz: number[] = [-1, -1, -1];
  const seenStandard = new Set<string>();
  fields.forEach((f, i) => {
    const k = key(f.name);
    if ((k === 'x' || k === 'y' || k === 'z') && xyz['xyz'.indexOf(k)] === -1) {
      const axis = 'xyz'.indexOf(k);
      xyz[axis] = i;
      sinks.push((out, p, v) => {
        out.positions[3 * p + axis] = v;
      });
      return;
    }
    if (f.name === '_' || f.name === '') {
      sinks.push(null);
      return;
    }
    if (f.packedRgb && !seenStandard.has('rgb')) {
      seenStandard.add('rgb');
      attributes.add('rgb');
      sinks.push((out, p, v) => {
        out.rgb![3 * p] = ((v >>> 16) & 0xff) * 257;
        out.rgb![3 * p + 1] = ((v >>> 8) & 0xff) * 257;
        out.rgb![3 * p + 2] = (v & 0xff) * 257;
      });
      return;
    }
    if (k in CHANNEL && !seenStandard.has(k)) {
      seenStandard.add(k);
      attributes.add('rgb');
      const c = CHANNEL[k];
      const scale = channelScale(f.type);
      sinks.push((out, p, v) => {
        out.rgb![3 * p + c] = scale(v);
      });
      return;
    }
    const std = STANDARD_BY_KEY[k];
    if (std && !seenStandard.has(std)) {
      seenStandard.add(std);
      attributes.add(std);
      const isFloat = f.type === 'float32' || f.type === 'float64';
      let keepRaw: string | null = null;
      if (std === 'intensity' && isFloat) {
        keepRaw = uniqueName(f.name, taken);
        extraNames.push(keepRaw);
      }
      const raw = keepRaw;
      switch (std) {
        case 'gpsTime':
          sinks.push((out, p, v) => {
            out.gpsTime![p] = v;
          });
          break;
        case 'classification':
        case 'returnNumber':
        case 'numberOfReturns':
          sinks.push((out, p, v) => {
            out[std]![p] = clampRound(v, 255);
          });
          break;
        default:
          sinks.push((out, p, v) => {
            (out[std] as Uint16Array)[p] = clampRound(v, 65535);
            if (raw !== null) out.extra[raw][p] = v;
          });
      }
      return;
    }
    const name = uniqueName(f.name, taken);
    extraNames.push(name);
    sinks.push((out, p, v) => {
      out.extra[name][p] = v;
    });
  });
  if (xyz.some((i) => i < 0)) {
    throw new FormatError(file, null, `fields ${fields.map((f) => f.name).join(' ')} lack ${['x', 'y', 'z'].filter((_, a) => xyz[a] < 0).join(', ')}`);
  }
  // A colour with only some channels present still gets all three columns; missing ones stay 0.
  return { attributes: [...attributes], extraNames, sinks, xyz: xyz as [number, number, number] };
}

export function newColumns(plan: ColumnPlan, capacity: number): BatchColumns {
  return new BatchColumns(capacity, plan.attributes, plan.extraNames);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The bits of a float32, for colours packed into float fields. */
export function floatBits(value: number): number {
  f32[0] = value;
  return u32[0];
}
