/**
 * Small real polynomials, coefficients in ascending order: c[0] + c[1]·x + c[2]·x² + …
 * Used to find where a lens distortion polynomial stops being monotonic (the edge of the field of
 * view where the model is invertible).
 */

export function evalPoly(c: readonly number[], x: number): number {
  let v = 0;
  for (let i = c.length - 1; i >= 0; i--) v = v * x + c[i];
  return v;
}

function derivative(c: readonly number[]): number[] {
  return c.slice(1).map((v, i) => v * (i + 1));
}

/** Root of a polynomial known to change sign on [lo, hi], by bisection to the last bit. */
function bisect(c: readonly number[], lo: number, hi: number): number {
  let flo = evalPoly(c, lo);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    const fm = evalPoly(c, mid);
    if (fm === 0) return mid;
    if (fm > 0 === flo > 0) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) / 2;
}

/**
 * All roots of the polynomial in (lo, hi], ascending. The roots of the derivative split the
 * interval into pieces on which the polynomial is monotonic, so each piece holds at most one root
 * and bisection finds it; recursing on the derivative makes this exact for any degree, with no
 * sampling step that could step over a pair of close roots. Roots where the polynomial touches
 * zero without changing sign may be missed: they do not break monotonicity of its integral.
 */
export function realRootsIn(c: readonly number[], lo: number, hi: number): number[] {
  let deg = c.length - 1;
  while (deg >= 0 && c[deg] === 0) deg--;
  if (deg <= 0) return [];
  const p = c.slice(0, deg + 1);
  const stops = [lo, ...realRootsIn(derivative(p), lo, hi).filter((x) => x > lo && x < hi), hi];
  const roots: number[] = [];
  for (let i = 0; i + 1 < stops.length; i++) {
    const a = stops[i];
    const b = stops[i + 1];
    const fa = evalPoly(p, a);
    const fb = evalPoly(p, b);
    if (fb === 0) roots.push(b);
    else if (fa !== 0 && fa > 0 !== fb > 0) roots.push(bisect(p, a, b));
  }
  return roots;
}

/** Smallest root in (lo, hi], or Infinity if there is none. */
export function smallestRootIn(c: readonly number[], lo: number, hi: number): number {
  const roots = realRootsIn(c, lo, hi);
  return roots.length > 0 ? roots[0] : Infinity;
}
