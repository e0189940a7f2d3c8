import { z } from 'zod';
import { cuboidSchema } from '../core/annotations/cuboid/schema';
import { text } from './text';

/** The calls of failure inspection (issue 13): predictions read by the host, compared with a scene's ground truth; joined into the contract by contract.ts. */

/** The most frames one page of `inspection.frames` holds. */
export const INSPECTION_FRAME_PAGE_MAX = 2000;
/** The most predictions one frame may hold; a file with more in one frame is refused, naming the frame. */
export const INSPECTION_FRAME_PREDICTIONS_MAX = 10000;

export const predictionFormatSchema = z.enum(['kitti', 'nuscenes', 'openlabel']);
export type PredictionFormat = z.output<typeof predictionFormatSchema>;

/** One predicted box of one frame, placed in that frame's LiDAR frame (as ground truth is drawn). */
export const framePredictionSchema = z.strictObject({
  predictionId: text(256, 1),
  classId: text(128, 1),
  score: z.number().finite(),
  cuboid: cuboidSchema,
  /** Where it came from (the file and line or field), for people. */
  where: z.string().max(8192).optional(),
});
export type FramePrediction = z.output<typeof framePredictionSchema>;

const count = z.int().nonnegative();
const ratio = z.number().min(0).max(1).nullable();

/** One class's figures over the whole scene at the run's matching threshold. */
export const inspectionClassSchema = z.strictObject({
  classId: z.string(),
  groundTruth: count,
  predictions: count,
  tp: count,
  fp: count,
  fn: count,
  /** Predictions that matched no label inside one of the scene's image ignore regions (KITTI DontCare): neither TP nor FP. */
  inIgnoreRegions: count,
  precision: ratio,
  recall: ratio,
  /** AP|R40 at the class's 3D IoU threshold, over every prediction whatever its score; null without ground truth. */
  ap: ratio,
  /** The same at BEV IoU. */
  apBev: ratio,
  /** The class's IoU threshold. */
  iouThreshold: z.number().positive().max(1),
  /** The interpolated precision at the 40 recall points of AP|R40 (k / 40), at 3D and at BEV IoU; empty without ground truth. */
  precision3d: z.array(z.number().min(0).max(1)).max(40),
  precisionBev: z.array(z.number().min(0).max(1)).max(40),
});
export type InspectionClass = z.output<typeof inspectionClassSchema>;

/** One frame's counts and its error score (what sorting by error orders by; higher is worse). */
export const inspectionFrameSchema = z.strictObject({
  frameIndex: count,
  frameId: z.string(),
  tp: count,
  fp: count,
  fn: count,
  error: z.number().finite().nonnegative(),
});
export type InspectionFrame = z.output<typeof inspectionFrameSchema>;

/**
 * How a frame's predictions are judged (src/core/evaluation): matched one to one by 3D IoU or BEV
 * IoU at each class's threshold (KITTI's: car 0.7, others 0.5), or by centre distance (2 m);
 * predictions scoring below minScore count in AP but are neither TP nor FP on a frame.
 */
export const inspectionMatchingSchema = z.strictObject({
  metric: z.enum(['iou3d', 'bev', 'centre']),
  minScore: z.number().min(0).max(1),
});
export type InspectionMatching = z.output<typeof inspectionMatchingSchema>;
/** KITTI's operating point: 3D IoU at each class's threshold, predictions counted on a frame from score 0.5 (every score counts in AP). */
export const DEFAULT_INSPECTION_MATCHING: InspectionMatching = { metric: 'iou3d', minScore: 0.5 };

export const inspectionRunSchema = z.strictObject({
  runId: z.uuid(),
  sceneId: z.uuid(),
  /** The file's (or folder's) name, for people. */
  name: z.string(),
  source: z.string(),
  format: predictionFormatSchema,
  matching: inspectionMatchingSchema,
  predictions: count,
  /** Predictions on frames this scene does not hold (left out of every figure). */
  unplaced: count,
  /** The scene's image ignore regions (KITTI DontCare) on its frames, placed in a camera: what could take predictions. */
  ignoreRegions: count,
  classes: z.array(inspectionClassSchema).max(1024),
  /** What the reader or the placement had to say (skipped lines, unknown classes, …). */
  notes: z.array(z.string()).max(200),
});
export type InspectionRun = z.output<typeof inspectionRunSchema>;

const runRef = z.strictObject({ runId: z.uuid() });

export const inspectionCalls = {
  /**
   * Reads a predictions file or folder (KITTI result text, nuScenes detection JSON, OpenLABEL) and
   * compares it with the scene's ground truth. Bad input is refused naming the file and what is wrong.
   */
  'inspection.load': {
    input: z.strictObject({
      sceneId: z.uuid(),
      location: text(4096, 1),
      format: predictionFormatSchema.optional(),
      matching: inspectionMatchingSchema.optional(),
    }),
    output: inspectionRunSchema,
  },
  /** A page of the run's frames, by error (worst first, ties by frame) or in scene order. */
  'inspection.frames': {
    input: runRef.extend({
      sort: z.enum(['error', 'frame']),
      offset: count.optional(),
      limit: z.int().min(1).max(INSPECTION_FRAME_PAGE_MAX).optional(),
    }),
    output: z.strictObject({ total: count, frames: z.array(inspectionFrameSchema).max(INSPECTION_FRAME_PAGE_MAX) }),
  },
  /** The run's predictions on one frame: the plain list the predictions layer draws. */
  'inspection.framePredictions': {
    input: runRef.extend({ frameId: text(256, 1) }),
    output: z.strictObject({ predictions: z.array(framePredictionSchema).max(INSPECTION_FRAME_PREDICTIONS_MAX) }),
  },
  /** Forgets a run (the host keeps the last few runs only). */
  'inspection.close': { input: runRef, output: z.strictObject({}) },
} as const;
