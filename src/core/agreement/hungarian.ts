/**
 * Minimum-cost assignment on a rectangular cost matrix (Kuhn–Munkres with row and column
 * potentials and shortest augmenting paths, O(n²·m) for n ≤ m): every row of the shorter side gets
 * a distinct column and the sum of the chosen costs is minimal.
 *
 * `cost` is row-major, `rows × cols`, finite. Returns for each row the column it gets, or −1 for
 * rows left over when there are more rows than columns.
 */
export function hungarian(cost: ArrayLike<number>, rows: number, cols: number): Int32Array {
  const result = new Int32Array(rows).fill(-1);
  if (rows === 0 || cols === 0) return result;
  const transposed = rows > cols;
  const n = transposed ? cols : rows;
  const m = transposed ? rows : cols;
  const at = transposed ? (i: number, j: number) => cost[j * cols + i] : (i: number, j: number) => cost[i * cols + j];
  // 1-based, index 0 is the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1); // owner[j]: the row holding column j (0 = free)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    owner[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = owner[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[owner[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (owner[j0] !== 0);
    do {
      const j1 = way[j0];
      owner[j0] = owner[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  for (let j = 1; j <= m; j++) {
    if (owner[j] === 0) continue;
    if (transposed) result[j - 1] = owner[j] - 1;
    else result[owner[j] - 1] = j - 1;
  }
  return result;
}
