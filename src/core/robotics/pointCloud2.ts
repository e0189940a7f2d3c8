import { SCALAR_SIZE, scalarReader, type ScalarReader, type ScalarType } from '../formats/fieldColumns';
import type { RosHeader } from './rosTypes';

/** sensor_msgs/PointField datatypes, by their number in the message. */
const DATATYPES: Readonly<Record<number, ScalarType>> = {
  1: 'int8',
  2: 'uint8',
  3: 'int16',
  4: 'uint16',
  5: 'int32',
  6: 'uint32',
  7: 'float32',
  8: 'float64',
};

export interface PointField {
  readonly name: string;
  readonly offset: number;
  readonly datatype: number;
  readonly count: number;
}

/** sensor_msgs/PointCloud2 (ROS 1 and ROS 2 alike). */
export interface PointCloud2Message {
  readonly header: RosHeader;
  readonly height: number;
  readonly width: number;
  readonly fields: readonly PointField[];
  readonly is_bigendian: boolean;
  readonly point_step: number;
  readonly row_step: number;
  readonly data: Uint8Array;
  readonly is_dense: boolean;
}

/** A sweep in its sensor frame, columnar, with the points that were dropped counted by reason. */
export interface DecodedCloud {
  readonly count: number;
  /** x, y, z interleaved, in the message's frame. */
  readonly positions: Float32Array;
  readonly intensity?: Float32Array;
  readonly ring?: Uint16Array;
  /** Per-point time in seconds as the driver wrote it (relative to the sweep, or absolute). */
  readonly time?: Float64Array;
  /** Which message field gave the time, for the report. */
  readonly timeField?: string;
  /** Points with a NaN or infinite coordinate (allowed when is_dense is false). */
  readonly droppedNonFinite: number;
  /** No-return points of an organised cloud, which drivers store as (0, 0, 0). */
  readonly droppedZero: number;
  /** Fields present but not kept (reflectivity, noise, range, …). */
  readonly otherFields: readonly string[];
}

const TIME_FIELDS = ['time', 't', 'timestamp', 'time_stamp', 'offset_time'];

interface Column {
  readonly read: ScalarReader;
  readonly offset: number;
  readonly integer: boolean;
  readonly name: string;
}

/**
 * Decodes x, y, z and, where present, intensity, ring and per-point time from any PointCloud2
 * layout: every PointField datatype, any point_step and row_step, either byte order. Throws
 * (naming `source`) when the layout does not fit its data or x, y or z is missing. Integer time
 * fields are nanoseconds (Ouster `t`), float ones seconds (Velodyne `time`, Hesai `timestamp`).
 */
export function decodePointCloud2(msg: PointCloud2Message, source: string): DecodedCloud {
  const { width, height, point_step: step, row_step: rowStep } = msg;
  const littleEndian = !msg.is_bigendian;
  const columnOf = (name: string): Column | null => {
    const field = msg.fields.find((f) => f.name === name);
    if (!field) return null;
    const type = DATATYPES[field.datatype];
    if (!type) throw new Error(`${source}: field "${name}" has unknown PointField datatype ${field.datatype}`);
    if (field.offset < 0 || field.offset + SCALAR_SIZE[type] > step) {
      throw new Error(`${source}: field "${name}" (offset ${field.offset}, ${type}) does not fit in point_step ${step}`);
    }
    return { read: scalarReader(type, littleEndian), offset: field.offset, integer: !type.startsWith('float'), name };
  };
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 0 && height >= 0)) throw new Error(`${source}: width ${width} × height ${height} is not a cloud size`);
  if (!(step > 0) || rowStep < width * step) throw new Error(`${source}: row_step ${rowStep} is less than width ${width} × point_step ${step}`);
  const needed = height === 0 || width === 0 ? 0 : (height - 1) * rowStep + width * step;
  if (msg.data.byteLength < needed) throw new Error(`${source}: data holds ${msg.data.byteLength} bytes, the layout needs ${needed} (the message is truncated)`);
  const [cx, cy, cz] = ['x', 'y', 'z'].map(columnOf);
  if (!cx || !cy || !cz) throw new Error(`${source}: no x, y, z fields (has ${msg.fields.map((f) => f.name).join(', ') || 'none'})`);
  const cIntensity = columnOf('intensity') ?? columnOf('i');
  const cRing = columnOf('ring');
  const cTime = TIME_FIELDS.map(columnOf).find((c) => c !== null) ?? null;
  const kept = new Set([cx, cy, cz, cIntensity, cRing, cTime].filter((c) => c).map((c) => c!.name));

  const total = width * height;
  const positions = new Float32Array(total * 3);
  const intensity = cIntensity ? new Float32Array(total) : undefined;
  const ring = cRing ? new Uint16Array(total) : undefined;
  const time = cTime ? new Float64Array(total) : undefined;
  const timeScale = cTime?.integer ? 1e-9 : 1;
  const organised = height > 1;
  const view = new DataView(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
  let n = 0;
  let nonFinite = 0;
  let zero = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const at = r * rowStep + c * step;
      const x = cx.read(view, at + cx.offset);
      const y = cy.read(view, at + cy.offset);
      const z = cz.read(view, at + cz.offset);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
        nonFinite++;
        continue;
      }
      if (organised && x === 0 && y === 0 && z === 0) {
        zero++;
        continue;
      }
      positions[n * 3] = x;
      positions[n * 3 + 1] = y;
      positions[n * 3 + 2] = z;
      if (intensity) intensity[n] = cIntensity!.read(view, at + cIntensity!.offset);
      if (ring) ring[n] = cRing!.read(view, at + cRing!.offset);
      if (time) time[n] = cTime!.read(view, at + cTime!.offset) * timeScale;
      n++;
    }
  }
  return {
    count: n,
    positions: positions.subarray(0, n * 3),
    ...(intensity && { intensity: intensity.subarray(0, n) }),
    ...(ring && { ring: ring.subarray(0, n) }),
    ...(time && { time: time.subarray(0, n), timeField: cTime!.name }),
    droppedNonFinite: nonFinite,
    droppedZero: zero,
    otherFields: msg.fields.map((f) => f.name).filter((name) => !kept.has(name)),
  };
}
