import { uuidFromName, URL_NAMESPACE } from '../model/uuidFromName';
import { HIERARCHY_RECORD_SIZE, NODE_TYPE_PROXY, readHierarchyChunk } from '../formats/potree/potreeHierarchy';

/** A node's points in the octree's global point order: indices first … first + count − 1. */
export interface OctreeNodeRange {
  readonly first: number;
  readonly count: number;
}

/**
 * The global point order of a Potree 2.0 octree, the order its labels are stored and exported in:
 * nodes by their place in octree.bin (byteOffset, increasing), each node's points in the order
 * the node stores them. In Potree 2.0 every point lives in exactly one node, so this numbers each
 * point once, and it depends only on the files, never on which nodes a viewer has loaded or when.
 * byteOffset orders nodes under both encodings (under BROTLI it counts compressed bytes, so a
 * node's first index cannot be read off it: it is the points of every node stored before it).
 */
export interface OctreePointOrder {
  readonly pointCount: number;
  readonly nodes: ReadonlyMap<string, OctreeNodeRange>;
}

export interface OctreeNodeEntry {
  readonly name: string;
  readonly numPoints: number;
  readonly byteOffset: number;
}

/** The order of the nodes given (every node of the octree that holds points; proxies left out). */
export function octreePointOrder(entries: readonly OctreeNodeEntry[]): OctreePointOrder {
  const holding = entries.filter((e) => e.numPoints > 0);
  const names = new Set<string>();
  for (const e of holding) {
    if (names.has(e.name)) throw new Error(`octree node ${e.name} is listed twice`);
    names.add(e.name);
    if (!Number.isSafeInteger(e.byteOffset) || e.byteOffset < 0) throw new Error(`octree node ${e.name} has byte offset ${e.byteOffset}`);
  }
  holding.sort((a, b) => a.byteOffset - b.byteOffset || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nodes = new Map<string, OctreeNodeRange>();
  let first = 0;
  for (let k = 0; k < holding.length; k++) {
    if (k > 0 && holding[k].byteOffset === holding[k - 1].byteOffset) throw new Error(`octree nodes ${holding[k - 1].name} and ${holding[k].name} start at the same byte ${holding[k].byteOffset}`);
    nodes.set(holding[k].name, { first, count: holding[k].numPoints });
    first += holding[k].numPoints;
  }
  // Label words are 32-bit indices into this order.
  if (first > 0xffffffff) throw new Error(`the octree holds ${first} points, more than 32-bit point indices reach`);
  return { pointCount: first, nodes };
}

/**
 * Every node record of a whole hierarchy.bin, from the first chunk (`firstChunkSize` bytes at 0)
 * through every proxy's chunk. A label edit needs each node's place among all points, so the
 * whole hierarchy is read once (22 bytes a node: about 2 MB for a 100M-point octree), not only
 * the chunks a viewer has opened.
 */
export function readWholeHierarchy(bytes: Uint8Array, firstChunkSize: number): OctreeNodeEntry[] {
  if (!Number.isSafeInteger(firstChunkSize) || firstChunkSize <= 0 || firstChunkSize % HIERARCHY_RECORD_SIZE !== 0 || firstChunkSize > bytes.byteLength) {
    throw new Error(`hierarchy.firstChunkSize ${firstChunkSize} does not fit hierarchy.bin (${bytes.byteLength} bytes)`);
  }
  const out: OctreeNodeEntry[] = [];
  const pending = [{ offset: 0, size: firstChunkSize, name: 'r' }];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const chunk = pending.pop()!;
    if (seen.has(chunk.offset)) throw new Error(`hierarchy.bin: chunks form a loop at byte ${chunk.offset}`);
    seen.add(chunk.offset);
    for (const r of readHierarchyChunk(bytes.subarray(chunk.offset, chunk.offset + chunk.size), chunk.name)) {
      if (r.type === NODE_TYPE_PROXY) {
        if (!(r.byteOffset >= 0 && r.byteSize > 0 && r.byteSize % HIERARCHY_RECORD_SIZE === 0 && r.byteOffset + r.byteSize <= bytes.byteLength)) {
          throw new Error(`hierarchy.bin: proxy node ${r.name} points at ${r.byteSize} bytes at ${r.byteOffset}, outside the file (${bytes.byteLength} bytes)`);
        }
        pending.push({ offset: r.byteOffset, size: r.byteSize, name: r.name });
      } else if (r.type > NODE_TYPE_PROXY) {
        throw new Error(`hierarchy.bin: node ${r.name} has unknown type ${r.type}`);
      } else {
        out.push({ name: r.name, numPoints: r.numPoints, byteOffset: r.byteOffset });
      }
    }
  }
  return out;
}

/** The node holding global point `index` (binary search over the nodes by first index); null past the end. */
export function nodeOfPoint(order: OctreePointOrder, index: number): { readonly name: string; readonly local: number } | null {
  const sorted = sortedRanges(order);
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sorted[mid];
    if (index < r.first) hi = mid - 1;
    else if (index >= r.first + r.count) lo = mid + 1;
    else return { name: r.name, local: index - r.first };
  }
  return null;
}

const sortedCache = new WeakMap<OctreePointOrder, { name: string; first: number; count: number }[]>();
function sortedRanges(order: OctreePointOrder) {
  let s = sortedCache.get(order);
  if (!s) {
    s = [...order.nodes].map(([name, r]) => ({ name, ...r })).sort((a, b) => a.first - b.first);
    sortedCache.set(order, s);
  }
  return s;
}

/** The namespace of octree label frames (name-based ids under Cairn's URL namespace). */
export const OCTREE_FRAME_NAMESPACE = uuidFromName(URL_NAMESPACE, 'https://cairn.dev/ids/octree-frame');

/**
 * The frame id an octree's point labels are kept under: named by its hierarchy.bin (SHA-1, hex)
 * and point count, so the same octree (the same point order) opened from anywhere finds its
 * labels, and a rebuilt one (another order) never takes labels that were not made on it.
 */
export function octreeFrameId(hierarchySha1Hex: string, pointCount: number): string {
  if (!/^[0-9a-f]{40}$/.test(hierarchySha1Hex)) throw new Error(`octree frame: "${hierarchySha1Hex}" is not a SHA-1 in hex`);
  return uuidFromName(OCTREE_FRAME_NAMESPACE, `potree2:${hierarchySha1Hex}:${pointCount}`);
}
