import { FormatError, type ByteSource } from '../io/byteSource';
import type { PointCloudReader } from '../pointcloud/pointBatch';
import { fixedString, startsWithAscii, viewOf } from './binary';
import { openCopc } from './copc/openCopc';
import { openE57Cloud } from './e57/openE57';
import { openKittiBin } from './kitti/openKittiBin';
import { openLas } from './las/openLas';
import type { LazDecoderProvider } from './laz/lazDecoder';
import { openPcd } from './pcd/openPcd';
import { isPlyMagic, openPly } from './ply/openPly';

export type PointCloudFormat = 'las' | 'laz' | 'copc' | 'pcd' | 'ply' | 'kitti-bin' | 'e57';

export interface OpenHint {
  /** File name or extension to fall back on when the bytes do not say (`.bin` has no magic). */
  readonly fileName?: string;
  /** Skip sniffing. */
  readonly format?: PointCloudFormat;
  /** LAZ / COPC decompression; defaults to laz-perf. */
  readonly laz?: LazDecoderProvider;
  /** Floats per `.bin` point (4 KITTI, 5 nuScenes). */
  readonly kittiStride?: 4 | 5;
}

/**
 * Names the format from the first bytes: "LASF" (COPC when its first VLR is the "copc" info
 * record, as the COPC spec requires), a "ply" line, "ASTM-E57", a PCD header line; else by file
 * extension.
 */
export async function sniffPointCloudFormat(source: ByteSource, fileName?: string): Promise<PointCloudFormat | null> {
  const head = await source.read(0, 512);
  if (startsWithAscii(head, 'LASF')) {
    if (head.byteLength >= 375 + 54 && head[24] === 1 && head[25] >= 4) {
      const headerSize = viewOf(head).getUint16(94, true);
      if (headerSize + 20 <= head.byteLength && fixedString(head, headerSize + 2, 16) === 'copc' && viewOf(head).getUint16(headerSize + 18, true) === 1) return 'copc';
    }
    return (head[104] & 0xc0) !== 0 ? 'laz' : 'las';
  }
  if (isPlyMagic(head)) return 'ply';
  if (startsWithAscii(head, 'ASTM-E57')) return 'e57';
  const text = String.fromCharCode(...head.subarray(0, 256));
  if (/^(#[^\n]*\n)*\s*(VERSION|FIELDS)\s/.test(text) || text.startsWith('# .PCD')) return 'pcd';
  const name = (fileName ?? source.name).toLowerCase();
  if (name.endsWith('.las')) return 'las';
  if (name.endsWith('.laz')) return 'laz';
  if (name.endsWith('.pcd')) return 'pcd';
  if (name.endsWith('.ply')) return 'ply';
  if (name.endsWith('.bin')) return 'kitti-bin';
  if (name.endsWith('.e57')) return 'e57';
  return null;
}

/** Opens any supported single-file point cloud. Potree 2.0 (three files) opens with openPotree2. */
export async function openPointCloud(source: ByteSource, hint: OpenHint = {}): Promise<PointCloudReader> {
  const format = hint.format ?? (await sniffPointCloudFormat(source, hint.fileName));
  switch (format) {
    case 'las':
    case 'laz':
      return openLas(source, { ...(hint.laz && { laz: hint.laz }) });
    case 'copc':
      return openCopc(source, { ...(hint.laz && { laz: hint.laz }) });
    case 'pcd':
      return openPcd(source);
    case 'ply':
      return openPly(source);
    case 'e57':
      return openE57Cloud(source);
    case 'kitti-bin':
      return openKittiBin(source, { ...(hint.kittiStride && { stride: hint.kittiStride }) });
    default:
      throw new FormatError(source.name, 0, 'unknown point cloud format: no LAS/LAZ/COPC, PLY, PCD or E57 signature, and the extension is not .las, .laz, .pcd, .ply, .e57 or .bin');
  }
}
