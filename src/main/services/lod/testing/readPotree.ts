/**
 * A small, independent Potree 2.0 reader for tests: parses metadata.json, walks hierarchy.bin
 * the way potree-core's loader does (breadth-first records, children in bit order, proxies
 * resolved by loading their chunk) and checks what the loader silently trusts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PotreeAttribute {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly numElements: number;
  readonly elementSize: number;
  readonly min: number[];
  readonly max: number[];
}

export interface PotreeMetadata {
  readonly version: string;
  readonly name: string;
  readonly points: number;
  readonly hierarchy: { readonly firstChunkSize: number; readonly stepSize: number; readonly depth: number };
  readonly offset: [number, number, number];
  readonly scale: [number, number, number];
  readonly spacing: number;
  readonly boundingBox: { readonly min: [number, number, number]; readonly max: [number, number, number] };
  readonly encoding: string;
  readonly attributes: PotreeAttribute[];
}

export interface PotreeNode {
  readonly name: string;
  readonly level: number;
  type: number;
  childMask: number;
  numPoints: number;
  byteOffset: number;
  byteSize: number;
  readonly min: [number, number, number];
  readonly max: [number, number, number];
  readonly spacing: number;
  readonly parent: PotreeNode | null;
  readonly children: (PotreeNode | null)[];
  /** Set when the node was reached through a proxy record. */
  proxy?: { numPoints: number; childMask: number; hierarchyOffset: number; hierarchySize: number };
}

export interface PotreeCloud {
  readonly metadata: PotreeMetadata;
  readonly nodes: PotreeNode[];
  readonly octree: Buffer;
  readonly recordSize: number;
  readonly hierarchyChunks: number;
  /** Byte offset of each attribute within a record, by name. */
  readonly offsets: Readonly<Record<string, number>>;
}

function childBox(min: number[], max: number[], index: number): { min: [number, number, number]; max: [number, number, number] } {
  const lo = [...min] as [number, number, number];
  const hi = [...max] as [number, number, number];
  for (let a = 0; a < 3; a++) {
    const bit = 4 >> a; // x: 4, y: 2, z: 1
    const mid = (min[a] + max[a]) / 2;
    if (index & bit) lo[a] = mid;
    else hi[a] = mid;
  }
  return { min: lo, max: hi };
}

export function readPotree(dir: string): PotreeCloud {
  const metadata = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as PotreeMetadata;
  if (metadata.version !== '2.0') throw new Error(`metadata version ${metadata.version}, expected 2.0`);
  const hierarchy = readFileSync(path.join(dir, 'hierarchy.bin'));
  const octree = readFileSync(path.join(dir, 'octree.bin'));
  const offsets: Record<string, number> = {};
  let recordSize = 0;
  for (const a of metadata.attributes) {
    offsets[a.name] = recordSize;
    recordSize += a.size;
  }
  const root: PotreeNode = {
    name: 'r',
    level: 0,
    type: 2,
    childMask: 0,
    numPoints: 0,
    byteOffset: 0,
    byteSize: 0,
    min: [...metadata.boundingBox.min] as [number, number, number],
    max: [...metadata.boundingBox.max] as [number, number, number],
    spacing: metadata.spacing,
    parent: null,
    children: new Array(8).fill(null),
  };
  const nodes: PotreeNode[] = [];
  const pending: { node: PotreeNode; offset: number; size: number }[] = [
    { node: root, offset: 0, size: metadata.hierarchy.firstChunkSize },
  ];
  let chunks = 0;
  while (pending.length > 0) {
    const { node, offset, size } = pending.shift()!;
    chunks++;
    if (size <= 0 || size % 22 !== 0) throw new Error(`hierarchy chunk of ${node.name} has size ${size}, not a positive multiple of 22`);
    if (offset < 0 || offset + size > hierarchy.length) {
      throw new Error(`hierarchy chunk of ${node.name} (${offset}+${size}) lies outside hierarchy.bin (${hierarchy.length} bytes)`);
    }
    const count = size / 22;
    const list: PotreeNode[] = [node];
    for (let e = 0; e < count; e++) {
      const t = list[e];
      if (!t) throw new Error(`hierarchy chunk of ${node.name} has ${count} records but names only ${list.length} nodes`);
      const o = offset + e * 22;
      const type = hierarchy.readUInt8(o);
      const mask = hierarchy.readUInt8(o + 1);
      const numPoints = hierarchy.readUInt32LE(o + 2);
      const a = Number(hierarchy.readBigInt64LE(o + 6));
      const b = Number(hierarchy.readBigInt64LE(o + 14));
      if (e === 0) {
        if (type === 2) throw new Error(`the first record of ${node.name}'s hierarchy chunk is a proxy`);
        if (node.proxy && (node.proxy.numPoints !== numPoints || node.proxy.childMask !== mask)) {
          throw new Error(`proxy record of ${node.name} disagrees with its chunk's record`);
        }
      }
      t.childMask = mask;
      t.numPoints = numPoints;
      if (e > 0 && type === 2) {
        t.type = 2;
        t.proxy = { numPoints, childMask: mask, hierarchyOffset: a, hierarchySize: b };
        pending.push({ node: t, offset: a, size: b });
        continue;
      }
      if (type !== 0 && type !== 1) throw new Error(`node ${t.name} has type ${type}`);
      if ((type === 1) !== (mask === 0)) throw new Error(`node ${t.name} has type ${type} and child mask ${mask}`);
      t.type = type;
      t.byteOffset = a;
      t.byteSize = b;
      nodes.push(t);
      for (let i = 0; i < 8; i++) {
        if (!(mask & (1 << i))) continue;
        const box = childBox(t.min, t.max, i);
        const child: PotreeNode = {
          name: t.name + i,
          level: t.level + 1,
          type: -1,
          childMask: 0,
          numPoints: 0,
          byteOffset: 0,
          byteSize: 0,
          min: box.min,
          max: box.max,
          spacing: t.spacing / 2,
          parent: t,
          children: new Array(8).fill(null),
        };
        t.children[i] = child;
        list.push(child);
      }
    }
    if (list.length !== count) {
      throw new Error(`hierarchy chunk of ${node.name} names ${list.length} nodes but holds ${count} records`);
    }
  }
  return { metadata, nodes, octree, recordSize, hierarchyChunks: chunks, offsets };
}

/** Real-world coordinates of a node's points. */
export function nodePositions(cloud: PotreeCloud, node: PotreeNode): Float64Array {
  const { scale, offset } = cloud.metadata;
  const out = new Float64Array(node.numPoints * 3);
  const R = cloud.recordSize;
  for (let i = 0; i < node.numPoints; i++) {
    const o = node.byteOffset + i * R;
    for (let a = 0; a < 3; a++) out[3 * i + a] = cloud.octree.readInt32LE(o + 4 * a) * scale[a] + offset[a];
  }
  return out;
}
