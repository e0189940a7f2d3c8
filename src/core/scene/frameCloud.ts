import { openPointCloud } from '../formats/openPointCloud';
import { parseKittiBin, type XyziCloud } from '../formats/kittiBin';
import { memorySource } from '../io/byteSource';
import type { PointCloudFormat } from '../formats/openPointCloud';
import type { PointCloudEncoding, PointCloudRef } from './manifest';

const FORMAT_OF: Record<Exclude<PointCloudEncoding, 'kitti-bin-xyzi' | 'nuscenes-bin-xyzir'>, PointCloudFormat> = {
  pcd: 'pcd',
  ply: 'ply',
  las: 'las',
  laz: 'laz',
};

/** A decoded sweep, with each point's capture time where the file carries one. */
export interface FrameCloud extends XyziCloud {
  /**
   * Seconds, as the file holds them (the PCD `time` field Cairn's robotics import writes, or a
   * PCD / PLY field of the same name): an offset into the sweep or an absolute time, as the
   * driver wrote it (see sweepTimesOnSceneClock).
   */
  readonly time?: Float64Array;
}

/** Field names that hold a point's capture time in the files a frame refers to. */
const TIME_FIELDS = ['time', 't', 'timestamp', 'time_stamp', 'offset_time'];

/**
 * A frame's sweep as interleaved x, y, z, intensity (float32, in the sensor's frame), whatever its
 * encoding. Intensity is scaled to 0..1 (KITTI already is; LAS / PCD / PLY intensities are divided
 * by the manifest's intensityRange maximum, or by the largest value present), so colour scales
 * mean the same across datasets.
 */
export async function decodeFrameCloud(bytes: Uint8Array, ref: PointCloudRef): Promise<FrameCloud> {
  if (ref.encoding === 'kitti-bin-xyzi') {
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const buffer = aligned.byteOffset === 0 && aligned.byteLength === aligned.buffer.byteLength ? (aligned.buffer as ArrayBuffer) : aligned.slice().buffer;
    return parseKittiBin(buffer, ref.path, ref.pointCount);
  }
  if (ref.encoding === 'nuscenes-bin-xyzir') return decodeNuScenesBin(bytes, ref);
  const reader = await openPointCloud(memorySource(ref.path, bytes), { format: FORMAT_OF[ref.encoding], fileName: ref.path });
  const count = reader.header.pointCount;
  const points = new Float32Array(count * 4);
  let written = 0;
  let maxIntensity = 0;
  const timeField = TIME_FIELDS.find((f) => reader.header.extraAttributes?.includes(f));
  const time = timeField ? new Float64Array(count) : undefined;
  for await (const batch of reader.batches(65536)) {
    if (written + batch.count > count) throw new Error(`${ref.path}: holds more points than its header says (${count})`);
    const batchTime = timeField ? batch.extra?.[timeField] : undefined;
    if (time && batchTime) time.set(batchTime.subarray(0, batch.count), written);
    for (let i = 0; i < batch.count; i++) {
      const o = (written + i) * 4;
      points[o] = batch.positions[i * 3];
      points[o + 1] = batch.positions[i * 3 + 1];
      points[o + 2] = batch.positions[i * 3 + 2];
      const intensity = batch.intensity ? batch.intensity[i] : 0;
      points[o + 3] = intensity;
      if (intensity > maxIntensity) maxIntensity = intensity;
    }
    written += batch.count;
  }
  const scale = ref.intensityRange ? ref.intensityRange[1] : maxIntensity;
  if (scale > 1) for (let o = 3; o < points.length; o += 4) points[o] /= scale;
  return {
    points: written === count ? points : points.subarray(0, written * 4),
    count: written,
    ...(time && { time: written === count ? time : time.subarray(0, written) }),
  };
}

const NUSCENES_STRIDE_BYTES = 20;

/** nuScenes sweeps: float32 x, y, z, intensity (0..255), ring index per point. */
function decodeNuScenesBin(bytes: Uint8Array, ref: PointCloudRef): XyziCloud {
  if (bytes.byteLength % NUSCENES_STRIDE_BYTES !== 0) {
    const whole = Math.floor(bytes.byteLength / NUSCENES_STRIDE_BYTES);
    throw new Error(`${ref.path}: ${bytes.byteLength} bytes is not a whole number of 20-byte points (truncated after point ${whole}, at byte ${whole * NUSCENES_STRIDE_BYTES})`);
  }
  const count = bytes.byteLength / NUSCENES_STRIDE_BYTES;
  if (ref.pointCount !== undefined && count !== ref.pointCount) throw new Error(`${ref.path}: holds ${count} points but the scene manifest says ${ref.pointCount}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points = new Float32Array(count * 4);
  const scale = ref.intensityRange ? Math.max(1, ref.intensityRange[1]) : 255;
  for (let i = 0; i < count; i++) {
    const b = i * NUSCENES_STRIDE_BYTES;
    const x = view.getFloat32(b, true);
    const y = view.getFloat32(b + 4, true);
    const z = view.getFloat32(b + 8, true);
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) throw new Error(`${ref.path}: point ${i} has a non-finite coordinate at byte ${b}`);
    points[i * 4] = x;
    points[i * 4 + 1] = y;
    points[i * 4 + 2] = z;
    points[i * 4 + 3] = view.getFloat32(b + 12, true) / scale;
  }
  return { points, count };
}
