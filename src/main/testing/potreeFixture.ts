import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A one-node Potree 2.0 octree of four known points (position int32 × 0.01 from an offset of
 * (1000, 2000, 0), intensity uint16), as file contents by name: small enough to check byte for byte.
 */
export function fourPointOctree(): Record<'octree.bin' | 'hierarchy.bin' | 'metadata.json', Buffer> {
  const points = [
    [100, 200, 300, 10],
    [150, 250, 350, 20],
    [400, 100, 50, 30],
    [0, 0, 0, 40],
  ];
  const octreeBin = Buffer.alloc(points.length * 14);
  points.forEach(([x, y, z, i], k) => {
    octreeBin.writeInt32LE(x, k * 14);
    octreeBin.writeInt32LE(y, k * 14 + 4);
    octreeBin.writeInt32LE(z, k * 14 + 8);
    octreeBin.writeUInt16LE(i, k * 14 + 12);
  });
  const hierarchy = Buffer.alloc(22);
  hierarchy.writeUInt8(1, 0); // a leaf
  hierarchy.writeUInt8(0, 1);
  hierarchy.writeUInt32LE(points.length, 2);
  hierarchy.writeBigInt64LE(0n, 6);
  hierarchy.writeBigInt64LE(BigInt(octreeBin.length), 14);
  const metadata = {
    version: '2.0',
    name: 'four',
    points: 4,
    projection: 'EPSG:32633',
    hierarchy: { firstChunkSize: 22, stepSize: 4, depth: 0 },
    offset: [1000, 2000, 0],
    scale: [0.01, 0.01, 0.01],
    spacing: 0.05,
    boundingBox: { min: [1000, 2000, 0], max: [1004, 2004, 4] },
    tightBoundingBox: { min: [1000, 2000, 0], max: [1004, 2002.5, 3.5] },
    encoding: 'DEFAULT',
    attributes: [
      { name: 'position', size: 12, numElements: 3, elementSize: 4, type: 'int32' },
      { name: 'intensity', size: 2, numElements: 1, elementSize: 2, type: 'uint16' },
    ],
  };
  return { 'octree.bin': octreeBin, 'hierarchy.bin': hierarchy, 'metadata.json': Buffer.from(JSON.stringify(metadata)) };
}

export function writeFourPointOctree(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(fourPointOctree())) writeFileSync(path.join(dir, name), bytes);
}
