import { utf8Bytes } from '../model/sha1';
import type { DecodedCloud } from './pointCloud2';

/**
 * A decoded sweep as a binary PCD 0.7 file (little endian, one packed record a point), the form
 * Cairn's point-cloud readers already open: x y z (F4), then intensity (F4), ring (U2) and time
 * (F8, seconds) where the sweep has them.
 */
export function encodeCloudPcd(cloud: DecodedCloud): Uint8Array {
  const { intensity, ring, time, positions, count } = cloud;
  const fields: { name: string; size: number; type: 'F' | 'U' }[] = [
    { name: 'x', size: 4, type: 'F' },
    { name: 'y', size: 4, type: 'F' },
    { name: 'z', size: 4, type: 'F' },
  ];
  if (intensity) fields.push({ name: 'intensity', size: 4, type: 'F' });
  if (ring) fields.push({ name: 'ring', size: 2, type: 'U' });
  if (time) fields.push({ name: 'time', size: 8, type: 'F' });
  const header = [
    '# .PCD v0.7 - written by Cairn from a robotics log',
    'VERSION 0.7',
    `FIELDS ${fields.map((f) => f.name).join(' ')}`,
    `SIZE ${fields.map((f) => f.size).join(' ')}`,
    `TYPE ${fields.map((f) => f.type).join(' ')}`,
    `COUNT ${fields.map(() => 1).join(' ')}`,
    `WIDTH ${count}`,
    'HEIGHT 1',
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${count}`,
    'DATA binary',
    '',
  ].join('\n');
  const head = utf8Bytes(header);
  const stride = fields.reduce((s, f) => s + f.size, 0);
  const out = new Uint8Array(head.length + stride * count);
  out.set(head);
  const view = new DataView(out.buffer, head.length);
  // One plain loop a field (not a call per point and field): this runs on the host thread for every sweep served.
  for (let i = 0, at = 0; i < count; i++, at += stride) {
    view.setFloat32(at, positions[i * 3], true);
    view.setFloat32(at + 4, positions[i * 3 + 1], true);
    view.setFloat32(at + 8, positions[i * 3 + 2], true);
  }
  let offset = 12;
  if (intensity) {
    for (let i = 0, at = offset; i < count; i++, at += stride) view.setFloat32(at, intensity[i], true);
    offset += 4;
  }
  if (ring) {
    for (let i = 0, at = offset; i < count; i++, at += stride) view.setUint16(at, ring[i], true);
    offset += 2;
  }
  if (time) for (let i = 0, at = offset; i < count; i++, at += stride) view.setFloat64(at, time[i], true);
  return out;
}

/** Axis-aligned bounds of a sweep; null when it has no points. */
export function cloudBounds(cloud: DecodedCloud): { min: [number, number, number]; max: [number, number, number] } | null {
  if (cloud.count === 0) return null;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cloud.count; i++) {
    for (let k = 0; k < 3; k++) {
      const v = cloud.positions[i * 3 + k];
      if (v < min[k]) min[k] = v;
      if (v > max[k]) max[k] = v;
    }
  }
  return { min, max };
}
