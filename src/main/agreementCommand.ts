import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AgreementCancelledError, computeAgreement, type AgreementOptions, type MatchMetric } from '../core/agreement';
import { parseSceneManifest } from '../core/scene/manifest';
import { agreementReportHtml } from './agreement/agreementReportHtml';
import { LABEL_FORMATS, replicasFromLabels } from './agreement/labelReplicas';
import { replicasOfScene, type Replicas } from './agreement/storeReplicas';
import { parseCommandArgs, type Writer } from './commandArgs';
import type { SourceFormat } from './convertLabelsCommandIo';
import { openWorkspaceSync } from './syncCommandShared';

export const AGREEMENT_HELP = `  cairn agreement <store> [--scene ID] [--scene-file FILE] [--workspace DIR] -o DIR [options]
  cairn agreement --labels <label set> <label set> [...] [--format F] [--calib DIR] -o DIR [options]
      Inter-annotator agreement on 3D boxes and tracks: per pair of annotators and per class,
      precision, recall, F1, IoU, centre / size / heading errors and class confusion; Krippendorff's
      alpha and Fleiss' kappa over all of them; track agreement (identity switches, fragmentation,
      MOTA, HOTA); and the consensus a quorum gives, with the objects left for review. Writes
      DIR/agreement.json and DIR/report.html (self-contained, with plots); progress on stderr.
      <store>          a shared store (folder, s3:// or http(s) URL) whose scene holds blind
                       replicas (assignment lanes); it is read into --workspace, else a fresh
                       temporary one
      --scene ID       the scene (needed when several scenes hold replicas)
      --scene-file F   the scene's scene.json: its frame order, so tracks' interpolated boxes count
      --labels         label sets made anywhere, one per annotator: KITTI label_2 folders,
                       KITTI tracking, nuScenes tables or OpenLABEL files (told apart by layout,
                       or by --format kitti|kitti-tracking|nuscenes|openlabel); frames matched by
                       the dataset's frame names (KITTI stems) or by position
      --calib DIR      KITTI calibration files (calib/<stem>.txt) for label folders without calib/
      --metric M       iou3d (default), bev or centre
      --threshold X    IoU at least X (default 0.5), or centre distance at most X metres
      --class-threshold CLASS=X   per class, repeatable (e.g. pedestrian=0.3)
      --class-aware    only boxes of one class match
      --quorum N       annotators that must agree for the consensus (default: a strict majority)
      --half-turn      headings compared modulo 180° (boxes without a front)
`;

const stamp = (): string => new Date().toISOString();

