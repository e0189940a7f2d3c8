/**
 * The fields of potree-core's OctreeGeometryNode (Potree 2.0 loader) that pruning reads and
 * resets. potree-core keeps every hierarchy node it has ever read for the life of the cloud, so
 * a long fly-through over a billion-point octree grows the heap with the ground covered.
 */
export interface HierarchyNode {
  readonly children: ReadonlyArray<HierarchyNode | null>;
  loaded: boolean;
  loading: boolean;
  /** 0 normal, 1 leaf, 2 proxy: the node's own hierarchy chunk has not been read yet. */
  nodeType?: number;
  /** Set on the node that heads a hierarchy chunk; kept after the chunk is read. */
  hierarchyByteOffset?: bigint;
  hierarchyByteSize?: bigint;
}

const PROXY = 2;

export interface PruneResult {
  /** Hierarchy nodes still known after this sweep. */
  readonly known: number;
  /** Chunks folded back into proxies, and the nodes that went with them. */
  readonly chunksPruned: number;
  readonly nodesDropped: number;
}

/**
 * Folds back every hierarchy chunk with nothing loaded or loading in it for `idleMs`: its head
 * becomes a proxy again, as before its chunk was read, and its descendants go. potree-core reads
 * the chunk again (one small range request) when the view returns there, since loading a proxy
 * loads its hierarchy first. The head must be unloaded itself: a loaded node is never loaded
 * again, so a loaded proxy would never regain its children.
 *
 * `idleSince` remembers, per chunk head, when it was first seen idle; heads that come back into
 * use are forgotten. The root chunk is never pruned.
 */
export function pruneIdleHierarchy(
  root: HierarchyNode,
  now: number,
  idleMs: number,
  idleSince: WeakMap<HierarchyNode, number>,
): PruneResult {
  let known = 0;
  let chunksPruned = 0;
  let nodesDropped = 0;

  // Returns whether anything in the subtree is loaded or loading; prunes idle chunks below.
  const visit = (node: HierarchyNode): boolean => {
    known++;
    let live = node.loaded || node.loading;
    for (const child of node.children) if (child && visit(child)) live = true;
    const expandedHead = node !== root && node.hierarchyByteOffset !== undefined && node.nodeType !== PROXY;
    if (!expandedHead) return live;
    if (live) {
      idleSince.delete(node);
      return true;
    }
    const since = idleSince.get(node);
    if (since === undefined) {
      idleSince.set(node, now);
    } else if (now - since >= idleMs) {
      const dropped = countBelow(node);
      const children = node.children as Array<HierarchyNode | null>;
      children.fill(null);
      node.nodeType = PROXY;
      idleSince.delete(node);
      chunksPruned++;
      nodesDropped += dropped;
      known -= dropped;
    }
    return false;
  };
  visit(root);
  return { known, chunksPruned, nodesDropped };
}

function countBelow(node: HierarchyNode): number {
  let n = 0;
  const stack = node.children.filter((c): c is HierarchyNode => c !== null);
  while (stack.length > 0) {
    const next = stack.pop()!;
    n++;
    for (const c of next.children) if (c) stack.push(c);
  }
  return n;
}
