export { cropSquare, pointCountOf, xyOf, type CroppedPoints, type PointArray } from './points';
export {
  estimateGroundHeight,
  fitGroundPlane,
  groundHeightAt,
  type GroundOptions,
  type GroundPlane,
} from './ground';
export { GridHash } from './gridHash';
export {
  clusterFrom,
  DEFAULT_CLUSTER_OPTIONS,
  type ClusterOptions,
  type ClusterResult,
  type ClusterStatus,
} from './cluster';
export { convexHull, halfTurn, minAreaRectangle, type Points2, type Rectangle2 } from './minAreaRectangle';
export {
  fitAtPoint,
  fitCuboidAtPoint,
  fitCuboidToPoints,
  type CuboidAtPointOptions,
  type CuboidFit,
  type FitOptions,
  type NoFitReason,
} from './fitCuboid';
export { amodalBox, type AmodalBox, type ClassPrior } from './amodalBox';
export { countPointsInCuboid } from './countPoints';
export { SEPARATING_GAP, suggestFitOptions } from './fitOptions';
