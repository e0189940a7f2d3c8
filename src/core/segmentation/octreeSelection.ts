import type { Vec3 } from '../geometry/vec3';
import { selectByShape, type SelectionShape } from './selectionRequest';

/**
 * The selection worker's side of segmenting a streamed octree: it holds the points of the nodes
 * on screen (sent once per node, placed in the view's frame), selects among them for a shape and
 * answers global point indices (a node's first index + the point's place in the node), so a
 * selection names the same points whichever nodes happen to be loaded.
 */
export type OctreeSelectionRequest =
  /** A node's points as its geometry holds them, and the 4×4 (column-major) matrix that places them in the view's frame. */
  | { readonly type: 'node'; readonly name: string; readonly first: number; readonly positions: Float32Array; readonly matrix: readonly number[] }
  | { readonly type: 'drop'; readonly names: readonly string[] }
  /** The points of the nodes named that `shape` selects (region growing is not offered over an octree). */
  | { readonly type: 'select'; readonly requestId: number; readonly nodes: readonly string[]; readonly shape: SelectionShape }
  /** The point nearest the viewer whose projection falls within `radius` (NDC) of (x, y): where a brush stroke touches the cloud. */
  | { readonly type: 'pick'; readonly requestId: number; readonly nodes: readonly string[]; readonly viewProjection: readonly number[]; readonly x: number; readonly y: number; readonly radius: readonly [number, number] };

export type OctreeSelectionReply =
  | { readonly type: 'selected'; readonly requestId: number; readonly indices: Uint32Array; readonly points: number; readonly ms: number }
  | { readonly type: 'picked'; readonly requestId: number; readonly at: Vec3 | null }
  | { readonly type: 'failed'; readonly requestId: number; readonly message: string };

interface HeldNode {
  readonly first: number;
  /** x, y, z per point in the view's frame. */
  readonly xyz: Float32Array;
}

export class OctreeSelectionState {
  private readonly nodes = new Map<string, HeldNode>();

  constructor(private readonly now: () => number = () => 0) {}

  /** Points held, over all nodes. */
  get heldPoints(): number {
    let n = 0;
    for (const node of this.nodes.values()) n += node.xyz.length / 3;
    return n;
  }

  handle(message: OctreeSelectionRequest): OctreeSelectionReply | null {
    switch (message.type) {
      case 'node':
        this.nodes.set(message.name, { first: message.first, xyz: placed(message.positions, message.matrix) });
        return null;
      case 'drop':
        for (const name of message.names) this.nodes.delete(name);
        return null;
      case 'select':
        try {
          const t0 = this.now();
          const { indices, points } = this.select(message.nodes, message.shape);
          return { type: 'selected', requestId: message.requestId, indices, points, ms: this.now() - t0 };
        } catch (e) {
          return { type: 'failed', requestId: message.requestId, message: (e as Error).message };
        }
      case 'pick':
        return { type: 'picked', requestId: message.requestId, at: this.pick(message) };
    }
  }

  private held(names: readonly string[]): HeldNode[] {
    const out: HeldNode[] = [];
    for (const name of names) {
      const node = this.nodes.get(name);
      if (!node) throw new Error(`the selection worker holds no points of octree node ${name}`);
      out.push(node);
    }
    // Node ranges do not overlap: by first index, each node's increasing indices follow the last's.
    return out.sort((a, b) => a.first - b.first);
  }

  private select(names: readonly string[], shape: SelectionShape): { indices: Uint32Array; points: number } {
    if (shape.kind === 'grow' || shape.kind === 'cameraPolygon') throw new Error(`${shape.kind === 'grow' ? 'region growing' : 'a camera lasso'} is not offered over a streamed octree`);
    const parts: Uint32Array[] = [];
    let total = 0;
    let points = 0;
    for (const node of this.held(names)) {
      points += node.xyz.length / 3;
      const local = selectByShape(node.xyz, 3, shape).indices;
      if (local.length === 0) continue;
      for (let k = 0; k < local.length; k++) local[k] += node.first;
      parts.push(local);
      total += local.length;
    }
    const indices = new Uint32Array(total);
    let o = 0;
    for (const p of parts) {
      indices.set(p, o);
      o += p.length;
    }
    return { indices, points };
  }

  private pick(m: Extract<OctreeSelectionRequest, { type: 'pick' }>): Vec3 | null {
    const v = m.viewProjection;
    let best: Vec3 | null = null;
    let bestDepth = Infinity;
    for (const name of m.nodes) {
      const xyz = this.nodes.get(name)?.xyz;
      if (!xyz) continue;
      for (let o = 0; o < xyz.length; o += 3) {
        const x = xyz[o], y = xyz[o + 1], z = xyz[o + 2];
        const w = v[3] * x + v[7] * y + v[11] * z + v[15];
        if (!(w > 0)) continue;
        const u = (v[0] * x + v[4] * y + v[8] * z + v[12]) / w;
        if (Math.abs(u - m.x) > m.radius[0]) continue;
        const s = (v[1] * x + v[5] * y + v[9] * z + v[13]) / w;
        if (Math.abs(s - m.y) > m.radius[1]) continue;
        if (w < bestDepth) {
          bestDepth = w;
          best = [x, y, z];
        }
      }
    }
    return best;
  }
}

/** The positions moved into the view's frame by the node's matrix (affine: a node is translated, maybe scaled). */
function placed(positions: Float32Array, m: readonly number[]): Float32Array {
  const out = new Float32Array(positions.length - (positions.length % 3));
  for (let o = 0; o < out.length; o += 3) {
    const x = positions[o], y = positions[o + 1], z = positions[o + 2];
    out[o] = m[0] * x + m[4] * y + m[8] * z + m[12];
    out[o + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
    out[o + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
  }
  return out;
}
