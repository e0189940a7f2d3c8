import type { PointCloud2Message } from '../pointCloud2';

/** Test support: PointField datatype numbers by name, as sensor_msgs/PointField defines them. */
export const DATATYPE = { int8: 1, uint8: 2, int16: 3, uint16: 4, int32: 5, uint32: 6, float32: 7, float64: 8 } as const;
export type DatatypeName = keyof typeof DATATYPE;
const SIZE: Record<DatatypeName, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, float32: 4, float64: 8 };

export interface FieldSpec {
  readonly name: string;
  readonly type: DatatypeName;
}

export interface CloudSpec {
  readonly fields: readonly FieldSpec[];
  /** One record per point, values by field name; width × height of them, row by row. */
  readonly points: readonly Readonly<Record<string, number>>[];
  readonly width?: number;
  readonly height?: number;
  readonly bigEndian?: boolean;
  /** Bytes of padding after each point and after each row. */
  readonly pointPadding?: number;
  readonly rowPadding?: number;
  readonly stamp?: number;
  readonly frameId?: string;
}

/**
 * A PointCloud2 message as a driver would write it: fields packed in order at their natural
 * size, then the padding asked for, in either byte order. `header` is ROS 1 shaped; the
 * fixtures restamp it for ROS 2.
 */
export function pointCloud2(spec: CloudSpec): PointCloud2Message {
  const width = spec.width ?? spec.points.length;
  const height = spec.height ?? 1;
  let offset = 0;
  const fields = spec.fields.map((f) => {
    const field = { name: f.name, offset, datatype: DATATYPE[f.type], count: 1 };
    offset += SIZE[f.type];
    return field;
  });
  const pointStep = offset + (spec.pointPadding ?? 0);
  const rowStep = width * pointStep + (spec.rowPadding ?? 0);
  const data = new Uint8Array(rowStep * height);
  const view = new DataView(data.buffer);
  const le = !spec.bigEndian;
  spec.points.forEach((p, i) => {
    const at = Math.floor(i / width) * rowStep + (i % width) * pointStep;
    spec.fields.forEach((f, k) => {
      const o = at + fields[k].offset;
      const v = p[f.name] ?? 0;
      switch (f.type) {
        case 'int8': view.setInt8(o, v); break;
        case 'uint8': view.setUint8(o, v); break;
        case 'int16': view.setInt16(o, v, le); break;
        case 'uint16': view.setUint16(o, v, le); break;
        case 'int32': view.setInt32(o, v, le); break;
        case 'uint32': view.setUint32(o, v, le); break;
        case 'float32': view.setFloat32(o, v, le); break;
        case 'float64': view.setFloat64(o, v, le); break;
      }
    });
  });
  const stamp = spec.stamp ?? 0;
  return {
    header: { stamp: { sec: Math.floor(stamp), nsec: Math.round((stamp - Math.floor(stamp)) * 1e9) }, frame_id: spec.frameId ?? 'lidar' },
    height,
    width,
    fields,
    is_bigendian: Boolean(spec.bigEndian),
    point_step: pointStep,
    row_step: rowStep,
    data,
    is_dense: spec.points.every((p) => ['x', 'y', 'z'].every((k) => Number.isFinite(p[k] ?? 0))),
  };
}
