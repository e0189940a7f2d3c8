/**
 * One chunk of a Potree 2.0 hierarchy.bin: 22-byte records, the chunk's root first, then its
 * descendants breadth-first with children in octant order (childMask bit i is child i). A proxy
 * record (type 2) names a node whose subtree is the chunk at [byteOffset, byteOffset + byteSize).
 */
import { getI64, viewOf } from '../binary';

export const HIERARCHY_RECORD_SIZE = 22;
export const NODE_TYPE_PROXY = 2;

export interface HierarchyRecord {
  /** Potree's node name ('r', 'r0', 'r05', …); `?` + index where the masks do not name it. */
  readonly name: string;
  readonly type: number;
  readonly childMask: number;
  readonly numPoints: number;
  readonly byteOffset: number;
  readonly byteSize: number;
  /** Offset of the record within the chunk's bytes. */
  readonly at: number;
}

/** Every record of a chunk (a whole number of records; trailing bytes are ignored). */
export function readHierarchyChunk(bytes: Uint8Array, rootName: string): HierarchyRecord[] {
  const v = viewOf(bytes);
  const names = [rootName];
  const records: HierarchyRecord[] = [];
  for (let at = 0, e = 0; at + HIERARCHY_RECORD_SIZE <= bytes.byteLength; at += HIERARCHY_RECORD_SIZE, e++) {
    const type = bytes[at];
    const childMask = bytes[at + 1];
    const name = names[e] ?? `${rootName}?${e}`;
    // A proxy's children live in its own chunk.
    if (type !== NODE_TYPE_PROXY) for (let i = 0; i < 8; i++) if (childMask & (1 << i)) names.push(name + i);
    records.push({ name, type, childMask, numPoints: v.getUint32(at + 2, true), byteOffset: getI64(v, at + 6), byteSize: getI64(v, at + 14), at });
  }
  return records;
}
