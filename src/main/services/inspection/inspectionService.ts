import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { evaluationFramesOf, sceneFrameIgnoreRegions, type GroundTruthFrame, type Prediction } from '../../../core/evaluation';
import type { SceneManifest } from '../../../core/scene/manifest';
import type { FramePrediction, InspectionFrame, InspectionMatching, InspectionRun, PredictionFormat } from '../../../shared/inspectionContract';
import { DEFAULT_INSPECTION_MATCHING, INSPECTION_FRAME_PREDICTIONS_MAX } from '../../../shared/inspectionContract';
import { cuboidInLidar, frameKeys, groundTruthBoxes, lidarOf } from './placePredictions';
import { PredictionFileError, readPredictionSource } from './predictionFiles';
import { readPredictions } from './readPredictions';
import { runEvaluation } from './runEvaluation';

/** Runs kept at once; the oldest is forgotten first. */
const RUNS_KEPT = 4;

interface Run {
  readonly summary: InspectionRun;
  /** In scene order. */
  readonly frames: readonly InspectionFrame[];
  readonly byError: readonly InspectionFrame[];
  readonly predictionsByFrame: ReadonlyMap<string, readonly FramePrediction[]>;
}

export interface InspectionServiceOptions {
  /** The open scene's manifest; throws for a scene the host does not know. */
  readonly manifestOf: (sceneId: string) => SceneManifest;
  /** Lets the host read what the user opened (the location policy; refuses in reviewer mode). */
  readonly allowOpened: (location: string) => void;
  /** Whether the host may read a file (the location policy's check). */
  readonly isAllowed: (location: string) => boolean;
  /** The evaluation worker script (out/main/evaluationWorker.js); absent: predictions are judged on the host's thread. */
  readonly workerFile?: string;
}

/** A location that could not be read as predictions, or predictions that cannot be placed; the message names the file. */
export class InspectionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectionInputError';
  }
}

/**
 * Failure inspection on the host: reads a model's predictions with the core readers, places them
 * in each frame's LiDAR frame beside the scene's ground truth, evaluates them with the core
 * metrics, and keeps the figures and per-frame predictions for the app to page through.
 */
