import type { RevisionBody } from '../revisions/schema';

/** A revision placed in the graph: its parents are all there. */
export interface RevisionNode {
  readonly address: string;
  readonly body: RevisionBody;
  /** The assignment lane; undefined for the shared history. */
  readonly lane: string | undefined;
  /** One more than its deepest parent's (0 for a root): sorting by it is a causal order. */
  readonly generation: number;
  readonly chain: number;
  /** Its position in its chain, from 1. */
  readonly seq: number;
  /** clock[c]: the highest position of chain c among this revision and its ancestors (0: none). */
  readonly clock: Int32Array;
}

/**
 * The parents DAG, with an ancestry test that costs one array read. Revisions are cut into chains
 * (a revision continues a parent's chain when that parent is still the chain's tip, which a
 * writer's linear history always is) and each carries a vector clock over the chains, so "is A an
 * ancestor of B" is B.clock[A.chain] >= A.seq. Which revision continues which chain depends on the
 * arrival order; the ancestry the clocks answer does not, so neither does the merge.
 */
export class RevisionGraph {
  private readonly nodes = new Map<string, RevisionNode>();
  private readonly tips: string[] = [];

  get size(): number {
    return this.nodes.size;
  }

  get(address: string): RevisionNode | undefined {
    return this.nodes.get(address);
  }

  has(address: string): boolean {
    return this.nodes.has(address);
  }

  /** Adds a revision whose parents are all in the graph. */
  insert(address: string, body: RevisionBody): RevisionNode {
    const parents = body.parents.map((p) => {
      const node = this.nodes.get(p);
      if (!node) throw new Error(`revision ${address}: parent ${p} is not in the graph`);
      return node;
    });
    // The author's own line first, so each writer's history stays one chain and clocks stay short.
    const ordered = parents.slice().sort((a, b) => Number(b.body.author.keyId === body.author.keyId) - Number(a.body.author.keyId === body.author.keyId) || (a.address < b.address ? -1 : 1));
    const extended = ordered.find((p) => this.tips[p.chain] === p.address);
    const chain = extended ? extended.chain : this.tips.length;
    const seq = extended ? extended.seq + 1 : 1;
    this.tips[chain] = address;
    let width = chain + 1;
    for (const p of parents) width = Math.max(width, p.clock.length);
    const clock = new Int32Array(width);
    let generation = 0;
    for (const p of parents) {
      generation = Math.max(generation, p.generation + 1);
      for (let c = 0; c < p.clock.length; c++) if (p.clock[c] > clock[c]) clock[c] = p.clock[c];
    }
    clock[chain] = seq;
    const node: RevisionNode = { address, body, lane: body.lane, generation, chain, seq, clock };
    this.nodes.set(address, node);
    return node;
  }
}

/** Whether `a` is `b` or one of its ancestors. */
export function precedesOrIs(a: RevisionNode, b: RevisionNode): boolean {
  return a === b || (a.chain < b.clock.length && b.clock[a.chain] >= a.seq);
}

/** A causal order that every replica computes alike: generation, then time, then address. */
export function causalCompare(a: RevisionNode, b: RevisionNode): number {
  return a.generation - b.generation || a.body.createdAt - b.body.createdAt || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}

/** The order that picks a conflict's provisional value: the latest (createdAt, address) shows. */
export function recencyCompare(a: RevisionNode, b: RevisionNode): number {
  return a.body.createdAt - b.body.createdAt || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
}
