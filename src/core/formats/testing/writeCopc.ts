import { ascii } from './writeLas';

/** One hierarchy entry: key d-x-y-z and its point count (-1 would be a child page). */
export interface CopcSkeletonNode {
  readonly key: readonly [number, number, number, number];
  readonly pointCount: number;
  /** Point at this other node's bytes instead of bytes of its own (a corrupt hierarchy). */
  readonly sharesDataWith?: number;
}

const HEADER = 375;
const INFO_VLR = 54 + 160;
const NODE_BYTES = 64;

/**
 * A COPC file with a real header, info VLR and root hierarchy page, and placeholder bytes for
 * each node's point data: for tests that must fail before any point is decoded.
 */
export function writeCopcSkeleton(nodes: readonly CopcSkeletonNode[]): Uint8Array {
  const pointDataOffset = HEADER + INFO_VLR;
  const pageOffset = pointDataOffset + NODE_BYTES * nodes.length;
  const out = new Uint8Array(pageOffset + 32 * nodes.length);
  const v = new DataView(out.buffer);
  const total = nodes.reduce((n, node) => n + Math.max(0, node.pointCount), 0);
  ascii(out, 0, 'LASF', 4);
  out[24] = 1;
  out[25] = 4;
  ascii(out, 58, 'cairn fixture', 32);
  v.setUint16(94, HEADER, true);
  v.setUint32(96, pointDataOffset, true);
  v.setUint32(100, 1, true);
  out[104] = 6 | 0x80;
  v.setUint16(105, 30, true);
  v.setUint32(107, total, true);
  for (let a = 0; a < 3; a++) {
    v.setFloat64(131 + 8 * a, 0.01, true);
    v.setFloat64(179 + 16 * a, 100, true);
    v.setFloat64(187 + 16 * a, -100, true);
  }
  v.setBigUint64(247, BigInt(total), true);

  ascii(out, HEADER + 2, 'copc', 16);
  v.setUint16(HEADER + 18, 1, true);
  v.setUint16(HEADER + 20, 160, true);
  const info = HEADER + 54;
  v.setFloat64(info + 24, 100, true);
  v.setFloat64(info + 32, 1, true);
  v.setBigUint64(info + 40, BigInt(pageOffset), true);
  v.setBigUint64(info + 48, BigInt(32 * nodes.length), true);

  nodes.forEach((node, i) => {
    const at = pageOffset + 32 * i;
    node.key.forEach((k, j) => v.setInt32(at + 4 * j, k, true));
    v.setBigUint64(at + 16, BigInt(pointDataOffset + NODE_BYTES * (node.sharesDataWith ?? i)), true);
    v.setInt32(at + 24, NODE_BYTES, true);
    v.setInt32(at + 28, node.pointCount, true);
  });
  return out;
}
