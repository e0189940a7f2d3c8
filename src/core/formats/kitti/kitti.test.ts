import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { parseKittiBin } from '../kittiBin';
import { readAll } from '../testing/readAll';
import { writeKittiBin } from '../testing/writePly';
import { openKittiBin } from './openKittiBin';

describe('KITTI / nuScenes .bin reader', () => {
  it('KITTI stride 4: positions and reflectance (0–1 → 16 bit)', async () => {
    const pts = [[1.5, -2, 0.25, 0.5], [10, 20, -30, 1], [0, 0, 0, 0]];
    const bytes = writeKittiBin(pts, 4);
    const r = await openKittiBin(memorySource('000001.bin', bytes));
    expect(r.header).toMatchObject({ format: 'kitti-bin', pointCount: 3, attributes: ['intensity'] });
    const a = await readAll(r, 2);
    expect(a.batchCounts).toEqual([2, 1]);
    expect(a.positions).toEqual([1.5, -2, 0.25, 10, 20, -30, 0, 0, 0]);
    expect(a.intensity).toEqual([32768, 65535, 0]);
    expect(a.extra.intensity).toEqual([0.5, 1, 0]);
    // The whole-sweep parser the renderer uses agrees.
    expect(Array.from(parseKittiBin(bytes.slice().buffer, 'x').points)).toEqual(pts.flat());
  });

  it('nuScenes stride 5 (by the .pcd.bin name): intensity 0–255 and ring', async () => {
    const r = await openKittiBin(memorySource('LIDAR_TOP__1.pcd.bin', writeKittiBin([[1, 2, 3, 255, 31], [4, 5, 6, 10, 0]], 5)));
    const a = await readAll(r);
    expect(a.positions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.intensity).toEqual([65535, 2570]);
    expect(a.ring).toEqual([31, 0]);
  });

  it('rejects a size that is not whole points', async () => {
    const err = await openKittiBin(memorySource('t.bin', new Uint8Array(17))).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).offset).toBe(16);
  });
});
