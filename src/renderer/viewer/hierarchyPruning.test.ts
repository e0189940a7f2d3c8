import { Potree, type PointCloudOctree } from 'potree-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { pruneIdleHierarchy, type HierarchyNode } from './hierarchyPruning';

/**
 * A Potree 2.0 octree in memory, read by potree-core's own loader, with three hierarchy chunks:
 * the root chunk (r, r0 as a proxy, r1), r0's chunk (r0, r00 as a proxy, r01) and r00's chunk
 * (r00, r000). Node geometry cannot be decoded here (potree-core decodes in a Web Worker), so the
 * tests set `loaded` / `loading` as the LRU and the loader would.
 */
const RECORD = 22;
type Entry = [type: number, childMask: number, points: number, offset: number, size: number];

function chunk(entries: Entry[]): Uint8Array {
  const bytes = new Uint8Array(entries.length * RECORD);
  const view = new DataView(bytes.buffer);
  entries.forEach(([type, mask, points, offset, size], i) => {
    view.setUint8(i * RECORD, type);
    view.setUint8(i * RECORD + 1, mask);
    view.setUint32(i * RECORD + 2, points, true);
    view.setBigInt64(i * RECORD + 6, BigInt(offset), true);
    view.setBigInt64(i * RECORD + 14, BigInt(size), true);
  });
  return bytes;
}

const NORMAL = 0;
const LEAF = 1;
const PROXY = 2;
const chunkC = chunk([
  [NORMAL, 0b1, 10, 400, 120],
  [LEAF, 0, 10, 520, 120],
]);
const offsetC = 3 * RECORD + 3 * RECORD;
const chunkB = chunk([
  [NORMAL, 0b11, 10, 160, 120],
  [PROXY, 0, 10, offsetC, chunkC.length],
  [LEAF, 0, 10, 280, 120],
]);
const chunkA = chunk([
  [NORMAL, 0b11, 10, 0, 40],
  [PROXY, 0, 10, 3 * RECORD, chunkB.length],
  [LEAF, 0, 10, 40, 120],
]);
const hierarchyBin = new Uint8Array([...chunkA, ...chunkB, ...chunkC]);

const metadata = {
  version: '2.0',
  name: 'pruning',
  description: '',
  points: 60,
  projection: '',
  hierarchy: { firstChunkSize: chunkA.length, stepSize: 1, depth: 3 },
  offset: [0, 0, 0],
  scale: [0.001, 0.001, 0.001],
  spacing: 1,
  boundingBox: { min: [0, 0, 0], max: [8, 8, 8] },
  encoding: 'DEFAULT',
  attributes: [{ name: 'position', description: '', size: 12, numElements: 3, elementSize: 4, type: 'int32', min: [0, 0, 0], max: [8, 8, 8] }],
};

let hierarchyReads: string[] = [];

async function openOctree(): Promise<PointCloudOctree> {
  hierarchyReads = [];
  const requests = {
    getUrl: async (file: string) => `mem://cloud/${file}`,
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith('/metadata.json')) return new Response(JSON.stringify(metadata));
      const range = /bytes=(\d+)-(\d+)/.exec(String((init?.headers as Record<string, string>)?.Range ?? ''));
      if (!range) throw new Error(`no range for ${url}`);
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (url.endsWith('/hierarchy.bin')) {
        hierarchyReads.push(`${from}-${to}`);
        return new Response(hierarchyBin.slice(from, to + 1));
      }
      return new Response(new Uint8Array(to - from + 1));
    },
  };
  const cloud = await new Potree().loadPointCloud('metadata.json', requests);
  await settle(cloud);
  return cloud;
}

