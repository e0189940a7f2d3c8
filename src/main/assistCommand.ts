import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cameraModelFromIntrinsics } from '../core/camera';
import { CLUSTER_BOXES, clusterBoxes, type ClusterBox } from '../core/models/classical/clusterBoxes';
import { clusterBoxesParameters, clusterBoxesProvenance, settingsText } from '../core/models/classical/clusterBoxesProvenance';
import type { Detection2D } from '../core/models/detection';
import type { LiftSkip } from '../core/models/lift';
import { parseModelCard } from '../core/models/modelCard';
import type { ModelProvenance } from '../core/models/provenance';
import { frameCameraCaptures } from '../core/scene/captureCalibration';
import { decodeFrameCloud } from '../core/scene/frameCloud';
import { parseSceneManifest, type SceneManifest } from '../core/scene/manifest';
import { appRoot, resourcesDir } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { IMPORT_FORMATS } from './import/importFormats';
import { decodeImage } from './services/models/decodeImage';
import { classSizesOf, DETECT2D_LIFT, detectAndLiftFrame, type ProposalWithProvenance } from './services/models/detectAndLift';
import { DetectorRunner } from './services/models/detectorRunner';
import { PILLARS } from './services/models/pillarRunner';
import { loadOntology } from './services/ontology/ontologyService';
import { PILLARS_HELP } from './assistPillarsHelp';

export const ASSIST_HELP = `  cairn assist detect2d-lift --model <file.onnx> --card <card.json> <dataset dir> -o <dir> [--score S] [--limit N]
      Pre-label a dataset on this machine: a 2D detector (an ONNX file and its model card, see
      docs/models.md and resources/models/) on every camera image of every frame, each detection
      lifted into the frame's LiDAR scan as a 3D box of the class the card maps it to. Writes
      <dir>/proposals.json: per frame the proposals (box in the LiDAR frame, class, score, the
      detection it came from) and what was skipped and why, every proposal with its provenance
      (model name, version and sha256, thresholds, lift settings, runtime, time). The dataset is
      any folder cairn import reads (KITTI object or tracking, nuScenes). Progress on stderr.
      Exit status 0 on success, 1 when a file cannot be read or the model cannot run, 2 on usage errors.
      --score S   keep detections scoring at least S (default: the card's threshold)
      --limit N   only the first N frames of each scene
  cairn assist cluster-boxes <dataset dir> -o <dir> [--min-points N] [--limit N]
      Pre-label without a model: in every frame's LiDAR scan the ground is removed (a surface fitted
      patch by patch), the rest clustered, and every cluster of a road user's size boxed, completed
      to the ontology class its size suggests. Writes <dir>/proposals.json as above (no detections,
      no camera), every proposal with its provenance (generator, version, settings and their
      sha256, time). Progress on stderr. Exit status as above.
      --min-points N   clusters with fewer points make no box (default 8)
      --limit N        only the first N frames of each scene
${PILLARS_HELP}`;

export const ASSIST_GENERATORS = [DETECT2D_LIFT, CLUSTER_BOXES, PILLARS] as const;

/** proposals.json; a classical generator's entries are ClusterProposalEntry. */
export interface ProposalsDocument<P = ProposalEntry> {
  readonly format: 'cairn-proposals';
  readonly version: 1;
  readonly generator: string;
  readonly dataset: string;
  readonly datasetFormat: string;
  readonly scenes: readonly {
    readonly scene: string;
    readonly frames: readonly FrameProposals<P>[];
  }[];
}

interface FrameProposals<P = ProposalEntry> {
  readonly frameIndex: number;
  readonly sourceId: string | null;
  /** The scan's sensor: every box is stated in its frame. */
  readonly lidar: string;
  readonly proposals: readonly P[];
  readonly skipped: readonly { readonly sensorId: string; readonly detection: Detection2D; readonly reason: LiftSkip['reason'] }[];
}

