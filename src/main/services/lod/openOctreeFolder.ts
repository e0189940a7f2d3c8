/**
 * Opens a Potree 2.0 octree folder on this machine with Cairn's reader, DEFAULT or BROTLI: core
 * has no zlib, so the host hands it node:zlib's brotli decompressor.
 */
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { openPotree2 } from '../../../core/formats/potree/openPotree2';
import type { PointCloudReader } from '../../../core/pointcloud/pointBatch';
import { fileSource } from '../stores/fileSource';

export async function openOctreeFolder(dir: string): Promise<PointCloudReader & { close(): Promise<void> }> {
  const [metadata, hierarchy, octree] = ['metadata.json', 'hierarchy.bin', 'octree.bin'].map((name) => fileSource(path.join(dir, name)));
  const close = async () => {
    await Promise.all([metadata, hierarchy, octree].map((s) => s.close().catch(() => undefined)));
  };
  try {
    const reader = await openPotree2(metadata, hierarchy, octree, { decompress: (bytes) => brotliDecompressSync(bytes) });
    return Object.assign(reader, { close });
  } catch (err) {
    await close();
    throw err;
  }
}
