/**
 * Approximate percentiles of one interleaved channel through a 1,024-bin histogram: one pass,
 * no copy, no sort, so it is cheap enough to run on every frame change.
 */
export function channelPercentiles(
  points: Float32Array,
  stride: number,
  channel: number,
  fractions: readonly number[],
): number[] {
  const count = Math.floor(points.length / stride);
  if (count === 0) return fractions.map(() => 0);
  let min = Infinity;
  let max = -Infinity;
  for (let i = channel; i < points.length; i += stride) {
    const v = points[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max === min) return fractions.map(() => min);
  const bins = 1024;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  for (let i = channel; i < points.length; i += stride) hist[Math.floor((points[i] - min) * scale)]++;
  return fractions.map((f) => {
    const target = Math.min(count - 1, Math.max(0, Math.floor(f * count)));
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += hist[b];
      if (seen > target) return min + (b + 0.5) / scale;
    }
    return max;
  });
}
