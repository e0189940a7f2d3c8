import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { hungarian } from './hungarian';

/** Least total cost over every way to give each row of the shorter side its own column. */
function bruteForce(cost: number[], rows: number, cols: number): number {
  let best = Infinity;
  const used = new Array<boolean>(Math.max(rows, cols)).fill(false);
  const short = Math.min(rows, cols);
  const at = (i: number, j: number) => (rows <= cols ? cost[i * cols + j] : cost[j * cols + i]);
  const long = Math.max(rows, cols);
  const walk = (i: number, sum: number) => {
    if (i === short) {
      best = Math.min(best, sum);
      return;
    }
    for (let j = 0; j < long; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + at(i, j));
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

function totalOf(cost: number[], cols: number, assignment: Int32Array): number {
  let sum = 0;
  assignment.forEach((j, i) => {
    if (j >= 0) sum += cost[i * cols + j];
  });
  return sum;
}

describe('hungarian', () => {
  it('finds the least total cost on a hand-checked 3 × 3 matrix', () => {
    // Rows take columns 1, 0, 2: 1 + 2 + 2 = 5 (the diagonal costs 4 + 4 + 2 = 10).
    const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    const a = hungarian(cost, 3, 3);
    expect(totalOf(cost, 3, a)).toBe(5);
    expect([...a]).toEqual([1, 0, 2]);
  });

  it('equals brute force on random square and rectangular matrices, and gives distinct columns', () => {
    const rnd = seededRandom(21);
    for (let k = 0; k < 400; k++) {
      const rows = 1 + Math.floor(rnd() * 6);
      const cols = 1 + Math.floor(rnd() * 6);
      // Some integer costs, so ties occur.
      const cost = Array.from({ length: rows * cols }, () => (k % 2 ? Math.floor(rnd() * 4) : rnd() * 10));
      const a = hungarian(cost, rows, cols);
      const assigned = [...a].filter((j) => j >= 0);
      expect(assigned.length).toBe(Math.min(rows, cols));
      expect(new Set(assigned).size).toBe(assigned.length);
      expect(totalOf(cost, cols, a)).toBeCloseTo(bruteForce(cost, rows, cols), 9);
    }
  });

  it('handles empty sides', () => {
    expect([...hungarian([], 0, 3)]).toEqual([]);
    expect([...hungarian([], 2, 0)]).toEqual([-1, -1]);
  });
});
