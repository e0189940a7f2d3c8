/**
 * Predictions against ground truth (issue 13, failure inspection). Pure; runs in a worker.
 *
 * Readers turn a predictions file into `Prediction`s (frame key, class, score, cuboid in the
 * scene's LiDAR frame); each throws a PredictionInputError naming the file and line or field:
 *   readKittiPredictions(files)                         KITTI results (label_2 lines + score)
 *   readNuScenesPredictions(doc, source, poses)         nuScenes detection-results JSON
 *     with nuScenesLidarPoses(tables)                   worldFromLidar per sample token
 *   readOpenLabelPredictions(doc, source)               OpenLABEL cuboids with a score attribute
 */
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
