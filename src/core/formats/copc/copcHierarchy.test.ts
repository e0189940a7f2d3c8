import { describe, expect, it } from 'vitest';
import { memorySource } from '../../io/byteSource';
import { writeCopcSkeleton, type CopcSkeletonNode } from '../testing/writeCopc';
import { openCopc } from './openCopc';

const open = (nodes: CopcSkeletonNode[]) => openCopc(memorySource('scan.copc.laz', writeCopcSkeleton(nodes)));
const ROOT: CopcSkeletonNode = { key: [0, 0, 0, 0], pointCount: 10 };

describe('COPC hierarchy checks', () => {
  it('opens a hierarchy that is a tree of nodes with their own bytes', async () => {
    const reader = await open([ROOT, { key: [1, 1, 0, 1], pointCount: 4 }, { key: [2, 3, 1, 2], pointCount: 2 }]);
    expect(reader.header.pointCount).toBe(16);
  });

  it('names the file and the node without a parent', async () => {
    await expect(open([ROOT, { key: [4, 3, 3, 3], pointCount: 5 }])).rejects.toThrow('scan.copc.laz: COPC hierarchy: node 4-3-3-3 has no parent (no node 3-1-1-1)');
  });

  it('names the nodes that point at the same bytes (their points would decode as garbage)', async () => {
    await expect(open([ROOT, { key: [1, 0, 0, 0], pointCount: 3, sharesDataWith: 0 }])).rejects.toThrow(/^scan\.copc\.laz \(byte \d+\): COPC hierarchy: nodes 0-0-0-0 and 1-0-0-0 point at the same bytes$/);
  });

  it('names a key outside the octree', async () => {
    await expect(open([ROOT, { key: [1, 2, 0, 0], pointCount: 3 }])).rejects.toThrow('COPC hierarchy: node 1-2-0-0 is not a valid octree key');
    await expect(open([ROOT, { key: [-1, 0, 0, 0], pointCount: 3 }])).rejects.toThrow('COPC hierarchy: node -1-0-0-0 is not a valid octree key');
  });
});
