import { applyTransform } from '../../camera/rigidTransform';
import { FormatError, type ByteSource } from '../../io/byteSource';
import type { PointBatch, PointCloudHeader, PointCloudReader, StandardAttribute } from '../../pointcloud/pointBatch';
import { checkBatchSize, getU64, readExact, viewOf } from '../binary';
import { readE57Document, type E57BlobRef, type E57Document, type E57Scan } from './e57Document';
import { E57_HEADER_SIZE, E57Pages, parseE57Header, type E57Header } from './e57Pages';
import { scanBatches, scanColumns } from './e57Points';

const BLOB_SECTION = 0;
const BLOB_HEADER = 16;

/** An open E57 file: its header and XML, and its scans' points and images' bytes on demand. */
export interface E57File extends E57Document {
  readonly file: string;
  readonly header: E57Header;
  /** A scan's points, in its own coordinates or (applyPose) in the file's. */
  points(scan: E57Scan, options?: { batchSize?: number; applyPose?: boolean; onSkipped?: (n: number) => void; keepInvalid?: boolean }): AsyncIterable<PointBatch>;
  /** The bytes of an image blob (a JPEG or PNG file). */
  blob(ref: E57BlobRef): Promise<Uint8Array>;
}

export async function openE57(source: ByteSource): Promise<E57File> {
  const file = source.name;
  const size = await source.size();
  const head = await readExact(source, 0, Math.min(E57_HEADER_SIZE, size), 'E57 file header');
  if (head.byteLength < E57_HEADER_SIZE) throw new FormatError(file, head.byteLength, `file is truncated: ${head.byteLength} bytes cannot hold the 48-byte E57 header`);
  const header = parseE57Header(file, head, size);
  const pages = new E57Pages(source, header);
  const document = await readE57Document(pages);
  return {
    ...document,
    file,
    header,
    points: (scan, options = {}) => scanBatches(pages, scan, { batchSize: checkBatchSize(options.batchSize), applyPose: options.applyPose ?? false, keepInvalid: options.keepInvalid ?? false, ...(options.onSkipped && { onSkipped: options.onSkipped }) }),
    async blob(ref) {
      const start = pages.logicalOf(ref.fileOffset, 'image blob section');
      const h = viewOf(await pages.read(start, BLOB_HEADER, 'image blob section header'));
      if (h.getUint8(0) !== BLOB_SECTION) throw new FormatError(file, ref.fileOffset, `the blob section at byte ${ref.fileOffset} has id ${h.getUint8(0)}, not 0 (blob)`);
      const sectionLength = getU64(h, 8);
      if (ref.length + BLOB_HEADER > sectionLength) throw new FormatError(file, ref.fileOffset, `a blob of ${ref.length} bytes does not fit its section of ${sectionLength} bytes`);
      return pages.read(start + BLOB_HEADER, ref.length, `image blob of ${ref.length} bytes`);
    },
  };
}

export interface E57CloudReader extends PointCloudReader {
  readonly e57: E57File;
  /** Points dropped so far because their invalid state was set; a full pass yields pointCount − skippedPoints. */
  readonly skippedPoints: number;
}

/** Every scan of an E57 file as one cloud in the file's coordinates (each scan's pose applied). */
export async function openE57Cloud(source: ByteSource): Promise<E57CloudReader> {
  const e57 = await openE57(source);
  if (e57.scans.length === 0) throw new FormatError(source.name, null, `E57 file holds no scan (data3D is empty)${e57.images.length ? `, only ${e57.images.length} image(s)` : ''}`);
  const attributes = new Set<StandardAttribute>();
  const extra = new Set<string>();
  for (const scan of e57.scans) {
    const c = scanColumns(scan);
    c.attributes.forEach((a) => attributes.add(a));
    c.extraNames.forEach((n) => extra.add(n));
  }
  const columns = { attributes: [...attributes], extraNames: [...extra] };
  let skipped = 0;
  const header: PointCloudHeader = {
    format: 'e57',
    version: e57.header.version,
    pointCount: e57.scans.reduce((n, s) => n + s.recordCount, 0),
    bounds: fileBounds(e57.scans),
    attributes: columns.attributes,
    extraAttributes: columns.extraNames,
  };
  return {
    header,
    e57,
    get skippedPoints() {
      return skipped;
    },
    async *batches(batchSize?: number) {
      const size = checkBatchSize(batchSize);
      skipped = 0;
      const pages = new E57Pages(source, e57.header);
      for (const scan of e57.scans) yield* scanBatches(pages, scan, { batchSize: size, columns, applyPose: true, onSkipped: (n) => (skipped += n) });
    },
  };
}

/** The union of the scans' cartesianBounds, moved by their poses (the box around each moved box); null when one lacks them. */
function fileBounds(scans: readonly E57Scan[]): PointCloudHeader['bounds'] {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const s of scans) {
    const b = s.cartesianBounds;
    if (!b) return null;
    for (let corner = 0; corner < 8; corner++) {
      const local: [number, number, number] = [corner & 1 ? b.max[0] : b.min[0], corner & 2 ? b.max[1] : b.min[1], corner & 4 ? b.max[2] : b.min[2]];
      const p = s.hasPose ? applyTransform(s.pose, local) : local;
      for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k], p[k]);
        max[k] = Math.max(max[k], p[k]);
      }
    }
  }
  return min.every(Number.isFinite) && max.every(Number.isFinite) ? { min, max } : null;
}
