import { useMemo } from 'react';
import { barChart, type BarChartLayout } from '../../core/importers/colmap';
import type { ReconstructionData } from './reconstructionData';
import { formatCount } from '../ui/format';

/** Narrower than report.html's bars, so both histograms fit the side panel at a readable size. */
const TRACK_LAYOUT: BarChartLayout = { barWidth: 32, gap: 3, plotHeight: 80 };
const ERROR_LAYOUT: BarChartLayout = { barWidth: 46, gap: 4, plotHeight: 80 };

const int = formatCount;
const px = (v: number) => (Number.isFinite(v) ? `${v.toFixed(3)} px` : '—');

/** The model's figures and its two histograms, the same bins as `cairn report`. */
export function SummaryPanel({ data }: { data: ReconstructionData }) {
  const s = data.summary;
  const models = Object.entries(s.cameraModels)
    .map(([m, n]) => `${n} ${m}`)
    .join(', ');
  // barChart escapes every label it writes, so its SVG is safe to insert as markup.
  const charts = useMemo(
    () => ({
      track: barChart(data.histograms.trackLength, 'Track length (images per point)', true, TRACK_LAYOUT),
      error: barChart(data.histograms.reprojectionError, 'Mean reprojection error per point (px)', false, ERROR_LAYOUT),
    }),
    [data],
  );
  return (
    <section className="recon-summary panel" data-testid="recon-summary">
      <h2>Summary</h2>
      <dl className="facts">
        <dt>Cameras</dt>
        <dd data-testid="recon-cameras">
          {int(s.cameras)} <span className="hint">({models})</span>
        </dd>
        <dt>Images</dt>
        <dd data-testid="recon-images">
          {int(s.images)}
          {s.registeredImages !== s.images ? ` (${int(s.registeredImages)} registered)` : ''}
        </dd>
        <dt>Points</dt>
        <dd data-testid="recon-point-count">{int(s.points3D)}</dd>
        <dt>Observations</dt>
        <dd>{int(s.observations)}</dd>
        <dt>Mean track length</dt>
        <dd data-testid="recon-track-length">{Number.isFinite(s.meanTrackLength) ? s.meanTrackLength.toFixed(2) : '—'}</dd>
        <dt>Mean reprojection error</dt>
        <dd data-testid="recon-mean-error">{px(s.meanReprojectionError)}</dd>
        <dt title="The per-point errors COLMAP wrote into points3D; an undistorted (dense) model keeps those of the original images">Stored by COLMAP</dt>
        <dd data-testid="recon-stored-error">{px(s.meanStoredError)}</dd>
        {s.unprojectableObservations > 0 && (
          <>
            <dt>Behind their camera</dt>
            <dd>{int(s.unprojectableObservations)} observations</dd>
          </>
        )}
      </dl>
      <div className="recon-histograms" dangerouslySetInnerHTML={{ __html: charts.track + charts.error }} />
      {data.warnings.length > 0 && (
        <details className="recon-warnings" data-testid="recon-warnings">
          <summary>{data.warnings.length} warnings</summary>
          <ul>
            {data.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
