import { describe, expect, it } from 'vitest';
import { applyTransform, type RigidTransform } from '../camera/rigidTransform';
import { quatFromYaw } from '../geometry/quaternion';
import { encodeCloudPcd } from '../robotics/cloudPcd';
import { decodeFrameCloud } from './frameCloud';
import type { PointCloudRef } from './manifest';
import { mergeClouds } from './mergeClouds';

const ref = (encoding: PointCloudRef['encoding'], pointCount: number, extra: Partial<PointCloudRef> = {}): PointCloudRef => ({ path: `f.${encoding}`, encoding, pointCount, ...extra });

describe('decodeFrameCloud', () => {
  it('reads KITTI xyzi as is, even from an unaligned slice', async () => {
    const floats = new Float32Array([1, 2, 3, 0.5, -4, 5, -6, 0.25]);
    const padded = new Uint8Array(floats.byteLength + 1);
    padded.set(new Uint8Array(floats.buffer), 1);
    const cloud = await decodeFrameCloud(padded.subarray(1), ref('kitti-bin-xyzi', 2));
    expect([...cloud.points]).toEqual([...floats]);
  });

  it('drops the ring of nuScenes xyzir and scales intensity from 0..255', async () => {
    const floats = new Float32Array([1, 2, 3, 255, 7, 4, 5, 6, 51, 12]);
    const cloud = await decodeFrameCloud(new Uint8Array(floats.buffer), ref('nuscenes-bin-xyzir', 2));
    expect(cloud.count).toBe(2);
    expect([...cloud.points].map((v) => Math.round(v * 100) / 100)).toEqual([1, 2, 3, 1, 4, 5, 6, 0.2]);
  });

  it('names the file when a nuScenes sweep is truncated or disagrees with the manifest', async () => {
    const floats = new Float32Array(10);
    await expect(decodeFrameCloud(new Uint8Array(floats.buffer).subarray(0, 30), ref('nuscenes-bin-xyzir', 2))).rejects.toThrow(/f\.nuscenes-bin-xyzir: 30 bytes is not a whole number of 20-byte points/);
    await expect(decodeFrameCloud(new Uint8Array(floats.buffer), ref('nuscenes-bin-xyzir', 3))).rejects.toThrow(/holds 2 points but the scene manifest says 3/);
  });

  it('reads a PCD through the format readers and scales its intensity to 0..1', async () => {
    const text = 'VERSION .7\nFIELDS x y z intensity\nSIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH 2\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS 2\nDATA ascii\n1 2 3 200\n4 5 6 100\n';
    const cloud = await decodeFrameCloud(new TextEncoder().encode(text), ref('pcd', 2));
    expect([...cloud.points]).toEqual([1, 2, 3, 1, 4, 5, 6, 0.5]);
    expect(cloud.time).toBeUndefined();
  });

  it('keeps the per-point time of a sweep the robotics import wrote, in batches and all', async () => {
    const count = 70_000;
    const positions = new Float32Array(count * 3).map((_, i) => i % 97);
    const time = new Float64Array(count).map((_, i) => 1_700_000_000 + i * 1e-6);
    const bytes = encodeCloudPcd({ count, positions, time, timeField: 't', otherFields: [], droppedNonFinite: 0, droppedZero: 0 });
    const cloud = await decodeFrameCloud(bytes, ref('pcd', count));
    expect(cloud.time).toBeInstanceOf(Float64Array);
    expect(cloud.time!.length).toBe(count);
    expect(cloud.time![0]).toBe(time[0]);
    expect(cloud.time![65_537]).toBe(time[65_537]);
    expect(cloud.time![count - 1]).toBe(time[count - 1]);
  });
});

describe('mergeClouds', () => {
  it('places each sweep through its transform and keeps intensity', () => {
    const a = { points: new Float32Array([1, 0, 0, 0.1]), count: 1, targetFromCloud: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] } as RigidTransform };
    const t: RigidTransform = { translation: [10, -2, 0.5], rotation: quatFromYaw(Math.PI / 2) };
    const b = { points: new Float32Array([2, 1, 0, 0.9, 0, 0, 1, 0.3]), count: 2, targetFromCloud: t };
    const merged = mergeClouds([a, b]);
    expect(merged.count).toBe(3);
    const p = applyTransform(t, [2, 1, 0]);
    expect([...merged.points.subarray(4, 8)].map((v) => Math.round(v * 1e4) / 1e4)).toEqual([p[0], p[1], p[2], 0.9].map((v) => Math.round(Math.fround(v) * 1e4) / 1e4));
    expect(merged.points[11]).toBeCloseTo(0.3, 6);
  });
});
