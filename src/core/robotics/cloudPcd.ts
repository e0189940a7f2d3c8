import { utf8Bytes } from '../model/sha1';
import type { DecodedCloud } from './pointCloud2';

/**
 * A decoded sweep as a binary PCD 0.7 file (little endian, one packed record a point), the form
 * Cairn's point-cloud readers already open: x y z (F4), then intensity (F4), ring (U2) and time
 * (F8, seconds) where the sweep has them.
 */
export function encodeCloudPcd(cloud: DecodedCloud): Uint8Array {
  const fields: { name: string; size: number; type: 'F' | 'U'; write: (v: DataView, at: number, i: number) => void }[] = [
    { name: 'x', size: 4, type: 'F', write: (v, at, i) => v.setFloat32(at, cloud.positions[i * 3], true) },
    { name: 'y', size: 4, type: 'F', write: (v, at, i) => v.setFloat32(at, cloud.positions[i * 3 + 1], true) },
    { name: 'z', size: 4, type: 'F', write: (v, at, i) => v.setFloat32(at, cloud.positions[i * 3 + 2], true) },
  ];
  const { intensity, ring, time } = cloud;
  if (intensity) fields.push({ name: 'intensity', size: 4, type: 'F', write: (v, at, i) => v.setFloat32(at, intensity[i], true) });
  if (ring) fields.push({ name: 'ring', size: 2, type: 'U', write: (v, at, i) => v.setUint16(at, ring[i], true) });
  if (time) fields.push({ name: 'time', size: 8, type: 'F', write: (v, at, i) => v.setFloat64(at, time[i], true) });
  const header = [
    '# .PCD v0.7 - written by Cairn from a robotics log',
    'VERSION 0.7',
    `FIELDS ${fields.map((f) => f.name).join(' ')}`,
    `SIZE ${fields.map((f) => f.size).join(' ')}`,
    `TYPE ${fields.map((f) => f.type).join(' ')}`,
    `COUNT ${fields.map(() => 1).join(' ')}`,
    `WIDTH ${cloud.count}`,
    'HEIGHT 1',
    'VIEWPOINT 0 0 0 1 0 0 0',
    `POINTS ${cloud.count}`,
    'DATA binary',
    '',
  ].join('\n');
  const head = utf8Bytes(header);
  const stride = fields.reduce((s, f) => s + f.size, 0);
  const out = new Uint8Array(head.length + stride * cloud.count);
  out.set(head);
  const view = new DataView(out.buffer, head.length);
  for (let i = 0; i < cloud.count; i++) {
    let at = i * stride;
    for (const f of fields) {
      f.write(view, at, i);
      at += f.size;
    }
  }
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
