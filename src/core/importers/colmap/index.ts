export { COLMAP_CAMERA_MODELS, cameraModelById, cameraModelByName, type ColmapCameraModelInfo, type ColmapCameraModelName } from './cameraModels';
export type {
  ColmapCamera,
  ColmapDataId,
  ColmapFrame,
  ColmapImage,
  ColmapModel,
  ColmapPoint3D,
  ColmapRig,
  ColmapRigSensor,
  ColmapSensorId,
  ColmapSensorType,
} from './colmapModel';
export { NO_POINT3D } from './binaryCursor';
export { readCamerasBinary, readCamerasText } from './camerasFile';
export { readImagesBinary, readImagesText } from './imagesFile';
export { readPoints3DBinary, readPoints3DText } from './points3DFile';
export { readFramesBinary, readFramesText, readRigsBinary, readRigsText } from './rigsFramesFiles';
export { COLMAP_MODEL_FILE_NAMES, MAX_WARNINGS, readColmapModel, type ColmapFile, type ColmapFileLookup } from './readColmapModel';
export { makeColmapProjector } from './colmapProjection';
export { COLMAP_PIXEL_OFFSET, colmapPixelToCairn, toCairnCamera, type CairnCameraResult } from './toCairnCamera';
export { camFromWorldViaFrame, cameraCentre, cameraFromRig, frustumInWorld, linearIntrinsics, worldFromCamera, type Frustum } from './poses';
export { pointObservations, projectorsByCamera, reprojectionError, type PointObservation } from './reprojection';
export {
  computeReconstructionStats,
  histogram,
  REPROJECTION_ERROR_EDGES,
  TRACK_LENGTH_EDGES,
  type Histogram,
  type HistogramBin,
  type ImageStats,
  type PointStatsColumns,
  type ReconstructionStats,
  type ReconstructionSummary,
} from './reconstructionStats';
export { barChart, binLabel, escapeHtml, REPORT_CHART_LAYOUT, type BarChartLayout } from './histogramChart';
export { importColmap } from './colmapImport';
