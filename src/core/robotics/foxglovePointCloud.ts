import type { PointCloud2Message, PointField } from './pointCloud2';
import type { RosPose, RosTime } from './rosTypes';

/** foxglove.PointCloud: a flat cloud with its own field numbering and a pose for its origin. */
export interface FoxglovePointCloud {
  readonly timestamp: RosTime;
  readonly frame_id: string;
  readonly pose?: RosPose;
  readonly point_stride: number;
  readonly fields: readonly { readonly name: string; readonly offset: number; readonly type: number }[];
  /** Bytes; JSON-encoded channels carry them as base64, which the host decodes first. */
  readonly data: Uint8Array;
}

/** Foxglove NumericType → sensor_msgs/PointField datatype (the two number the same types differently). */
const TO_POINT_FIELD: Readonly<Record<number, number>> = { 1: 2, 2: 1, 3: 4, 4: 3, 5: 6, 6: 5, 7: 7, 8: 8 };

/**
 * A Foxglove PointCloud as the PointCloud2 it is equivalent to (one row, little endian), so one
 * decoder reads both. A pose other than the identity is refused: the points would need moving,
 * and no recorder Cairn has seen writes one.
 */
export function pointCloud2FromFoxglove(msg: FoxglovePointCloud, source: string): PointCloud2Message {
  const p = msg.pose;
  if (p && (p.position.x !== 0 || p.position.y !== 0 || p.position.z !== 0 || Math.abs(Math.abs(p.orientation.w) - 1) > 1e-9)) {
    throw new Error(`${source}: a Foxglove PointCloud with a pose other than the identity is not imported`);
  }
  const fields: PointField[] = msg.fields.map((f) => ({ name: f.name, offset: f.offset, datatype: TO_POINT_FIELD[f.type] ?? 0, count: 1 }));
  const stride = msg.point_stride;
  const width = stride > 0 ? Math.floor(msg.data.byteLength / stride) : 0;
  return {
    header: { stamp: msg.timestamp, frame_id: msg.frame_id },
    height: 1,
    width,
    fields,
    is_bigendian: false,
    point_step: stride,
    row_step: width * stride,
    data: msg.data,
    is_dense: false,
  };
}
