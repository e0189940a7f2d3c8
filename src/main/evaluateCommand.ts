import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MatchMetric } from '../core/agreement/matching';
import { EvaluationAccumulator, suspectQueue, type EvaluationOptions, type FrameEvaluation } from '../core/evaluation';
import { parseCommandArgs, type Writer } from './commandArgs';
import { evaluationReportHtml } from './evaluation/evaluationReportHtml';
import { guessFormat, loadEvaluationInputs, PREDICTION_FORMATS, type PredictionFormat } from './evaluation/evaluationInputs';

export const EVALUATE_HELP = `  cairn evaluate <predictions> --against <ground truth> [--format kitti|nuscenes|openlabel] -o DIR [options]
      A model's predictions against ground truth: per frame TP / FP / FN with localisation errors
      and an error score to sort by; per class precision / recall curves and AP|R40 at BEV and 3D
      IoU, nuScenes-style centre-distance AP and translation / scale / orientation errors; and
      the suspect labels (a confident prediction without a label, of another class or shifted;
      a label without LiDAR points). Writes DIR/evaluation.json (see docs/evaluation.md) and
      DIR/report.html (self-contained, with plots); progress on stderr.
      <predictions>    KITTI results (a folder of <frame>.txt, label_2 lines with a score as
                       the 16th field, or its data/ folder), a nuScenes detection-results JSON,
                       or an OpenLABEL file whose cuboids carry a score attribute
      --against P      the ground truth: a KITTI object dataset (label_2/ and calib/, velodyne/
                       for point counts; its DontCare rows are applied as KITTI's devkit does),
                       nuScenes tables (v1.0-*/, scans beside them; annotations of visibility
                       "1", 0-40 %, are not scored), or an OpenLABEL file
      --format F       the predictions' format (default: told apart by layout)
      --iou-threshold CLASS=X   per class, repeatable (KITTI's by default: car 0.7,
                       pedestrian 0.5, cyclist 0.5; any other class 0.5)
      --min-score X    predictions below X are left out of per-frame TP / FP / FN (not AP); 0.5
      --frame-metric M how per-frame TP / FP / FN match: iou3d (default), bev or centre (2 m)
      --confident X    the score from which a prediction marks a label suspect (default 0.6)
`;

const stamp = (): string => new Date().toISOString();