interface ProposalEntry {
  readonly classId: string;
  readonly score: number;
  readonly cuboid: ProposalWithProvenance['cuboid'];
  readonly sensorId: string;
  readonly detection: Detection2D;
  readonly pointCount: number;
  readonly fit: ProposalWithProvenance['fit'];
  readonly provenance: ModelProvenance;
}

/** A cluster-boxes proposal: no camera, no detection; the class (null without one) and score from the box's size. */
export interface ClusterProposalEntry {
  readonly classId: string | null;
  readonly score: number | null;
  readonly cuboid: ClusterBox['cuboid'];
  readonly pointCount: number;
  readonly fit: ClusterBox['fit'];
  readonly provenance: ModelProvenance;
}

/**
 * The built worker beside the CLI (this module may sit in out/main/chunks, loaded when the command
 * runs), or the TypeScript one through its loader when run from source (tests, tsx).
 */
function defaultModelWorker(): string {
  const built = [path.join(__dirname, 'modelWorker.js'), path.join(__dirname, '..', 'modelWorker.js')].find((file) => existsSync(file));
  return built ?? path.join(__dirname, 'workers', 'modelWorker.dev.cjs');
}

/** `cairn assist`: returns the exit status. */
export async function runAssist(args: string[], _out: Writer = process.stdout, err: Writer = process.stderr, workerFile = defaultModelWorker()): Promise<number> {
  const parsed = parseCommandArgs(
    'assist',
    ASSIST_HELP,
    args,
    { model: { type: 'string' }, pfe: { type: 'string' }, rpn: { type: 'string' }, card: { type: 'string' }, output: { type: 'string', short: 'o' }, score: { type: 'string' }, limit: { type: 'string' }, 'min-points': { type: 'string' } },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  const [generator, dataset, ...extra] = positionals;
  if (!generator) return usage(`name a generator: ${ASSIST_GENERATORS.join(', ')}`);
  if (!(ASSIST_GENERATORS as readonly string[]).includes(generator)) return usage(`unknown generator "${generator}"; there is ${ASSIST_GENERATORS.join(', ')}`);
  if (!dataset || extra.length) return usage('give exactly one dataset folder');
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(Number.isInteger(limit) || limit === Infinity) || limit < 1) return usage(`--limit takes a whole number of frames, got "${values.limit}"`);
  if (generator === PILLARS) return (await import('./assistPillars')).runPillarsAssist(path.resolve(dataset), values, limit, usage, err);
  if (generator === CLUSTER_BOXES) {
    if (!values.output) return usage('give the output folder with -o <dir>');
    const minPoints = values['min-points'] === undefined ? undefined : Number(values['min-points']);
    if (minPoints !== undefined && !(Number.isInteger(minPoints) && minPoints >= 1)) return usage(`--min-points takes a whole number, got "${values['min-points']}"`);
    return runClusterBoxes(path.resolve(dataset), values.output, limit, minPoints, err);
  }
  if (!values.model) return usage('give the ONNX file with --model <file.onnx>');
  const run = await modelRunOptions(values, parseModelCard, usage, err);
  if (typeof run === 'number') return run;
  const { card, score } = run;

  const fail = (message: string) => {
    err.write(`cairn assist: ${message}\n`);
    return 1;
  };
  const root = path.resolve(dataset);
  const imported = await importDataset(root);
  if (!imported) return fail(`${root}: not a dataset folder cairn import knows (${IMPORT_FORMATS.map((f) => f.name).join(', ')})`);
  const classSizes = classSizesOf(loadOntology(path.join(resourcesDir(appRoot(__dirname)), 'ontology', 'default.json')));

  let runner: DetectorRunner;
  try {
    runner = await DetectorRunner.open({ modelFile: path.resolve(values.model), card, workerFile, scoreThreshold: score });
  } catch (e) {
    return fail((e as Error).message);
  }
  err.write(`${card.name} (${runner.provenance.model.sha256.slice(0, 12)}) on ${runner.provenance.runtime.executionProviders.join(' → ')}\n`);
  const scenes: ProposalsDocument['scenes'][number][] = [];
  let total = 0;
  try {
    for (const { name, manifest } of imported.scenes) {
      const frames: FrameProposals[] = [];
      const todo = manifest.frames.slice(0, limit);
      for (const [k, frame] of todo.entries()) {
        const scan = await frameScan(root, name, manifest, frame, err);
        if (!scan) continue;
        const { lidar, cloud } = scan;
        const cameras = await Promise.all(
          frameCameraCaptures(manifest, frame, lidar.sensorId).map(async (c) => ({
            sensorId: c.sensorId,
            image: decodeImage(new Uint8Array(await readFile(path.join(root, c.path))), path.join(root, c.path)),
            model: cameraModelFromIntrinsics(c.intrinsics),
            cameraFromLidar: c.cameraFromLidar,
          })),
        );
        const result = await detectAndLiftFrame(runner, card, cameras, cloud.points, 4, { lidarFrame: lidar.sensorId, classSizes });
        const detected = Object.values(result.detections).reduce((n, d) => n + d.length, 0);
        const ms = Object.values(result.detectMs).reduce((a, b) => a + b, 0);
        err.write(`${name} frame ${k + 1}/${todo.length}: ${plural(detected, 'detection')} in ${plural(cameras.length, 'camera')} → ${plural(result.proposals.length, 'proposal')} (detect ${ms.toFixed(0)} ms, lift ${result.liftMs.toFixed(0)} ms)\n`);
        total += result.proposals.length;
        frames.push({
          frameIndex: frame.index,
          sourceId: frame.sourceId ?? null,
          lidar: lidar.sensorId,
          proposals: result.proposals.map((p) => ({ classId: p.classId, score: p.score, cuboid: p.cuboid, sensorId: p.sensorId, detection: p.detection, pointCount: p.pointCount, fit: p.fit, provenance: p.provenance })),
          skipped: result.skipped,
        });
      }
      scenes.push({ scene: name, frames });
    }
  } catch (e) {
    return fail((e as Error).message);
  } finally {
    await runner.close();
  }
  const doc: ProposalsDocument = { format: 'cairn-proposals', version: 1, generator, dataset: root, datasetFormat: imported.format, scenes };
  return writeProposals(doc, run.output, total, err);
}

