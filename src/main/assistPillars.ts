import { existsSync } from 'node:fs';
import path from 'node:path';
import { parsePillarCard } from '../core/models/pillars/pillarCard';
import { pillarProposals, type PillarProposal } from '../core/models/pillars/pillarProposals';
import type { ModelProvenance } from '../core/models/provenance';
import { frameScan, importDataset, modelRunOptions, plural, writeProposals, type ProposalsDocument } from './assistCommand';
import type { Writer } from './commandArgs';
import { IMPORT_FORMATS } from './import/importFormats';
import { PILLARS, PillarRunner } from './services/models/pillarRunner';

/** A 3D detector's proposal in proposals.json: no camera, no detection; the model's class beside the ontology's. */
export interface PillarProposalEntry extends PillarProposal {
  readonly provenance: ModelProvenance;
}

/** The built worker beside the CLI, or the TypeScript one through its loader when run from source. */
function defaultPillarWorker(): string {
  const built = [path.join(__dirname, 'pillarWorker.js'), path.join(__dirname, '..', 'pillarWorker.js')].find((file) => existsSync(file));
  return built ?? path.join(__dirname, 'workers', 'pillarWorker.dev.cjs');
}

/** `cairn assist pillars`: every frame's scan through a split pillar detector; returns the exit status. */
export async function runPillarsAssist(
  root: string,
  values: { readonly pfe?: string; readonly rpn?: string; readonly card?: string; readonly output?: string; readonly score?: string },
  limit: number,
  usage: (message: string) => number,
  err: Writer,
  workerFile = defaultPillarWorker(),
): Promise<number> {
  if (!values.pfe) return usage('give the pillar feature net with --pfe <pfe.onnx>');
  if (!values.rpn) return usage('give the backbone and head with --rpn <rpn.onnx>');
  const run = await modelRunOptions(values, parsePillarCard, usage, err);
  if (typeof run === 'number') return run;
  const { card, output, score } = run;
  const fail = (message: string) => {
    err.write(`cairn assist: ${message}\n`);
    return 1;
  };
  const imported = await importDataset(root);
  if (!imported) return fail(`${root}: not a dataset folder cairn import knows (${IMPORT_FORMATS.map((f) => f.name).join(', ')})`);
  let runner: PillarRunner;
  try {
    runner = await PillarRunner.open({ pfeFile: path.resolve(values.pfe), rpnFile: path.resolve(values.rpn), card, workerFile, scoreThreshold: score });
  } catch (e) {
    return fail((e as Error).message);
  }
  const provenance: ModelProvenance = { generator: PILLARS, ...runner.provenance };
  err.write(`${card.name} (${provenance.model.sha256.slice(0, 12)}) on ${provenance.runtime.executionProviders.join(' → ')}\n`);
  const scenes: ProposalsDocument<PillarProposalEntry>['scenes'][number][] = [];
  let total = 0;
  try {
    for (const { name, manifest } of imported.scenes) {
      const frames = [];
      const todo = manifest.frames.slice(0, limit);
      for (const [k, frame] of todo.entries()) {
        const scan = await frameScan(root, name, manifest, frame, err);
        if (!scan) continue;
        const { lidar, cloud } = scan;
        const result = await runner.detect(cloud.points, 4);
        const proposals = pillarProposals(result.detections, card, lidar.sensorId, cloud.points, 4).map((p) => ({ ...p, provenance }));
        const ms = Object.values(result.stageMs).reduce((a, b) => a + b, 0);
        err.write(`${name} frame ${k + 1}/${todo.length}: ${cloud.count} points in ${plural(result.pillars, 'pillar')} → ${plural(result.detections.length, 'box', 'boxes')} → ${plural(proposals.length, 'proposal')} (${ms.toFixed(0)} ms)\n`);
        total += proposals.length;
        frames.push({ frameIndex: frame.index, sourceId: frame.sourceId ?? null, lidar: lidar.sensorId, proposals, skipped: [] });
      }
      scenes.push({ scene: name, frames });
    }
  } catch (e) {
    return fail((e as Error).message);
  } finally {
    await runner.close();
  }
  const doc: ProposalsDocument<PillarProposalEntry> = { format: 'cairn-proposals', version: 1, generator: PILLARS, dataset: root, datasetFormat: imported.format, scenes };
  return writeProposals(doc, output, total, err);
}
