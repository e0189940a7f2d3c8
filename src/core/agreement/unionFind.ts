/** The root of `x` in a union–find forest stored as parent links, halving the path on the way. */
export function findRoot(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

