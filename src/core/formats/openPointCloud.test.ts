import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../io/byteSource';
import { openPointCloud, sniffPointCloudFormat } from './openPointCloud';
import { writeLas } from './testing/writeLas';
import { writePcd } from './testing/writePcd';
import { writeKittiBin, writePly } from './testing/writePly';

const xyz = [{ name: 'x', type: 'float' as const }, { name: 'y', type: 'float' as const }, { name: 'z', type: 'float' as const }];

describe('openPointCloud', () => {
  it('sniffs by magic bytes, ignoring a misleading extension', async () => {
    const las = writeLas({ version: '1.2', pdrf: 0, points: [{ x: 1, y: 2, z: 3 }] });
    const ply = writePly({ encoding: 'ascii', properties: xyz, vertices: [[1, 2, 3]] });
    const pcd = writePcd({ encoding: 'ascii', fields: [{ name: 'x', size: 4, type: 'F' }, { name: 'y', size: 4, type: 'F' }, { name: 'z', size: 4, type: 'F' }], points: [[1, 2, 3]] });
    expect(await sniffPointCloudFormat(memorySource('a.bin', las))).toBe('las');
    expect(await sniffPointCloudFormat(memorySource('a.las', ply))).toBe('ply');
    expect(await sniffPointCloudFormat(memorySource('a.ply', pcd))).toBe('pcd');
    for (const bytes of [las, ply, pcd]) {
      const r = await openPointCloud(memorySource('cloud.dat', bytes));
      expect(r.header.pointCount).toBe(1);
    }
  });

  it('falls back to the extension for .bin sweeps', async () => {
    const r = await openPointCloud(memorySource('000000.bin', writeKittiBin([[1, 2, 3, 0.5]], 4)));
    expect(r.header.format).toBe('kitti-bin');
  });

  it('names the file in an unknown-format error', async () => {
    const err = await openPointCloud(memorySource('notes.txt', new Uint8Array([1, 2, 3]))).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).message).toMatch(/^notes\.txt.*unknown point cloud format/);
  });
});
