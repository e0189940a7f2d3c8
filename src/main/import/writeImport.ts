import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetImport, ImportReport } from '../../core/importers/importReport';
import type { DatasetManifest } from '../../core/scene/manifest';

export interface WrittenImport {
  readonly datasetManifest: string;
  readonly sceneManifests: string[];
  readonly report: string;
}

/**
 * Writes `dataset.json`, `<scene>/scene.json` per scene and `import-report.json` into `outDir`.
 * Each scene manifest names the input folder as its dataRoot, so its relative paths resolve to
 * the dataset where it lies; nothing is copied.
 */
export async function writeImport(result: DatasetImport, dataRoot: string, outDir: string): Promise<WrittenImport> {
  await fs.mkdir(outDir, { recursive: true });
  const sceneManifests: string[] = [];
  for (const scene of result.scenes) {
    const file = path.join(outDir, scene.name, 'scene.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    // A format that extracts data (robotics logs) names its own dataRoot: the scene's folder; one read in place names its log instead.
    const root = scene.manifest.log ? {} : { dataRoot: scene.manifest.dataRoot ?? dataRoot };
    await fs.writeFile(file, `${JSON.stringify({ ...scene.manifest, ...root }, null, 1)}\n`);
    sceneManifests.push(file);
  }
  const reportFile = path.join(outDir, 'import-report.json');
  await fs.writeFile(reportFile, `${JSON.stringify(result.report, null, 2)}\n`);
  const datasetManifest = path.join(outDir, 'dataset.json');
  if (result.scenes.length > 0) {
    const dataset: DatasetManifest = {
      format: 'cairn.dataset',
      version: 1,
      name: result.name,
      scenes: result.scenes.map((s) => ({ name: String(s.manifest.name), manifest: `${s.name}/scene.json` })),
    };
    await fs.writeFile(datasetManifest, `${JSON.stringify(dataset, null, 2)}\n`);
  }
  return { datasetManifest, sceneManifests, report: reportFile };
}

/** A few lines for a person: what was imported and what went wrong, most severe first. */
export function summarizeImport(report: ImportReport, outDir: string): string {
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  // A reconstruction has no frames or boxes to count; its figures are in `cairn report`.
  const reconstructions = report.frames === 0 && report.groundTruth === 0 && report.scenes.length > 0;
  const lines = reconstructions
    ? [`${count(report.scenes.length, 'reconstruction')} → ${outDir}`, ...report.scenes.slice(0, 10).map((s) => `  ${s.name}`)]
    : [
        `${count(report.scenes.length, 'scene')}, ${count(report.frames, 'frame')}, ${count(report.groundTruth, 'ground-truth box', 'ground-truth boxes')} → ${outDir}`,
        ...report.scenes.slice(0, 10).map((s) => `  ${s.name}: ${count(s.frames, 'frame')}, ${count(s.groundTruth, 'box', 'boxes')}`),
      ];
  if (report.scenes.length > 10) lines.push(`  … and ${report.scenes.length - 10} more scenes`);
  const omitted = report.problemsOmitted ? ` (+${report.problemsOmitted} not listed)` : '';
  if (errors.length || warnings.length) lines.push(`${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}${omitted}; see import-report.json`);
  for (const p of [...errors, ...warnings].slice(0, 8)) lines.push(`  ${p.severity}: ${p.file}: ${p.problem}`);
  for (const n of report.notConverted) lines.push(`not converted: ${n.count} × ${n.what} (${n.why})`);
  return `${lines.join('\n')}\n`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
