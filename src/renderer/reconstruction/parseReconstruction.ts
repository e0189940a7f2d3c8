import { computeReconstructionStats, readColmapModel } from '../../core/importers/colmap';
import { ModelQueries } from './modelQueries';
import { buildReconstructionData, type ReconstructionData } from './reconstructionData';

/**
 * Parses the model once and computes everything the view shows from it once; what stays behind
 * (the model itself) answers per-point and per-image questions later. Throws the reader's
 * FormatError, which names the file and the byte or line.
 */
export function parseReconstruction(files: ReadonlyMap<string, Uint8Array>, source: string): { data: ReconstructionData; queries: ModelQueries } {
  const model = readColmapModel((name) => files.get(name), source);
  const stats = computeReconstructionStats(model);
  return { data: buildReconstructionData(model, stats), queries: new ModelQueries(model) };
}
