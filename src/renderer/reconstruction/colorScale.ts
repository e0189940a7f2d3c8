export type ColorBy = 'error' | 'track';

export interface ColorScale {
  readonly min: number;
  readonly max: number;
  /** Values beyond `max` exist and are drawn in the top colour. */
  readonly clipped: boolean;
  readonly unit: string;
}

/**
 * Turbo (Mikhailov, 2019) as the same polynomial the point shaders use (turboGlsl.ts), so the
 * reconstruction's legend and colours read like every other ramp in Cairn.
 */
export function turbo(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x2 * x2;
  const x5 = x4 * x;
  const r = 0.13572138 + 4.6153926 * x - 42.66032258 * x2 + 132.13108234 * x3 - 152.94239396 * x4 + 59.28637943 * x5;
  const g = 0.09140261 + 2.19418839 * x + 4.84296658 * x2 - 14.18503333 * x3 + 4.27729857 * x4 + 2.82956604 * x5;
  const b = 0.1066733 + 12.64194608 * x - 60.58204836 * x2 + 110.36276771 * x3 - 89.90310912 * x4 + 27.34824973 * x5;
  return [Math.min(1, Math.max(0, r)), Math.min(1, Math.max(0, g)), Math.min(1, Math.max(0, b))];
}

/** The 98th percentile: one badly triangulated point must not squeeze every other into one colour. */
const TOP_PERCENTILE = 0.98;

/**
 * The range the colours span. Errors start at 0 px (a perfect fit); track lengths at the shortest
 * track. The top is the 98th percentile, and never less than a step above the bottom.
 */
export function colorScale(values: ArrayLike<number>, by: ColorBy): ColorScale {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  finite.sort((a, b) => a - b);
  const unit = by === 'error' ? 'px' : 'images';
  if (finite.length === 0) return { min: 0, max: 1, clipped: false, unit };
  const min = by === 'error' ? 0 : finite[0];
  const top = finite[Math.min(finite.length - 1, Math.floor(finite.length * TOP_PERCENTILE))];
  const max = Math.max(top, min + (by === 'error' ? 0.1 : 1));
  return { min, max, clipped: finite[finite.length - 1] > max, unit };
}

/** Grey for points with no value (no observation projects), distinct from every turbo colour. */
export const NO_VALUE_COLOR: [number, number, number] = [0.45, 0.45, 0.45];

/** RGB (0–1) per value into `out`, three floats per value. */
export function colorize(values: ArrayLike<number>, scale: ColorScale, out: Float32Array): Float32Array {
  const span = scale.max - scale.min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const c = Number.isFinite(v) ? turbo((v - scale.min) / span) : NO_VALUE_COLOR;
    out[3 * i] = c[0];
    out[3 * i + 1] = c[1];
    out[3 * i + 2] = c[2];
  }
  return out;
}

/** A CSS gradient of the ramp, for the legend. */
export function turboGradientCss(steps = 8): string {
  const stops = Array.from({ length: steps + 1 }, (_, i) => {
    const [r, g, b] = turbo(i / steps);
    return `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)}) ${((100 * i) / steps).toFixed(0)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
