/**
 * Chance-corrected agreement between coders over units (Krippendorff's alpha, Fleiss' kappa).
 * Data are a reliability matrix by unit: `units[u][c]` is coder c's value for unit u, or null
 * (or undefined) when that coder gave none.
 */

/** A value coders give: a class id, an enum attribute, a flag, or a number. */
export type CodedValue = string | number | boolean;

/** nominal: values are only equal or not; interval: numbers, disagreement is the squared difference. */
export type AlphaLevel = 'nominal' | 'interval';

export interface AlphaResult {
  /** 1 − observed / expected disagreement; null when undefined (no pairable values, or no variation at all). */
  readonly alpha: number | null;
  /** Pairable values: those in units that at least two coders coded. */
  readonly pairable: number;
  /** Units with at least two values. */
  readonly units: number;
}

function valueKey(v: CodedValue): string {
  return `${typeof v}:${String(v)}`;
}

/**
 * Krippendorff's alpha with missing values, by the coincidence-matrix formulas of Krippendorff
 * (2011), "Computing Krippendorff's Alpha-Reliability". Interval data must be finite numbers.
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<CodedValue | null | undefined>>, level: AlphaLevel): AlphaResult {
  let n = 0;
  let usedUnits = 0;
  let observed = 0; // Σ over units of within-unit ordered-pair disagreement / (m − 1)
  // nominal: totals per value; interval: Σv and Σv².
  const totals = new Map<string, number>();
  let sum = 0;
  let sumSq = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is CodedValue => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    usedUnits++;
    n += m;
    if (level === 'nominal') {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(valueKey(v), (counts.get(valueKey(v)) ?? 0) + 1);
      let same = 0;
      for (const [key, c] of counts) {
        same += c * c;
        totals.set(key, (totals.get(key) ?? 0) + c);
      }
      observed += (m * m - same) / (m - 1);
    } else {
      let s = 0;
      let sq = 0;
      for (const v of values) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`interval alpha needs finite numbers, got ${String(v)}`);
        s += v;
        sq += v * v;
      }
      sum += s;
      sumSq += sq;
      observed += (2 * m * sq - 2 * s * s) / (m - 1);
    }
  }
  if (n < 2) return { alpha: null, pairable: n, units: usedUnits };
  let expected: number;
  if (level === 'nominal') {
    let same = 0;
    for (const c of totals.values()) same += c * c;
    expected = (n * n - same) / (n - 1);
  } else {
    expected = (2 * n * sumSq - 2 * sum * sum) / (n - 1);
  }
  // Both sums carry the same 1/n, which cancels in the ratio.
  if (!(expected > 1e-12 * n)) return { alpha: null, pairable: n, units: usedUnits };
  return { alpha: 1 - observed / expected, pairable: n, units: usedUnits };
}

export interface KappaResult {
  /** (P̄ − P̄e) / (1 − P̄e); null when undefined (no units, or every rating in one category). */
  readonly kappa: number | null;
  readonly units: number;
  /** Raters per unit. */
  readonly raters: number;
}

/**
 * Fleiss' kappa from a subjects × categories table of counts, each row summing to the same number
 * of raters n ≥ 2 (Fleiss 1971).
 */
export function fleissKappa(counts: ReadonlyArray<ReadonlyArray<number>>): KappaResult {
  const N = counts.length;
  if (N === 0) return { kappa: null, units: 0, raters: 0 };
  const n = counts[0].reduce((s, x) => s + x, 0);
  const k = counts[0].length;
  const columnTotals = new Float64Array(k);
  let pSum = 0;
  for (const row of counts) {
    if (row.length !== k) throw new Error('Fleiss kappa needs the same categories for every unit');
    const raters = row.reduce((s, x) => s + x, 0);
    if (raters !== n) throw new Error(`Fleiss kappa needs the same number of raters for every unit (${raters} against ${n})`);
    let sq = 0;
    row.forEach((x, j) => {
      sq += x * x;
      columnTotals[j] += x;
    });
    pSum += (sq - n) / (n * (n - 1));
  }
  if (n < 2) return { kappa: null, units: N, raters: n };
  const pBar = pSum / N;
  let pe = 0;
  for (const t of columnTotals) pe += (t / (N * n)) ** 2;
  if (!(1 - pe > 1e-12)) return { kappa: null, units: N, raters: n };
  return { kappa: (pBar - pe) / (1 - pe), units: N, raters: n };
}

/**
 * Fleiss' kappa over units given as the values each rater chose; only units where every rater
 * gave a value count (kappa needs the same raters throughout).
 */
export function fleissKappaOfValues(units: ReadonlyArray<ReadonlyArray<CodedValue | null | undefined>>): KappaResult {
  const complete = units.filter((u) => u.length >= 2 && u.every((v) => v !== null && v !== undefined)) as CodedValue[][];
  const raters = complete.length ? complete[0].length : 0;
  const categories = new Map<string, number>();
  for (const u of complete) {
    if (u.length !== raters) throw new Error('Fleiss kappa needs the same number of raters for every unit');
    for (const v of u) if (!categories.has(valueKey(v))) categories.set(valueKey(v), categories.size);
  }
  const table = complete.map((u) => {
    const row = new Array<number>(categories.size).fill(0);
    for (const v of u) row[categories.get(valueKey(v)) as number]++;
    return row;
  });
  return fleissKappa(table);
}
