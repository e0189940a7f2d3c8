import { z } from 'zod';
import type { SceneManifest } from '../scene/manifest';
import { verdictKey, type ObjectVerdict } from './sceneRows';

/**
 * What scenario search reads of `cairn evaluate`'s evaluation.json (docs/evaluation.md): per frame
 * the matched pairs, the unmatched predictions and the missed ground truth. Only these fields are
 * read (the rest of the document is left alone), so the index follows the evaluation's own verdicts.
 */
const frameSchema = z.object({
  frameKey: z.string(),
  frameId: z.string().optional(),
  matches: z.array(
    z.object({
      predictionId: z.string(),
      groundTruthId: z.string(),
      classId: z.string(),
      score: z.number(),
      iou3d: z.number().nullable().optional(),
      centreDistance: z.number().nullable().optional(),
      orientation: z.number().nullable().optional(),
    }),
  ),
  falsePositives: z.array(z.object({ predictionId: z.string(), classId: z.string(), score: z.number() })),
  falseNegatives: z.array(z.object({ groundTruthId: z.string(), classId: z.string() })),
});

export const evaluationDocumentSchema = z.object({
  format: z.literal('cairn.evaluation'),
  version: z.literal(1),
  frames: z.array(frameSchema),
});

export type EvaluationDocument = z.output<typeof evaluationDocumentSchema>;

/** A prediction the evaluation judged (its id: the file and line it came from), placed on a frame of the scene; its box is not in the document. */
export interface JudgedPrediction {
  readonly objectId: string;
  readonly frameId: string;
  readonly classId: string;
  readonly score: number;
}

export interface SceneEvaluation {
  readonly verdicts: Map<string, ObjectVerdict>;
  readonly predictions: JudgedPrediction[];
}

/**
 * The evaluation's verdicts on one scene: ground truth matched (TP, with IoU, centre and heading
 * errors) or missed (FN) by its objectId, and the judged predictions on the scene's frames, found
 * by frame id or by the dataset's frame name (a KITTI stem, a nuScenes sample token).
 */
export function sceneEvaluation(doc: EvaluationDocument, manifest: SceneManifest): SceneEvaluation {
  const byId = new Map(manifest.frames.map((f) => [f.frameId, f.frameId]));
  const bySource = new Map(manifest.frames.flatMap((f) => (f.sourceId ? [[f.sourceId, f.frameId] as const] : [])));
  const verdicts = new Map<string, ObjectVerdict>();
  const predictions: JudgedPrediction[] = [];
  for (const frame of doc.frames) {
    const frameId = (frame.frameId && byId.get(frame.frameId)) ?? bySource.get(frame.frameKey);
    if (!frameId) continue;
    for (const m of frame.matches) {
      const errors = { iou: m.iou3d ?? null, centreError: m.centreDistance ?? null, yawError: m.orientation ?? null };
      verdicts.set(verdictKey(frameId, m.groundTruthId), { outcome: 'TP', ...errors });
      verdicts.set(verdictKey(frameId, m.predictionId), { outcome: 'TP', ...errors });
      predictions.push({ objectId: m.predictionId, frameId, classId: m.classId, score: m.score });
    }
    for (const p of frame.falsePositives) {
      verdicts.set(verdictKey(frameId, p.predictionId), { outcome: 'FP' });
      predictions.push({ objectId: p.predictionId, frameId, classId: p.classId, score: p.score });
    }
    for (const n of frame.falseNegatives) verdicts.set(verdictKey(frameId, n.groundTruthId), { outcome: 'FN' });
  }
  return { verdicts, predictions };
}
