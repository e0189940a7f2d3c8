import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { parseCommandArgs } from './commandArgs';
import path from 'node:path';
import {
  COLMAP_MODEL_FILE_NAMES,
  computeReconstructionStats,
  readColmapModel,
  type ColmapModel,
  type Histogram,
  type ReconstructionStats,
  type ReconstructionSummary,
} from '../core/importers/colmap';
import { reportHtml } from './reportCommandHtml';

export const REPORT_HELP = `  cairn report <sparse model dir> -o <dir>
      Summarise a COLMAP sparse model (cameras, images, points3D as .bin or .txt, with the rigs
      and frames of COLMAP 3.12+): cameras, images, points, track lengths and reprojection errors
      recomputed from the model. Writes <dir>/summary.json and <dir>/report.html (one
      self-contained page with tables and histograms). Exit status 0 on success, 1 when the
      model cannot be read, 2 on usage errors.
`;

/** summary.json. Keys are written in this order, so reports of two models diff line by line. */
export interface ReportDocument {
  readonly format: 'cairn-colmap-report';
  readonly version: 1;
  readonly source: string;
  readonly modelFormat: ColmapModel['format'];
  readonly layout: 'legacy' | 'rigs';
  readonly summary: ReconstructionSummary;
  readonly warnings: readonly string[];
  readonly histograms: { readonly trackLength: Histogram; readonly reprojectionError: Histogram };
  readonly images: readonly ReportImage[];
}

export interface ReportImage {
  readonly imageId: number;
  readonly name: string;
  readonly cameraId: number;
  readonly cameraModel: string;
  readonly registered: boolean;
  readonly points2D: number;
  readonly triangulated: number;
  /** Null (NaN in core) when the image observes no point. */
  readonly meanError: number | null;
}

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

export function reportDocument(model: ColmapModel, stats: ReconstructionStats, source: string): ReportDocument {
  const s = stats.summary;
  return {
    format: 'cairn-colmap-report',
    version: 1,
    source,
    modelFormat: model.format,
    layout: model.hasRigs ? 'rigs' : 'legacy',
    // Spelled out rather than spread, so the key order is this file's and not core's.
    summary: {
      cameras: s.cameras,
      cameraModels: s.cameraModels,
      images: s.images,
      registeredImages: s.registeredImages,
      points3D: s.points3D,
      points2D: s.points2D,
      observations: s.observations,
      meanTrackLength: s.meanTrackLength,
      meanObservationsPerImage: s.meanObservationsPerImage,
      meanReprojectionError: s.meanReprojectionError,
      meanStoredError: s.meanStoredError,
      unprojectableObservations: s.unprojectableObservations,
    },
    warnings: model.warnings,
    histograms: stats.histograms,
    images: stats.images.map((im) => ({
      imageId: im.imageId,
      name: im.name,
      cameraId: im.cameraId,
      cameraModel: model.cameras.get(im.cameraId)!.model,
      registered: im.registered,
      points2D: im.points2D,
      triangulated: im.triangulated,
      meanError: finite(im.meanError),
    })),
  };
}

/** Reads the model files the folder has, each whole (COLMAP models are read whole by COLMAP too). */
async function readModelFiles(dir: string): Promise<Map<string, Uint8Array>> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${dir}: no such folder`);
  const files = new Map<string, Uint8Array>();
  for (const name of COLMAP_MODEL_FILE_NAMES) {
    const file = path.join(dir, name);
    try {
      const b = await readFile(file);
      files.set(name, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${(e as Error).message}`);
    }
  }
  return files;
}

/** `cairn report`: returns the exit status. */
export async function runReport(args: string[], err: { write(chunk: string): unknown } = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('report', REPORT_HELP, args, { output: { type: 'string', short: 'o' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('give exactly one sparse model folder');
  if (!values.output) return usage('give the output folder with -o <dir>');

  const dir = positionals[0];
  const outDir = path.resolve(values.output);
  try {
    const files = await readModelFiles(dir);
    const model = readColmapModel((name) => files.get(name), dir);
    const stats = computeReconstructionStats(model);
    const doc = reportDocument(model, stats, dir);
    // Everything is computed before anything is written: a bad model leaves the output folder alone.
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    const html = reportHtml(doc);
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'summary.json'), json);
    await writeFile(path.join(outDir, 'report.html'), html);
    const s = stats.summary;
    const error = Number.isFinite(s.meanReprojectionError) ? `${s.meanReprojectionError.toFixed(3)} px` : 'n/a';
    err.write(`${s.images} images, ${s.points3D.toLocaleString('en-US')} points, mean track length ${s.meanTrackLength.toFixed(2)}, mean reprojection error ${error} → ${outDir}\n`);
    for (const w of model.warnings) err.write(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn report: ${(e as Error).message}\n`);
    return 1;
  }
}
