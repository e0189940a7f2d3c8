import type { Vec3 } from '../../core/geometry/vec3';
import { OctreeSelectionState, type OctreeSelectionReply, type OctreeSelectionRequest } from '../../core/segmentation/octreeSelection';
import type { SelectionShape } from '../../core/segmentation/selectionRequest';

/** A loaded octree node as the selection needs it: its name, its first global index, its points and where they sit. */
export interface LoadedNode {
  readonly name: string;
  readonly first: number;
  /** The node's geometry positions (x, y, z per point), as the renderer holds them. */
  readonly positions: Float32Array;
  /** Column-major 4×4 placing them in the view's frame. */
  readonly matrix: readonly number[];
}

export interface OctreeSelected {
  readonly indices: Uint32Array;
  /** Points looked at (those of the loaded nodes named). */
  readonly points: number;
  /** Time the selection took in the worker. */
  readonly ms: number;
}

interface Pending {
  readonly resolve: (reply: OctreeSelectionReply) => void;
  readonly ask: () => void;
}

/**
 * Asks the octree selection worker for the points a shape takes among the loaded nodes. Each
 * node's points go to the worker once (a copy; the geometry stays with the renderer) and are
 * dropped there when the node leaves the view. Where no worker starts, or it stops, the same
 * logic runs on this thread, what was waiting included.
 */
export class OctreeSelectionClient {
  private worker: Worker | null = null;
  private inline: OctreeSelectionState | null = null;
  /** Nodes the worker holds, by name, with the positions array sent (a reloaded node is sent again). */
  private readonly sent = new Map<string, LoadedNode>();
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  constructor() {
    try {
      this.worker = new Worker(new URL('./octreeSelectionWorker.ts', import.meta.url), { type: 'module', name: 'octree-segmentation' });
      this.worker.onmessage = (e: MessageEvent<OctreeSelectionReply | { type: 'ready' }>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.selectHere();
      };
    } catch {
      this.inline = new OctreeSelectionState(() => performance.now());
    }
  }

  async select(nodes: readonly LoadedNode[], shape: SelectionShape): Promise<OctreeSelected> {
    const reply = await this.ask(nodes, (requestId, names) => ({ type: 'select', requestId, nodes: names, shape }));
    if (reply.type === 'failed') throw new Error(reply.message);
    if (reply.type !== 'selected') throw new Error(`the selection worker answered ${reply.type}`);
    return { indices: reply.indices, points: reply.points, ms: reply.ms };
  }

  /** Where the cloud is under NDC (x, y), within `radius` NDC; null where no loaded point is. */
  async pick(nodes: readonly LoadedNode[], viewProjection: readonly number[], x: number, y: number, radius: readonly [number, number]): Promise<Vec3 | null> {
    const reply = await this.ask(nodes, (requestId, names) => ({ type: 'pick', requestId, nodes: names, viewProjection, x, y, radius }));
    if (reply.type === 'failed') throw new Error(reply.message);
    return reply.type === 'picked' ? reply.at : null;
  }

  /** Makes the worker hold exactly these nodes' points now, ahead of a request. */
  prepare(nodes: readonly LoadedNode[]): void {
    this.hold(nodes);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.sent.clear();
    for (const { resolve } of this.pending.values()) resolve({ type: 'failed', requestId: 0, message: 'the segmentation was closed' });
    this.pending.clear();
  }

  private ask(nodes: readonly LoadedNode[], request: (requestId: number, names: string[]) => OctreeSelectionRequest): Promise<OctreeSelectionReply> {
    this.hold(nodes);
    const requestId = this.next++;
    const names = nodes.map((n) => n.name);
    return new Promise((resolve) => {
      const ask = () => this.send(request(requestId, names));
      this.pending.set(requestId, { resolve, ask });
      ask();
    });
  }

  /** Sends the nodes the worker lacks and drops those no longer loaded, so it holds the view's points and no more. */
  private hold(nodes: readonly LoadedNode[]): void {
    const now = new Set(nodes.map((n) => n.name));
    const gone = [...this.sent.keys()].filter((name) => !now.has(name));
    if (gone.length) {
      for (const name of gone) this.sent.delete(name);
      this.send({ type: 'drop', names: gone });
    }
    for (const node of nodes) {
      const held = this.sent.get(node.name);
      if (held && held.positions === node.positions && held.first === node.first && held.matrix.every((v, k) => v === node.matrix[k])) continue;
      this.sent.set(node.name, node);
      this.send({ type: 'node', name: node.name, first: node.first, positions: node.positions, matrix: node.matrix });
    }
  }

  private send(message: OctreeSelectionRequest): void {
    if (this.worker) {
      this.worker.postMessage(message);
      return;
    }
    this.inline ??= new OctreeSelectionState(() => performance.now());
    const reply = this.inline.handle(message);
    if (reply) queueMicrotask(() => this.receive(reply));
  }

  private receive(reply: OctreeSelectionReply | { type: 'ready' }): void {
    if (reply.type === 'ready') return;
    const waiting = this.pending.get(reply.requestId);
    if (!waiting) return;
    this.pending.delete(reply.requestId);
    waiting.resolve(reply);
  }

  /** The worker stopped: from now on select here, sending what it held and what was waiting again. */
  private selectHere(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const node of this.sent.values()) this.send({ type: 'node', name: node.name, first: node.first, positions: node.positions, matrix: node.matrix });
    for (const waiting of this.pending.values()) waiting.ask();
  }
}