/** `cairn agreement`: returns the exit status. */
export async function runAgreement(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'agreement',
    AGREEMENT_HELP,
    args,
    {
      out: { type: 'string', short: 'o' },
      scene: { type: 'string' },
      'scene-file': { type: 'string' },
      workspace: { type: 'string' },
      labels: { type: 'boolean' },
      format: { type: 'string' },
      calib: { type: 'string' },
      metric: { type: 'string' },
      threshold: { type: 'string' },
      'class-threshold': { type: 'string', multiple: true },
      'class-aware': { type: 'boolean' },
      quorum: { type: 'string' },
      'half-turn': { type: 'boolean' },
    },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (!values.out) return usage('give the output folder with -o DIR');
  const options: { -readonly [K in keyof AgreementOptions]: AgreementOptions[K] } = {};
  if (values.metric !== undefined) {
    if (!['iou3d', 'bev', 'centre'].includes(values.metric)) return usage(`--metric ${values.metric}: expected iou3d, bev or centre`);
    options.metric = values.metric as MatchMetric;
  }
  if (values.threshold !== undefined) {
    const t = Number(values.threshold);
    if (!Number.isFinite(t) || t <= 0) return usage(`--threshold ${values.threshold}: expected a positive number`);
    options.threshold = t;
  }
  if (values['class-threshold']) {
    const thresholds: Record<string, number> = {};
    for (const item of values['class-threshold']) {
      const m = /^([^=]+)=(.+)$/.exec(item);
      const t = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(t) || t <= 0) return usage(`--class-threshold ${item}: expected CLASS=NUMBER, e.g. pedestrian=0.3`);
      thresholds[m[1]] = t;
    }
    options.classThresholds = thresholds;
  }
  if (values['class-aware']) options.classAware = true;
  if (values['half-turn']) options.yawPeriod = 'half';
  if (values.quorum !== undefined) {
    const q = Number(values.quorum);
    if (!Number.isInteger(q) || q < 1) return usage(`--quorum ${values.quorum}: expected a whole number of annotators, at least 1`);
    options.quorum = q;
  }
  if (values.format !== undefined && !(LABEL_FORMATS as readonly string[]).includes(values.format)) return usage(`--format ${values.format}: expected one of ${LABEL_FORMATS.join(', ')}`);

  let replicas: Replicas;
  let title: string;
  let sceneId: string | undefined;
  try {
    if (values.labels) {
      if (positionals.length < 2) return usage('give at least two label sets after --labels, one per annotator');
      replicas = replicasFromLabels(positionals, { format: values.format as SourceFormat | undefined, calib: values.calib }, (line) => err.write(`${line}\n`));
      title = positionals.map((p) => path.basename(path.resolve(p))).join(' · ');
    } else {
      if (positionals.length !== 1) return usage(positionals.length ? 'give one store (or label sets with --labels)' : 'give a store, or label sets with --labels');
      const frameOrder = values['scene-file'] ? sceneFrameOrder(values['scene-file']) : null;
      const loaded = await replicasFromStore(positionals[0], values.workspace, values.scene, frameOrder, err);
      if (typeof loaded === 'string') return usage(loaded);
      ({ replicas, sceneId } = loaded);
      title = positionals[0];
    }
  } catch (e) {
    err.write(`cairn agreement: ${(e as Error).message}\n`);
    return 1;
  }

  const { input, notes } = replicas;
  const boxes = input.annotators.reduce((n, a) => n + Object.values(a.frames).reduce((m, f) => m + f.length, 0), 0);
  err.write(`${stamp()} comparing ${input.annotators.length} annotators (${input.annotators.map((a) => a.annotator).join(', ')}) over ${input.frameIds.length} frames, ${boxes} boxes\n`);
  let lastTenth = -1;
  const started = Date.now();
  let result;
  try {
    result = computeAgreement(input, options, {
      onProgress: ({ done, total }) => {
        const tenth = total ? Math.floor((10 * done) / total) : 10;
        if (tenth !== lastTenth) err.write(`agreement: ${done}/${total} frames\n`);
        lastTenth = tenth;
      },
    });
  } catch (e) {
    err.write(`cairn agreement: ${e instanceof AgreementCancelledError ? 'cancelled' : (e as Error).message}\n`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const doc = { format: 'cairn-agreement', version: 1, source: title, sceneId: sceneId ?? null, notes, seconds, result };
  const dir = path.resolve(values.out);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'agreement.json'), `${JSON.stringify(doc, null, 1)}\n`);
    await writeFile(path.join(dir, 'report.html'), agreementReportHtml(result, { title, scene: sceneId, notes }));
  } catch (e) {
    err.write(`cairn agreement: ${dir}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const n of notes) err.write(`note: ${n}\n`);
  const f1s = result.pairs.map((p) => p.overall.f1).filter((x): x is number => x !== null);
  const meanF1 = f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : null;
  out.write(
    `${result.annotators.length} annotators, ${result.frames} frames: mean pairwise F1 ${meanF1 === null ? '–' : meanF1.toFixed(3)}, class alpha ${result.classes.alpha.alpha === null ? '–' : result.classes.alpha.alpha.toFixed(3)}; consensus ${result.consensus.reduce((n, f) => n + f.boxes.length, 0)} boxes, ${result.needsReview.length} to review (${seconds.toFixed(2)} s)\n`,
  );
  err.write(`wrote ${path.join(dir, 'agreement.json')}\nwrote ${path.join(dir, 'report.html')}\n`);
  return 0;
}

function sceneFrameOrder(file: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`}`);
  }
  return parseSceneManifest(json, file).frames.map((f) => f.frameId);
}

/** Pulls the store into a workspace and reads the scene's replicas; a string is a usage problem. */
async function replicasFromStore(location: string, workspaceDir: string | undefined, scene: string | undefined, frameOrder: string[] | null, err: Writer): Promise<{ replicas: Replicas; sceneId: string } | string> {
  const temp = workspaceDir ? null : mkdtempSync(path.join(os.tmpdir(), 'cairn-agreement-'));
  const opened = openWorkspaceSync(workspaceDir ?? temp!, err, true);
  try {
    const status = await opened.engine.connect(location);
    if (status.state === 'error' || status.state === 'offline' || status.state === 'no-store') throw new Error(`${location}: ${status.message}`);
    const merger = (id: string) => opened.engine.merger(id);
    const withLanes = opened.workspace.sync.scenes().filter((id) => merger(id).laneNames().length > 0);
    const sceneId = scene ?? (withLanes.length === 1 ? withLanes[0] : null);
    if (!sceneId) {
      return withLanes.length === 0 ? `${location} holds no scene with blind replicas (assignment lanes)` : `${location} holds replicas of ${withLanes.length} scenes: name one with --scene (${withLanes.join(', ')})`;
    }
    return { replicas: replicasOfScene(opened.engine, sceneId, frameOrder), sceneId };
  } finally {
    await opened.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