/**
 * What every model generator takes besides its files: the card (read and checked by `parse`), the
 * output folder and --score; or the exit status, the mistake said on stderr.
 */
export async function modelRunOptions<T>(
  values: { readonly card?: string; readonly output?: string; readonly score?: string },
  parse: (value: unknown, source: string) => T,
  usage: (message: string) => number,
  err: Writer,
): Promise<{ card: T; output: string; score: number | undefined } | number> {
  if (!values.card) return usage('give its model card with --card <card.json>');
  if (!values.output) return usage('give the output folder with -o <dir>');
  const score = values.score === undefined ? undefined : Number(values.score);
  if (score !== undefined && !(score >= 0 && score <= 1)) return usage(`--score takes a number from 0 to 1, got "${values.score}"`);
  try {
    return { card: parse(JSON.parse(await readFile(values.card, 'utf8')), values.card), output: values.output, score };
  } catch (e) {
    err.write(`cairn assist: ${e instanceof SyntaxError ? `${values.card}: not JSON (${e.message})` : (e as Error).message}\n`);
    return 1;
  }
}

export async function writeProposals(doc: ProposalsDocument<unknown>, output: string, total: number, err: Writer): Promise<number> {
  const file = path.join(output, 'proposals.json');
  try {
    await mkdir(output, { recursive: true });
    await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (e) {
    err.write(`cairn assist: ${output}: ${(e as Error).message}\n`);
    return 1;
  }
  err.write(`${plural(total, 'proposal')} → ${file}\n`);
  return 0;
}

/** `cairn assist cluster-boxes`: every frame's scan through the classical generator, no model. */
async function runClusterBoxes(root: string, output: string, limit: number, minPoints: number | undefined, err: Writer): Promise<number> {
  const imported = await importDataset(root);
  if (!imported) {
    err.write(`cairn assist: ${root}: not a dataset folder cairn import knows (${IMPORT_FORMATS.map((f) => f.name).join(', ')})\n`);
    return 1;
  }
  const app = appRoot(__dirname);
  const sizes = classSizesOf(loadOntology(path.join(resourcesDir(app), 'ontology', 'default.json')));
  const classes = Object.entries(sizes).map(([classId, size]) => ({ classId, size }));
  const settings = { classes, minPoints };
  const parameters = clusterBoxesParameters(settings);
  const provenance = clusterBoxesProvenance(settings, {
    sha256: createHash('sha256').update(settingsText(parameters)).digest('hex'),
    runtimeVersion: (JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as { version: string }).version,
    at: new Date().toISOString(),
  });
  const scenes: ProposalsDocument<ClusterProposalEntry>['scenes'][number][] = [];
  let total = 0;
  try {
    for (const { name, manifest } of imported.scenes) {
      const frames: FrameProposals<ClusterProposalEntry>[] = [];
      const todo = manifest.frames.slice(0, limit);
      for (const [k, frame] of todo.entries()) {
        const scan = await frameScan(root, name, manifest, frame, err);
        if (!scan) continue;
        const { lidar, cloud } = scan;
        const started = performance.now();
        const result = clusterBoxes(cloud.points, 4, { frame: lidar.sensorId, ...settings });
        const ms = performance.now() - started;
        err.write(`${name} frame ${k + 1}/${todo.length}: ${cloud.count} points, ${result.objectPoints} above the ground → ${plural(result.boxes.length, 'proposal')} (${ms.toFixed(0)} ms)\n`);
        total += result.boxes.length;
        frames.push({
          frameIndex: frame.index,
          sourceId: frame.sourceId ?? null,
          lidar: lidar.sensorId,
          proposals: result.boxes.map((b) => ({ classId: b.classId, score: b.score, cuboid: b.cuboid, pointCount: b.pointCount, fit: b.fit, provenance })),
          skipped: [],
        });
      }
      scenes.push({ scene: name, frames });
    }
  } catch (e) {
    err.write(`cairn assist: ${(e as Error).message}\n`);
    return 1;
  }
  const doc: ProposalsDocument<ClusterProposalEntry> = { format: 'cairn-proposals', version: 1, generator: CLUSTER_BOXES, dataset: root, datasetFormat: imported.format, scenes };
  return writeProposals(doc, output, total, err);
}

/** The frame's LiDAR sensor and its decoded scan; null, said on stderr, when the frame has none. */
export async function frameScan(root: string, scene: string, manifest: SceneManifest, frame: SceneManifest['frames'][number], err: Writer) {
  const lidar = manifest.sensors.find((s) => s.kind === 'lidar' && frame.pointClouds[s.sensorId]);
  if (!lidar) {
    err.write(`${scene} frame ${frame.index}: no LiDAR scan, skipped\n`);
    return null;
  }
  const ref = frame.pointClouds[lidar.sensorId];
  return { lidar, cloud: await decodeFrameCloud(new Uint8Array(await readFile(path.join(root, ref.path))), ref) };
}

export const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** The first importer that finds scenes in the folder, as `cairn import` tries them. */
export async function importDataset(root: string): Promise<{ format: string; scenes: { name: string; manifest: SceneManifest }[] } | null> {
  for (const format of IMPORT_FORMATS) {
    try {
      const result = await format.run(root);
      if (result.scenes.length === 0) continue;
      return { format: format.name, scenes: result.scenes.map((s) => ({ name: s.name, manifest: parseSceneManifest(s.manifest, `${root} (${s.name})`) })) };
    } catch {
      continue; // not this layout
    }
  }
  return null;
}
