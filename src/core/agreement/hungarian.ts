/** Work arrays kept between calls: matching calls this for thousands of tiny groups per scene. */
let scratch = { size: 0, cost: new Float64Array(0), u: new Float64Array(0), v: new Float64Array(0), minv: new Float64Array(0), owner: new Int32Array(0), way: new Int32Array(0), used: new Uint8Array(0) };

function scratchFor(n: number, m: number): typeof scratch {
  if (scratch.cost.length < n * m || scratch.size < m + 1) {
    const size = Math.max(scratch.size, m + 1, n + 1);
    scratch = {
      size,
      cost: new Float64Array(Math.max(scratch.cost.length, n * m)),
      u: new Float64Array(size),
      v: new Float64Array(size),
      minv: new Float64Array(size),
      owner: new Int32Array(size),
      way: new Int32Array(size),
      used: new Uint8Array(size),
    };
  }
  return scratch;
}

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
  // One flat n × m copy (transposed when rows > cols): the inner loop then reads it directly.
  const w = scratchFor(n, m);
  const c = w.cost;
  if (transposed) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) c[j * m + i] = cost[i * cols + j];
  } else {
    for (let k = 0; k < n * m; k++) c[k] = cost[k];
  }
  // 1-based, index 0 is the virtual start of each augmenting path.
  const { u, v, owner, way, minv, used } = w; // owner[j]: the row holding column j (0 = free)
  v.fill(0, 0, m + 1);
  owner.fill(0, 0, m + 1);
  // Start from row minima as potentials (feasible: every reduced cost ≥ 0) and give each row its
  // minimum column while that is free: on typical matrices most rows are done before any search.
  const done = used; // reused below; here: rows already given a column
  done.fill(0, 0, Math.max(n, m) + 1);
  for (let i = 1; i <= n; i++) {
    const rowStart = (i - 1) * m;
    let best = Infinity;
    let at = 0;
    for (let j = 1; j <= m; j++) {
      if (c[rowStart + j - 1] < best) {
        best = c[rowStart + j - 1];
        at = j;
      }
    }
    u[i] = best;
    if (owner[at] === 0) {
      owner[at] = i;
      done[i] = 1;
    }
  }
  const pending: number[] = [];
  for (let i = 1; i <= n; i++) if (!done[i]) pending.push(i);
  for (const i of pending) {
    owner[0] = i;
    let j0 = 0;
    minv.fill(Infinity, 0, m + 1);
    used.fill(0, 0, m + 1);
    do {
      used[j0] = 1;
      const i0 = owner[j0];
      const rowStart = (i0 - 1) * m - 1;
      const ui0 = u[i0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = c[rowStart + j] - ui0 - v[j];
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
