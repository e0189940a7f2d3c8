import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byteSource';
import { openPcd } from '../formats/pcd/openPcd';
import { cloudBounds, encodeCloudPcd } from './cloudPcd';
import { decodePointCloud2 } from './pointCloud2';
import { pointCloud2 } from './testing/pointCloud2Bytes';

describe('encodeCloudPcd', () => {
  it('writes a sweep Cairn\'s PCD reader opens with intensity, ring and per-point time', async () => {
    const cloud = decodePointCloud2(
      pointCloud2({
        fields: [{ name: 'x', type: 'float32' }, { name: 'y', type: 'float32' }, { name: 'z', type: 'float32' }, { name: 'intensity', type: 'float32' }, { name: 'ring', type: 'uint8' }, { name: 't', type: 'uint32' }],
        points: [{ x: 1, y: -2, z: 0.5, intensity: 12, ring: 3, t: 1000 }, { x: -4, y: 5, z: 1.5, intensity: 40, ring: 63, t: 99_000_000 }],
      }),
      'test',
    );
    const reader = await openPcd(memorySource('sweep.pcd', encodeCloudPcd(cloud)));
    expect(reader.header.pointCount).toBe(2);
    const batches = [];
    for await (const b of reader.batches()) batches.push(b);
    expect([...batches[0].positions]).toEqual([1, -2, 0.5, -4, 5, 1.5]);
    expect([...batches[0].ring!]).toEqual([3, 63]);
    expect(batches[0].intensity).toBeDefined();
    expect(batches[0].extra!.time[1]).toBeCloseTo(0.099, 12);
    expect(cloudBounds(cloud)).toEqual({ min: [-4, -2, 0.5], max: [1, 5, 1.5] });
  });
});