/** `cairn evaluate`: returns the exit status (0 done, 1 an input or output failed, 2 usage). */
export async function runEvaluate(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'evaluate',
    EVALUATE_HELP,
    args,
    {
      out: { type: 'string', short: 'o' },
      against: { type: 'string' },
      format: { type: 'string' },
      'iou-threshold': { type: 'string', multiple: true },
      'min-score': { type: 'string' },
      'frame-metric': { type: 'string' },
      confident: { type: 'string' },
    },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage(positionals.length ? 'give one predictions file or folder' : 'give the predictions file or folder');
  if (!values.against) return usage('give the ground truth with --against');
  if (!values.out) return usage('give the output folder with -o DIR');
  if (values.format !== undefined && !(PREDICTION_FORMATS as readonly string[]).includes(values.format)) return usage(`--format ${values.format}: expected one of ${PREDICTION_FORMATS.join(', ')}`);
  const options: { -readonly [K in keyof EvaluationOptions]: EvaluationOptions[K] } = {};
  if (values['iou-threshold']) {
    const thresholds: Record<string, number> = {};
    for (const item of values['iou-threshold']) {
      const m = /^([^=]+)=(.+)$/.exec(item);
      const t = m ? Number(m[2]) : NaN;
      if (!m || !(t > 0 && t <= 1)) return usage(`--iou-threshold ${item}: expected CLASS=IOU with IOU in (0, 1], e.g. car=0.5`);
      thresholds[m[1]] = t;
    }
    options.iouThresholds = thresholds;
  }
  const fraction = (name: string, value: string | undefined): number | string | undefined => {
    if (value === undefined) return undefined;
    const x = Number(value);
    return x >= 0 && x <= 1 ? x : `--${name} ${value}: expected a number from 0 to 1`;
  };
  const minScore = fraction('min-score', values['min-score']);
  const confident = fraction('confident', values.confident);
  if (typeof minScore === 'string') return usage(minScore);
  if (typeof confident === 'string') return usage(confident);
  if (minScore !== undefined) options.minScore = minScore;
  if (values['frame-metric'] !== undefined) {
    if (!['iou3d', 'bev', 'centre'].includes(values['frame-metric'])) return usage(`--frame-metric ${values['frame-metric']}: expected iou3d, bev or centre`);
    options.frameMetric = values['frame-metric'] as MatchMetric;
  }

  const progress = (line: string) => err.write(`${stamp()} ${line}\n`);
  const predictionsPath = positionals[0];
  let inputs;
  try {
    const format = (values.format as PredictionFormat | undefined) ?? guessFormat(predictionsPath);
    inputs = loadEvaluationInputs(predictionsPath, values.against, format, progress);
  } catch (e) {
    err.write(`cairn evaluate: ${(e as Error).message}\n`);
    return 1;
  }
  const { frames } = inputs;
  progress(`evaluating ${inputs.predictions} predictions over ${frames.length} frames`);
  const started = Date.now();
  const acc = new EvaluationAccumulator(options);
  const perFrame: FrameEvaluation[] = [];
  let lastTenth = -1;
  frames.forEach((f, k) => {
    perFrame.push(acc.addFrame(f));
    const tenth = Math.floor((10 * (k + 1)) / frames.length);
    if (tenth !== lastTenth) err.write(`evaluate: ${k + 1}/${frames.length} frames\n`);
    lastTenth = tenth;
  });
  const summary = acc.finish();
  let suspects;
  try {
    if (inputs.pointsOf) progress('counting LiDAR points in the labels');
    suspects = suspectQueue(frames, confident === undefined ? {} : { confidentScore: confident }, inputs.pointsOf);
  } catch (e) {
    err.write(`cairn evaluate: ${(e as Error).message}\n`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const settings = {
    iouThresholds: Object.fromEntries(summary.classes.map((c) => [c.classId, c.iouThreshold])),
    minScore: options.minScore ?? 0.5,
    frameMetric: options.frameMetric ?? 'iou3d',
    confidentScore: confident ?? 0.6,
    ap: 'AP|R40 (KITTI, 40 recall points)',
  };
  const doc = {
    format: 'cairn.evaluation',
    version: 1,
    predictions: predictionsPath,
    groundTruth: values.against,
    predictionFormat: inputs.format,
    settings,
    notes: inputs.notes,
    seconds,
    summary,
    frames: perFrame,
    suspects,
  };
  const dir = path.resolve(values.out);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'evaluation.json'), `${JSON.stringify(doc, null, 1)}\n`);
    await writeFile(
      path.join(dir, 'report.html'),
      evaluationReportHtml(summary, perFrame, suspects, { predictions: predictionsPath, groundTruth: values.against, format: inputs.format, minScore: settings.minScore, frameMetric: settings.frameMetric, notes: inputs.notes }),
    );
  } catch (e) {
    err.write(`cairn evaluate: ${dir}: ${(e as Error).message}\n`);
    return 1;
  }
  for (const n of inputs.notes) err.write(`note: ${n}\n`);
  out.write(
    `${summary.frames} frames, ${inputs.predictions} predictions: mAP|R40 3D ${fixed(summary.meanAp3d)}, BEV ${fixed(summary.meanApBev)}, centre ${fixed(summary.meanCentreAp)}; ${suspects.length} suspect labels; ${summary.inIgnoreRegions} predictions ignored in DontCare regions (${seconds.toFixed(2)} s)\n`,
  );
  err.write(`wrote ${path.join(dir, 'evaluation.json')}\nwrote ${path.join(dir, 'report.html')}\n`);
  return 0;
}

const fixed = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
