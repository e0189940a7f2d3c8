import { FormatError, type ByteSource } from '../../io/byteSource';
import type { PointBatch, PointCloudReader, StandardAttribute } from '../../pointcloud/pointBatch';
import { checkBatchSize, readExact, viewOf } from '../binary';
import { BatchColumns } from '../batchColumns';

export interface KittiBinOptions {
  /**
   * Floats per point: 4 = KITTI (x y z reflectance), 5 = nuScenes (x y z intensity ring).
   * Defaults to 5 for names ending ".pcd.bin" (nuScenes' naming), else 4.
   */
  readonly stride?: 4 | 5;
}

/**
 * KITTI / nuScenes sweeps as a chunked reader. Intensity scaling follows each dataset's range:
 * KITTI reflectance is 0–1 (× 65535), nuScenes intensity 0–255 (× 257, as for 8-bit colour);
 * the unscaled float is kept as extra "intensity".
 */
export async function openKittiBin(source: ByteSource, options: KittiBinOptions = {}): Promise<PointCloudReader> {
  const stride = options.stride ?? (/\.pcd\.bin$/i.test(source.name) ? 5 : 4);
  const bytesPerPoint = stride * 4;
  const size = await source.size();
  if (size % bytesPerPoint !== 0) {
    const whole = Math.floor(size / bytesPerPoint);
    throw new FormatError(source.name, whole * bytesPerPoint, `${size} bytes is not a whole number of ${bytesPerPoint}-byte points (${stride} float32 each); truncated after point ${whole}`);
  }
  const count = size / bytesPerPoint;
  const attributes: StandardAttribute[] = stride === 5 ? ['intensity', 'ring'] : ['intensity'];
  const intensityScale = stride === 5 ? 257 : 65535;
  return {
    header: { format: 'kitti-bin', pointCount: count, bounds: null, attributes, extraAttributes: ['intensity'] },
    async *batches(batchSize?: number): AsyncIterable<PointBatch> {
      const n = checkBatchSize(batchSize);
      for (let first = 0; first < count; first += n) {
        const m = Math.min(n, count - first);
        const view = viewOf(await readExact(source, first * bytesPerPoint, m * bytesPerPoint, `points ${first}..${first + m - 1}`));
        const out = new BatchColumns(m, attributes, ['intensity']);
        const raw = out.extra.intensity;
        for (let i = 0; i < m; i++) {
          const at = i * bytesPerPoint;
          out.positions[3 * i] = view.getFloat32(at, true);
          out.positions[3 * i + 1] = view.getFloat32(at + 4, true);
          out.positions[3 * i + 2] = view.getFloat32(at + 8, true);
          const v = view.getFloat32(at + 12, true);
          raw[i] = v;
          const scaled = Math.round(v * intensityScale);
          out.intensity![i] = scaled > 0 ? (scaled < 65535 ? scaled : 65535) : 0;
          if (stride === 5) {
            const ring = view.getFloat32(at + 16, true);
            out.ring![i] = ring > 0 ? (ring < 65535 ? Math.round(ring) : 65535) : 0;
          }
        }
        yield out.finish(m);
      }
    },
  };
}
