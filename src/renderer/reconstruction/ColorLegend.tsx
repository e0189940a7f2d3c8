import { turboGradientCss, type ColorBy, type ColorScale } from './colorScale';

const format = (v: number, by: ColorBy) => (by === 'error' ? `${v.toFixed(2)} px` : `${Math.round(v)}`);

/** The ramp with its two ends; the top end says when larger values are drawn in its colour. */
export function ColorLegend({ scale, by }: { scale: ColorScale; by: ColorBy }) {
  return (
    <div className="recon-legend" data-testid="recon-legend" data-min={scale.min} data-max={scale.max}>
      <span data-testid="recon-legend-min">{format(scale.min, by)}</span>
      <span className="ramp" style={{ background: turboGradientCss() }} />
      <span data-testid="recon-legend-max">
        {scale.clipped ? '≥ ' : ''}
        {format(scale.max, by)}
        {by === 'track' ? ' images' : ''}
      </span>
    </div>
  );
}
