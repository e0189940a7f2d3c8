import { barChart, escapeHtml as esc } from '../core/importers/colmap/histogramChart';
import type { ReportDocument } from './reportCommand';

/**
 * report.html: one self-contained file (inline CSS and SVG, no scripts, fonts or links), so it
 * can be mailed, attached to a ticket or opened offline exactly as written.
 */
export function reportHtml(doc: ReportDocument): string {
  const s = doc.summary;
  const models = Object.entries(s.cameraModels).map(([m, n]) => `${int(n)} ${m}`).join(', ');
  const rows: [string, string][] = [
    ['Cameras', `${int(s.cameras)}${models ? ` (${esc(models)})` : ''}`],
    ['Images', int(s.images)],
    ['Registered images', int(s.registeredImages)],
    ['3D points', int(s.points3D)],
    ['Keypoints (2D points)', int(s.points2D)],
    ['Observations (track elements)', int(s.observations)],
    ['Mean track length', fixed(s.meanTrackLength, 2)],
    ['Mean observations per image', fixed(s.meanObservationsPerImage, 1)],
    ['Mean reprojection error, recomputed', px(s.meanReprojectionError)],
    ['Mean reprojection error, stored by COLMAP', px(s.meanStoredError)],
    ['Observations behind their camera', int(s.unprojectableObservations)],
  ];
  const images = doc.images
    .map(
      (im) =>
        `<tr><td class="n">${im.imageId}</td><td>${esc(im.name)}</td><td class="n">${im.cameraId}</td><td>${esc(im.cameraModel)}</td>` +
        `<td>${im.registered ? 'yes' : 'no'}</td><td class="n">${int(im.points2D)}</td><td class="n">${int(im.triangulated)}</td><td class="n">${fixed(im.meanError, 3)}</td></tr>`,
    )
    .join('\n');
  const warnings = doc.warnings.length ? `<h2>Warnings</h2>\n<ul>${doc.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>\n` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>COLMAP model report: ${esc(doc.source)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f3f3f3; }
figure { display: inline-block; margin: 0 2em 1em 0; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
svg rect.bar { fill: #4a7ab5; }
</style>
</head>
<body>
<h1>COLMAP model report</h1>
<p>${esc(doc.source)}: ${doc.modelFormat} model${doc.layout === 'rigs' ? ' with rigs and frames (COLMAP ≥ 3.12)' : ''}.
Errors are in pixels of the model's images; a point's error is the mean over its observations.</p>
<h2>Summary</h2>
<table>
${rows.map(([k, v]) => `<tr><th>${k}</th><td class="n">${v}</td></tr>`).join('\n')}
</table>
${warnings}<h2>Histograms</h2>
${barChart(doc.histograms.trackLength, 'Track length (images per point)', true)}
${barChart(doc.histograms.reprojectionError, 'Mean reprojection error per point (px)', false)}
<h2>Images</h2>
<table>
<tr><th>Id</th><th>Name</th><th>Camera</th><th>Model</th><th>Registered</th><th>Keypoints</th><th>Triangulated</th><th>Mean error (px)</th></tr>
${images}
</table>
</body>
</html>
`;
}

const int = (n: number) => n.toLocaleString('en-US');
const fixed = (n: number | null, digits: number) => (n === null || !Number.isFinite(n) ? '—' : n.toFixed(digits));
const px = (n: number | null) => (n === null || !Number.isFinite(n) ? '—' : `${n.toFixed(3)} px`);