export class InspectionService {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly options: InspectionServiceOptions) {}

  async load(sceneId: string, location: string, format?: PredictionFormat, matching: InspectionMatching = DEFAULT_INSPECTION_MATCHING): Promise<InspectionRun> {
    const manifest = this.options.manifestOf(sceneId);
    this.options.allowOpened(location);
    let read: { format: PredictionFormat; predictions: Prediction[] };
    try {
      read = await readPredictions(await readPredictionSource(location), format, manifest, this.options.isAllowed);
    } catch (e) {
      if (e instanceof PredictionFileError || (e as Error).name === 'PredictionInputError') throw new InspectionInputError((e as Error).message);
      throw new InspectionInputError(`${path.resolve(location)}: ${(e as Error).message}`);
    }
    const run = await this.evaluate(sceneId, manifest, location, read.format, read.predictions, matching);
    this.runs.set(run.summary.runId, run);
    while (this.runs.size > RUNS_KEPT) this.runs.delete(this.runs.keys().next().value as string);
    return run.summary;
  }

  private async evaluate(sceneId: string, manifest: SceneManifest, location: string, format: PredictionFormat, predictions: readonly Prediction[], matching: InspectionMatching): Promise<Run> {
    const notes: string[] = [];
    const frameByKey = new Map<string, SceneManifest['frames'][number]>();
    const truth: GroundTruthFrame[] = [];
    for (const frame of manifest.frames) {
      const lidar = lidarOf(frame);
      const keys = frameKeys(frame);
      for (const k of [keys.frameKey, ...keys.aliases]) if (!frameByKey.has(k)) frameByKey.set(k, frame);
      truth.push({
        ...keys,
        frameId: frame.frameId,
        boxes: lidar ? groundTruthBoxes(manifest, frame, lidar) : [],
        ignored: lidar ? groundTruthBoxes(manifest, frame, lidar, true) : [],
        ignoreRegions: lidar ? sceneFrameIgnoreRegions(manifest, frame, lidar) : [],
      });
    }
    // Each prediction placed in its frame's LiDAR frame under a short id (the matcher names boxes by it).
    const placed: Prediction[] = [];
    const byFrame = new Map<string, FramePrediction[]>();
    let unplaceable = 0;
    predictions.forEach((p, k) => {
      const frame = frameByKey.get(p.frameKey);
      const lidar = frame ? lidarOf(frame) : null;
      if (!frame || !lidar) return placed.push(p);
      const cuboid = cuboidInLidar(manifest, frame, lidar, p.cuboid);
      if (!cuboid) return unplaceable++;
      const predictionId = `p${k}`;
      placed.push({ ...p, cuboid, where: predictionId });
      const list = byFrame.get(frame.frameId) ?? byFrame.set(frame.frameId, []).get(frame.frameId)!;
      if (list.length >= INSPECTION_FRAME_PREDICTIONS_MAX) throw new InspectionInputError(`${path.resolve(location)}: frame ${p.frameKey} has more than ${INSPECTION_FRAME_PREDICTIONS_MAX} predictions`);
      list.push({ predictionId, classId: p.classId, score: p.score, cuboid, where: p.where });
    });
    if (unplaceable > 0) notes.push(`${unplaceable} prediction(s) are in a coordinate frame this scene cannot place; left out`);
    const joined = evaluationFramesOf(truth, placed);
    if (joined.unknown.length > 0) {
      const keys = [...new Set(joined.unknown.map((p) => p.frameKey))];
      notes.push(`${joined.unknown.length} prediction(s) name frames this scene does not hold (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}); left out`);
    }
    const evaluated = await runEvaluation(joined.frames, { frameMetric: matching.metric, minScore: matching.minScore }, this.options.workerFile);
    const inRegions = evaluated.summary.inIgnoreRegions;
    if (inRegions > 0) notes.push(`${inRegions} prediction(s) matched no label inside the scene's ignore regions (DontCare): not counted as false positives`);
    const indexOf = new Map(manifest.frames.map((f, i) => [f.frameId, i]));
    const frames: InspectionFrame[] = evaluated.frames.map((f, i) => ({
      frameIndex: indexOf.get(f.frameId ?? '') ?? i,
      frameId: f.frameId ?? manifest.frames[i].frameId,
      tp: f.tp,
      fp: f.fp,
      fn: f.fn,
      error: f.errorScore,
    }));
    const byError = [...frames].sort((a, b) => b.error - a.error || a.frameIndex - b.frameIndex);
    const summary: InspectionRun = {
      runId: randomUUID(),
      sceneId,
      name: path.basename(path.resolve(location)),
      source: path.resolve(location),
      format,
      matching,
      predictions: predictions.length,
      unplaced: joined.unknown.length + unplaceable,
      ignoreRegions: truth.reduce((n, f) => n + (f.ignoreRegions ?? []).reduce((m, cam) => m + cam.regions.length, 0), 0),
      classes: evaluated.summary.classes.map((c) => ({
        classId: c.classId,
        groundTruth: c.groundTruth,
        predictions: c.predictions,
        tp: c.tp,
        fp: c.fp,
        fn: c.fn,
        inIgnoreRegions: c.inIgnoreRegions,
        precision: c.precision,
        recall: c.recall,
        ap: c.ap3d.ap,
        apBev: c.apBev.ap,
        iouThreshold: c.iouThreshold,
        precision3d: c.groundTruth > 0 ? [...c.ap3d.precision] : [],
        precisionBev: c.groundTruth > 0 ? [...c.apBev.precision] : [],
      })),
      notes,
    };
    return { summary, frames, byError, predictionsByFrame: byFrame };
  }

  private run(runId: string): Run {
    const run = this.runs.get(runId);
    if (!run) throw new InspectionInputError(`no predictions loaded as ${runId} (a host keeps the last ${RUNS_KEPT} runs); open the file again`);
    return run;
  }

  frames(runId: string, sort: 'error' | 'frame', offset = 0, limit = 500): { total: number; frames: InspectionFrame[] } {
    const run = this.run(runId);
    const list = sort === 'error' ? run.byError : run.frames;
    return { total: list.length, frames: list.slice(offset, offset + limit) };
  }

  framePredictions(runId: string, frameId: string): FramePrediction[] {
    return [...(this.run(runId).predictionsByFrame.get(frameId) ?? [])];
  }

  close(runId: string): void {
    this.runs.delete(runId);
  }
}
