/**
 * Heading arithmetic. 'full': a heading is an angle modulo 2π (a car's front matters). 'half':
 * modulo π, for boxes whose front and back are not told apart (a pallet, a barrier).
 */
export type YawPeriod = 'full' | 'half';

const TWO_PI = 2 * Math.PI;

/** The angle wrapped to (−π, π]. */
export function wrapAngle(a: number): number {
  let w = a % TWO_PI;
  if (w > Math.PI) w -= TWO_PI;
  else if (w <= -Math.PI) w += TWO_PI;
  return w;
}

/** The unsigned smallest difference of two headings: in [0, π] ('full') or [0, π/2] ('half'). */
export function yawDifference(a: number, b: number, period: YawPeriod = 'full'): number {
  const d = Math.abs(wrapAngle(a - b));
  return period === 'half' ? Math.min(d, Math.PI - d) : d;
}

/**
 * The circular mean of headings, in (−π, π]: the direction of the sum of unit vectors, so 179° and
 * −179° average to 180°, not 0°. 'half' averages the doubled angles and halves the result, so a
 * box turned a half turn counts as the same heading. NaN when the directions cancel out exactly.
 */
export function circularMean(yaws: readonly number[], period: YawPeriod = 'full'): number {
  const k = period === 'half' ? 2 : 1;
  let s = 0;
  let c = 0;
  for (const y of yaws) {
    s += Math.sin(k * y);
    c += Math.cos(k * y);
  }
  if (yaws.length === 0 || Math.sqrt(s * s + c * c) < 1e-12 * yaws.length) return Number.NaN;
  return wrapAngle(Math.atan2(s, c) / k);
}
