/**
 * Predictions against ground truth (issue 13, failure inspection). Pure; runs in a worker.
 *
 * Readers turn a predictions file into `Prediction`s (frame key, class, score, cuboid in the
 * scene's LiDAR frame); each throws a PredictionInputError naming the file and line or field:
 *   readKittiPredictions(files)                         KITTI results (label_2 lines + score)
 *   readNuScenesPredictions(doc, source, poses)         nuScenes detection-results JSON
 *     with nuScenesLidarPoses(tables)                   worldFromLidar per sample token
 *   readOpenLabelPredictions(doc, source)               OpenLABEL cuboids with a score attribute
 *
 * Metrics, through the agreement matcher (class-aware, one optimal assignment per frame):
 *   evaluationFramesOf(groundTruthFrames, predictions)  joins them by frame key → EvaluationFrame[]
 *   evaluateFrames(frames, options)                     per-frame TP / FP / FN with localisation
 *     errors and an errorScore to sort by; per class AP|R40 at BEV and 3D IoU (KITTI thresholds
 *     car 0.7, pedestrian / cyclist 0.5, others 0.5), nuScenes-style AP per ground-plane centre
 *     distance and mean translation / scale / orientation errors of true positives.
 *   EvaluationAccumulator                               the same, a frame at a time.
 *
 * Ground truth the dataset does not score is not scored: boxes flagged ignore (withoutIgnored) and,
 * per camera, image regions it left unlabelled (KITTI DontCare, ignoreRegions): a prediction that
 * matches nothing and lies mostly inside one is neither a hit nor a false alarm (inIgnoreRegion).
 *
 * Suspect labels: suspectQueue(frames, options, pointsOf?) ranks labels a confident prediction
 * contradicts (missing, class, shifted), labels with no LiDAR point (empty) and labels no
 * prediction touches (unconfirmed). syntheticLabels generates scans with known label errors and
 * queueQuality measures a queue against them.
 */
export { averagePrecision, RECALL_POINTS, scoreOrder, type PrecisionRecall } from './averagePrecision';
export {
  EvaluationAccumulator,
  evaluateFrames,
  inIgnoreRegion,
  KITTI_IOU_THRESHOLDS,
  NUSCENES_DISTANCES,
  NUSCENES_TP_DISTANCE,
  type ClassEvaluation,
  type Counts,
  type EvaluationFrame,
  type EvaluationOptions,
  type EvaluationSummary,
  type FrameEvaluation,
  type FrameMatchRecord,
  type ScoredBox,
} from './evaluate';
export { evaluationFramesOf, scoredBoxOf, type GroundTruthFrame } from './frames';
export { fractionInside, ignoreRegionCover, imageBoxOf, type CameraIgnoreRegions } from './ignoreRegions';
export { sceneFrameIgnoreRegions } from './sceneIgnoreRegions';
export { alignedIou, localisationErrors, type LocalisationErrors } from './localisationErrors';
export {
  nuScenesLidarPoses,
  PredictionInputError,
  readKittiPredictions,
  readNuScenesPredictions,
  readOpenLabelPredictions,
  type KittiPredictionFile,
  type NuScenesPoseTables,
  type Prediction,
} from './predictions';
export { frameSuspects, suspectQueue, type Suspect, type SuspectKind, type SuspectOptions } from './suspects';
export { predictionIdOf, queueQuality, syntheticLabels, type InjectedLabelError, type LabelErrorOptions, type QueueQuality, type SyntheticLabels, type SyntheticLabelsOptions } from './syntheticLabels';
