import { describe, expect, it } from 'vitest';
import { pointCloud2FromFoxglove } from './foxglovePointCloud';
import { decodePointCloud2 } from './pointCloud2';
import { DATATYPE, pointCloud2, type DatatypeName } from './testing/pointCloud2Bytes';

const TYPES = Object.keys(DATATYPE) as DatatypeName[];

describe('decodePointCloud2', () => {
  for (const type of TYPES) {
    for (const bigEndian of [false, true]) {
      it(`reads x, y, z, intensity and ring stored as ${type}, ${bigEndian ? 'big' : 'little'} endian`, () => {
        const values = type.startsWith('uint') ? [1, 2, 3, 100] : [-1, 2, -3, 100];
        const msg = pointCloud2({
          fields: ['x', 'y', 'z', 'intensity', 'ring'].map((name) => ({ name, type })),
          points: [
            { x: values[0], y: values[1], z: values[2], intensity: values[3], ring: 7 },
            { x: 5, y: 6, z: 7, intensity: 8, ring: 9 },
          ],
          bigEndian,
        });
        const cloud = decodePointCloud2(msg, 'test');
        expect(cloud.count).toBe(2);
        expect([...cloud.positions]).toEqual([values[0], values[1], values[2], 5, 6, 7]);
        expect([...cloud.intensity!]).toEqual([100, 8]);
        expect([...cloud.ring!]).toEqual([7, 9]);
      });
    }
  }

  it('follows point_step and row_step padding and keeps fields it does not know out', () => {
    const msg = pointCloud2({
      fields: [{ name: 'x', type: 'float32' }, { name: 'y', type: 'float32' }, { name: 'z', type: 'float32' }, { name: 'reflectivity', type: 'uint16' }],
      points: [{ x: 1, y: 2, z: 3 }, { x: 4, y: 5, z: 6 }, { x: 7, y: 8, z: 9 }, { x: 10, y: 11, z: 12 }],
      width: 2,
      height: 2,
      pointPadding: 6,
      rowPadding: 10,
    });
    const cloud = decodePointCloud2(msg, 'test');
    expect([...cloud.positions]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cloud.otherFields).toEqual(['reflectivity']);
    expect(cloud.intensity).toBeUndefined();
  });

  it('drops and counts NaN points and the zero points of an organised cloud, but keeps a zero in an unorganised one', () => {
    const fields = ['x', 'y', 'z'].map((name) => ({ name, type: 'float32' as const }));
    const points = [{ x: 0, y: 0, z: 0 }, { x: NaN, y: 1, z: 1 }, { x: 1, y: Infinity, z: 1 }, { x: 2, y: 2, z: 2 }];
    const organised = decodePointCloud2(pointCloud2({ fields, points, width: 2, height: 2 }), 'test');
    expect(organised.count).toBe(1);
    expect(organised.droppedZero).toBe(1);
    expect(organised.droppedNonFinite).toBe(2);
    const flat = decodePointCloud2(pointCloud2({ fields, points }), 'test');
    expect(flat.count).toBe(2);
    expect(flat.droppedZero).toBe(0);
  });

  it('keeps per-point time: integer fields as nanoseconds, float fields as seconds', () => {
    const xyz = ['x', 'y', 'z'].map((name) => ({ name, type: 'float32' as const }));
    const ouster = decodePointCloud2(pointCloud2({ fields: [...xyz, { name: 't', type: 'uint32' }], points: [{ x: 1, t: 50_000_000 }] }), 'test');
    expect(ouster.timeField).toBe('t');
    expect(ouster.time![0]).toBeCloseTo(0.05, 12);
    const hesai = decodePointCloud2(pointCloud2({ fields: [...xyz, { name: 'timestamp', type: 'float64' }], points: [{ x: 1, timestamp: 1700000000.123456 }] }), 'test');
    expect(hesai.time![0]).toBe(1700000000.123456);
  });

  it('refuses a layout that does not fit its data, naming the source', () => {
    const msg = pointCloud2({ fields: ['x', 'y', 'z'].map((name) => ({ name, type: 'float32' as const })), points: [{ x: 1 }, { x: 2 }] });
    expect(() => decodePointCloud2({ ...msg, data: msg.data.subarray(0, 20) }, '/points at 5')).toThrow(/\/points at 5: data holds 20 bytes, the layout needs 24/);
    expect(() => decodePointCloud2({ ...msg, fields: msg.fields.slice(0, 2) }, 'm')).toThrow(/no x, y, z fields/);
    expect(() => decodePointCloud2({ ...msg, fields: [...msg.fields.slice(0, 2), { name: 'z', offset: 10, datatype: 7, count: 1 }] }, 'm')).toThrow(/does not fit in point_step 12/);
    expect(() => decodePointCloud2({ ...msg, fields: [...msg.fields.slice(0, 2), { name: 'z', offset: 8, datatype: 9, count: 1 }] }, 'm')).toThrow(/unknown PointField datatype 9/);
  });
});

describe('Foxglove PointCloud', () => {
  it('decodes through the PointCloud2 path with Foxglove\'s type numbers', () => {
    const ros = pointCloud2({ fields: [{ name: 'x', type: 'float32' }, { name: 'y', type: 'float32' }, { name: 'z', type: 'float32' }, { name: 'intensity', type: 'uint8' }], points: [{ x: 1, y: 2, z: 3, intensity: 200 }] });
    // Foxglove numbers UINT8 as 1 and FLOAT32 as 7.
    const fields = [{ name: 'x', offset: 0, type: 7 }, { name: 'y', offset: 4, type: 7 }, { name: 'z', offset: 8, type: 7 }, { name: 'intensity', offset: 12, type: 1 }];
    const cloud = decodePointCloud2(pointCloud2FromFoxglove({ timestamp: { sec: 1, nsec: 0 }, frame_id: 'lidar', point_stride: 13, fields, data: ros.data }, 'fg'), 'fg');
    expect([...cloud.positions, cloud.intensity![0]]).toEqual([1, 2, 3, 200]);
    const moved = { position: { x: 1, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
    expect(() => pointCloud2FromFoxglove({ timestamp: { sec: 1, nsec: 0 }, frame_id: 'l', pose: moved, point_stride: 13, fields, data: ros.data }, 'fg')).toThrow(/pose other than the identity/);
  });
});