/** potree-core starts loading the root on open; wait until that attempt has finished. */
async function settle(cloud: PointCloudOctree): Promise<void> {
  for (let i = 0; i < 200 && (cloud.pcoGeometry.numNodesLoading > 0 || cloud.pcoGeometry.root.loading); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

type GeometryNode = HierarchyNode & { name: string; nodeType?: number; byteOffset?: bigint };

function node(cloud: PointCloudOctree, name: string): GeometryNode {
  let found: GeometryNode | undefined;
  (cloud.pcoGeometry.root as unknown as { traverse(cb: (n: GeometryNode) => void): void }).traverse((n) => {
    if (n.name === name) found = n;
  });
  if (!found) throw new Error(`node ${name} is not known`);
  return found;
}

function names(cloud: PointCloudOctree): string[] {
  const out: string[] = [];
  (cloud.pcoGeometry.root as unknown as { traverse(cb: (n: GeometryNode) => void): void }).traverse((n) => out.push(n.name));
  return out.sort();
}

/** Reads a proxy's chunk the way potree-core does when the view needs the node. */
async function expand(cloud: PointCloudOctree, name: string): Promise<void> {
  const loader = cloud.pcoGeometry.loader as unknown as { load(n: unknown): Promise<void> };
  await loader.load(node(cloud, name));
  const n = node(cloud, name);
  n.loaded = false;
  n.loading = false;
}

const root = (cloud: PointCloudOctree) => cloud.pcoGeometry.root as unknown as HierarchyNode;

describe('pruneIdleHierarchy over potree-core’s own hierarchy', () => {
  let cloud: PointCloudOctree;
  beforeEach(async () => {
    cloud = await openOctree();
    await expand(cloud, 'r0');
    await expand(cloud, 'r00');
    root(cloud).loaded = true;
  });

  it('reads the fixture as three chunks', () => {
    expect(names(cloud)).toEqual(['r', 'r0', 'r00', 'r000', 'r01', 'r1']);
    expect(hierarchyReads).toEqual([`0-${3 * RECORD - 1}`, `${3 * RECORD}-${6 * RECORD - 1}`, `${offsetC}-${offsetC + chunkC.length - 1}`]);
  });

  it('keeps chunks with a loaded or loading node', () => {
    const idle = new WeakMap<HierarchyNode, number>();
    node(cloud, 'r000').loaded = true;
    expect(pruneIdleHierarchy(root(cloud), 0, 5000, idle).known).toBe(6);
    node(cloud, 'r000').loaded = false;
    node(cloud, 'r01').loading = true;
    const later = pruneIdleHierarchy(root(cloud), 60_000, 5000, idle);
    // r00's chunk is idle (only just seen so); r0's holds a loading node.
    expect(later).toEqual({ known: 6, chunksPruned: 0, nodesDropped: 0 });
    expect(pruneIdleHierarchy(root(cloud), 65_000, 5000, idle)).toEqual({ known: 5, chunksPruned: 1, nodesDropped: 1 });
    expect(names(cloud)).toEqual(['r', 'r0', 'r00', 'r01', 'r1']);
  });

  it('folds an idle chunk back into a proxy once it has been idle long enough', () => {
    const idle = new WeakMap<HierarchyNode, number>();
    expect(pruneIdleHierarchy(root(cloud), 1000, 5000, idle).chunksPruned).toBe(0);
    expect(pruneIdleHierarchy(root(cloud), 5999, 5000, idle).chunksPruned).toBe(0);
    const swept = pruneIdleHierarchy(root(cloud), 6000, 5000, idle);
    expect(swept.known).toBe(3);
    expect(swept.nodesDropped).toBe(3);
    expect(names(cloud)).toEqual(['r', 'r0', 'r1']);
    expect(node(cloud, 'r0').nodeType).toBe(PROXY);
    expect(node(cloud, 'r0').children.every((c) => c === null)).toBe(true);
  });

  it('restarts the idle clock when a chunk is used again', () => {
    const idle = new WeakMap<HierarchyNode, number>();
    pruneIdleHierarchy(root(cloud), 0, 5000, idle);
    node(cloud, 'r000').loaded = true;
    pruneIdleHierarchy(root(cloud), 3000, 5000, idle);
    node(cloud, 'r000').loaded = false;
    pruneIdleHierarchy(root(cloud), 4000, 5000, idle);
    expect(pruneIdleHierarchy(root(cloud), 8000, 5000, idle).known).toBe(6);
    expect(pruneIdleHierarchy(root(cloud), 9000, 5000, idle).known).toBe(3);
  });

  it('never prunes the root chunk, nor under a loaded head', () => {
    const idle = new WeakMap<HierarchyNode, number>();
    root(cloud).loaded = false;
    node(cloud, 'r0').loaded = true;
    pruneIdleHierarchy(root(cloud), 0, 5000, idle);
    const swept = pruneIdleHierarchy(root(cloud), 10_000, 5000, idle);
    // r0 is loaded: only r00's chunk (r000) goes; the root chunk stays whole.
    expect(swept).toEqual({ known: 5, chunksPruned: 1, nodesDropped: 1 });
    expect(names(cloud)).toEqual(['r', 'r0', 'r00', 'r01', 'r1']);
  });

  it('lets potree-core read a pruned chunk again, with the same nodes and offsets', async () => {
    const before = node(cloud, 'r01') as GeometryNode;
    const offset = before.byteOffset;
    const idle = new WeakMap<HierarchyNode, number>();
    pruneIdleHierarchy(root(cloud), 0, 5000, idle);
    pruneIdleHierarchy(root(cloud), 5000, 5000, idle);
    expect(names(cloud)).toEqual(['r', 'r0', 'r1']);
    const reads = hierarchyReads.length;
    await expand(cloud, 'r0');
    expect(hierarchyReads.length).toBe(reads + 1);
    expect(names(cloud)).toEqual(['r', 'r0', 'r00', 'r01', 'r1']);
    expect(node(cloud, 'r01').byteOffset).toBe(offset);
    expect(node(cloud, 'r0').byteOffset).toBe(160n);
    expect(node(cloud, 'r00').nodeType).toBe(PROXY);
  });
});
