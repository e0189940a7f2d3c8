import { Copc, type Hierarchy } from 'copc';
import { FormatError, type ByteSource } from '../../io/byteSource';
import { asFormatError, checkBatchSize, readExact } from '../binary';
import { lasFormatOf, lazBatches, lazRecordBatches, readLasLayout, type LasOptions, type LasRecordReader } from '../las/openLas';
import type { LazChunk } from '../laz/lazChunks';

/** A page costs at least one 32-byte entry, so this many pages would be a larger file than any COPC. */
const MAX_PAGES = 1_000_000;

/**
 * COPC: copc.js reads the info VLR and the hierarchy pages; each node's points are one LAZ chunk,
 * decoded through the same LazDecoder and record decoder as plain LAZ. Points come node by node
 * (coarse to fine, in hierarchy order), not in file order. The raw records go to the LOD builder
 * as LAZ's do, and a preview sample is the file's own coarse levels: whole nodes, shallowest first.
 */
export async function openCopc(source: ByteSource, options: LasOptions = {}): Promise<LasRecordReader> {
  const file = source.name;
  const layout = await readLasLayout(source, 'copc');
  const { header } = layout;
  if (!header.compressed) throw new FormatError(file, 104, 'COPC point data must be LAZ-compressed');
  const fileSize = header.fileSize;
  const getter = async (begin: number, end: number): Promise<Uint8Array> => {
    // copc.js asks for a 64 KiB head regardless of file size; a short answer there is fine.
    if (begin === 0) return source.read(0, Math.min(end, fileSize));
    return readExact(source, begin, end - begin, 'COPC range');
  };

  let copc: Copc;
  try {
    copc = await Copc.create(getter);
  } catch (err) {
    throw asFormatError(file, null, 'not a readable COPC file', err);
  }

  const chunks: LazChunk[] = [];
  const depths: number[] = [];
  const keys = new Set<string>();
  const data: { key: string; offset: number; end: number }[] = [];
  const pending: Hierarchy.Page[] = [copc.info.rootHierarchyPage];
  const seen = new Set<number>();
  let points = 0;
  while (pending.length > 0) {
    const page = pending.shift()!;
    if (seen.has(page.pageOffset) || seen.size > MAX_PAGES) throw new FormatError(file, page.pageOffset, 'COPC hierarchy pages form a loop');
    seen.add(page.pageOffset);
    if (!(page.pageOffset >= 0 && page.pageLength >= 0 && page.pageOffset + page.pageLength <= fileSize)) {
      throw new FormatError(file, page.pageOffset, `COPC hierarchy page (${page.pageLength} bytes at ${page.pageOffset}) is outside the file`);
    }
    let subtree: Hierarchy.Subtree;
    try {
      subtree = await Copc.loadHierarchyPage(getter, page);
    } catch (err) {
      throw asFormatError(file, page.pageOffset, 'COPC hierarchy page is malformed', err);
    }
    for (const key of [...Object.keys(subtree.nodes), ...Object.keys(subtree.pages)]) {
      if (!validKey(key)) throw new FormatError(file, page.pageOffset, `COPC hierarchy: node ${key} is not a valid octree key`);
      keys.add(key);
    }
    for (const [key, node] of Object.entries(subtree.nodes)) {
      if (!node || node.pointCount === 0) continue;
      const { pointDataOffset: offset, pointDataLength: byteLength, pointCount } = node;
      if (!(offset >= header.pointDataOffset && byteLength > 0 && offset + byteLength <= header.pointDataEnd)) {
        throw new FormatError(file, page.pageOffset, `COPC node ${key} (${byteLength} bytes at ${offset}) is outside the point data`);
      }
      points += pointCount;
      if (points > header.pointCount) throw new FormatError(file, page.pageOffset, `COPC nodes hold more points than the header's ${header.pointCount}`);
      chunks.push({ offset, byteLength, pointCount });
      depths.push(Number(key.split('-')[0]) || 0);
      data.push({ key, offset, end: offset + byteLength });
    }
    for (const sub of Object.values(subtree.pages)) if (sub) pending.push(sub);
  }
  if (points !== header.pointCount) throw new FormatError(file, null, `COPC nodes hold ${points} points, the header says ${header.pointCount}`);
  checkHierarchy(file, keys, data);

  return {
    header: layout.cloudHeader,
    lasFormat: lasFormatOf(header),
    lasRecords: (batchSize?: number) => lazRecordBatches(source, layout, chunks, options.laz, checkBatchSize(batchSize)),
    sampleRecords: (maxPoints: number) => lazRecordBatches(source, layout, shallowestChunks(chunks, depths, maxPoints), options.laz, checkBatchSize(undefined)),
    batches: (batchSize?: number) => lazBatches(source, layout, chunks, options.laz, checkBatchSize(batchSize)),
  };
}

/** d-x-y-z with 0 <= x, y, z < 2^d: a node of the octree the COPC info's cube spans. */
function validKey(key: string): boolean {
  const m = /^(\d+)-(\d+)-(\d+)-(\d+)$/.exec(key);
  if (!m) return false;
  const [d, x, y, z] = m.slice(1).map(Number);
  return d < 32 && [x, y, z].every((c) => c < 2 ** d);
}

/**
 * The hierarchy is a tree whose nodes hold data of their own: every node but the root has its
 * parent, and no two nodes share bytes. A node pointing into another's data decodes as garbage.
 */
function checkHierarchy(file: string, keys: ReadonlySet<string>, data: { key: string; offset: number; end: number }[]): void {
  for (const key of keys) {
    const [d, x, y, z] = key.split('-').map(Number);
    if (d === 0) continue;
    const parent = `${d - 1}-${x >> 1}-${y >> 1}-${z >> 1}`;
    if (!keys.has(parent)) throw new FormatError(file, null, `COPC hierarchy: node ${key} has no parent (no node ${parent})`);
  }
  const byOffset = [...data].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byOffset.length; i++) {
    const [a, b] = [byOffset[i - 1], byOffset[i]];
    if (b.offset < a.end) throw new FormatError(file, b.offset, `COPC hierarchy: nodes ${a.key} and ${b.key} point at the same bytes`);
  }
}

/** Whole nodes from the root down, level by level, until about maxPoints (at least the root). */
function shallowestChunks(chunks: readonly LazChunk[], depths: readonly number[], maxPoints: number): LazChunk[] {
  const order = chunks.map((_, i) => i).sort((a, b) => depths[a] - depths[b]);
  const picked: LazChunk[] = [];
  let points = 0;
  for (const i of order) {
    if (picked.length > 0 && points + chunks[i].pointCount > maxPoints) break;
    picked.push(chunks[i]);
    points += chunks[i].pointCount;
  }
  return picked;
}
