import { pointCloud2FromFoxglove, type FoxglovePointCloud } from '../../../core/robotics/foxglovePointCloud';
import type { PointCloud2Message } from '../../../core/robotics/pointCloud2';

/** A PointCloud2, or a Foxglove PointCloud (its JSON encoding carries the bytes as base64) as one. */
export function asPointCloud2(type: string, message: unknown, where: string): PointCloud2Message {
  if (type === 'sensor_msgs/PointCloud2') return message as PointCloud2Message;
  const fg = message as FoxglovePointCloud & { data: Uint8Array | string };
  const data = typeof fg.data === 'string' ? new Uint8Array(Buffer.from(fg.data, 'base64')) : fg.data;
  return pointCloud2FromFoxglove({ ...fg, data }, where);
}
