/**
 * Chance-corrected agreement between coders over units (Krippendorff's alpha, Fleiss' kappa).
 * Data are a reliability matrix by unit: `units[u][c]` is coder c's value for unit u, or null
 * (or undefined) when that coder gave none.
 */

/** A value coders give: a class id, an enum attribute, a flag, or a number. */
export type CodedValue = string | number | boolean;

/** nominal: values are only equal or not; interval: numbers, disagreement is the squared difference. */
export type AlphaLevel = 'nominal' | 'interval';

/** Krippendorff's alpha with the data it rests on. */
export interface AlphaResult {
  /** 1 − observed / expected disagreement; null when undefined (no pairable values, or no variation at all). */
  readonly alpha: number | null;
  /** Pairable values: those in units that at least two coders coded. */
  readonly pairable: number;
  /** Units with at least two values. */
  readonly units: number;
}

/**
 * Alpha and kappa over units added one at a time, without keeping them: what a scene-wide run
 * feeds one cluster of boxes at a time. Values are compared with SameValueZero, so '1', 1 and true
 * are three different values.
 */
export class ReliabilityAccumulator {
  private readonly categories = new Map<CodedValue, number>();
  /** Pairable values per category (alpha) and values per category in complete units (kappa). */
  private readonly pairableTotals: number[] = [];
  private readonly completeTotals: number[] = [];
  private n = 0;
  private units = 0;
  private observed = 0;
  private sum = 0;
  private sumSq = 0;
  private kappaUnits = 0;
  private kappaRaters = 0;
  private kappaAgreement = 0;
  private readonly codes: number[] = [];
  private readonly numbers: number[] = [];

  constructor(readonly level: AlphaLevel) {}

  private code(v: CodedValue): number {
    let c = this.categories.get(v);
    if (c === undefined) {
      c = this.categories.size;
      this.categories.set(v, c);
      this.pairableTotals.push(0);
      this.completeTotals.push(0);
    }
    return c;
  }

  /** One unit: each coder's value, null (or undefined) where a coder gave none. */
  addUnit(values: ReadonlyArray<CodedValue | null | undefined>): void {
    const codes = this.codes;
    const numbers = this.numbers;
    codes.length = 0;
    numbers.length = 0;
    for (const v of values) {
      if (v === null || v === undefined) continue;
      if (this.level === 'interval') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`interval alpha needs finite numbers, got ${String(v)}`);
        numbers.push(v);
      }
      codes.push(this.code(v));
    }
    const m = codes.length;
    // Σ over categories of (values in this unit with that category)²: ordered pairs that agree, self-pairs included.
    let same = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (codes[i] === codes[j]) same++;
    if (m >= 2) {
      this.units++;
      this.n += m;
      for (const c of codes) this.pairableTotals[c]++;
      if (this.level === 'nominal') {
        this.observed += (m * m - same) / (m - 1);
      } else {
        let s = 0;
        let sq = 0;
        for (const x of numbers) {
          s += x;
          sq += x * x;
        }
        this.sum += s;
        this.sumSq += sq;
        this.observed += (2 * m * sq - 2 * s * s) / (m - 1);
      }
    }
    if (m >= 2 && m === values.length) {
      if (this.kappaUnits === 0) this.kappaRaters = m;
      else if (m !== this.kappaRaters) throw new Error('Fleiss kappa needs the same number of raters for every unit');
      this.kappaUnits++;
      this.kappaAgreement += (same - m) / (m * (m - 1));
      for (const c of codes) this.completeTotals[c]++;
    }
  }

  /** Krippendorff's alpha at this accumulator's level (coincidence-matrix form, Krippendorff 2011). */
  alpha(): AlphaResult {
    const n = this.n;
    if (n < 2) return { alpha: null, pairable: n, units: this.units };
    let expected: number;
    if (this.level === 'nominal') {
      let same = 0;
      for (const c of this.pairableTotals) same += c * c;
      expected = (n * n - same) / (n - 1);
    } else {
      expected = (2 * n * this.sumSq - 2 * this.sum * this.sum) / (n - 1);
    }
    // Observed and expected carry the same 1/n, which cancels in the ratio.
    if (!(expected > 1e-12 * n)) return { alpha: null, pairable: n, units: this.units };
    return { alpha: 1 - this.observed / expected, pairable: n, units: this.units };
  }

  /** Fleiss' kappa over the units every coder gave a value for. */
  kappa(): KappaResult {
    const N = this.kappaUnits;
    const n = this.kappaRaters;
    if (N === 0) return { kappa: null, units: 0, raters: 0 };
    let pe = 0;
    for (const t of this.completeTotals) pe += (t / (N * n)) ** 2;
    if (!(1 - pe > 1e-12)) return { kappa: null, units: N, raters: n };
    return { kappa: (this.kappaAgreement / N - pe) / (1 - pe), units: N, raters: n };
  }
}

/**
 * Krippendorff's alpha with missing values, by the coincidence-matrix formulas of Krippendorff
 * (2011), "Computing Krippendorff's Alpha-Reliability". Interval data must be finite numbers.
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<CodedValue | null | undefined>>, level: AlphaLevel): AlphaResult {
  const acc = new ReliabilityAccumulator(level);
  for (const u of units) acc.addUnit(u);
  return acc.alpha();
}

/** Fleiss' kappa with the units and raters it was computed over. */
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
  const acc = new ReliabilityAccumulator('nominal');
  for (const u of units) acc.addUnit(u);
  return acc.kappa();
}
