export { cropSquare, pointCountOf, type CroppedPoints, type PointArray } from './points';
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
  fitCuboidAtPoint,
  fitCuboidToPoints,
  type CuboidAtPointOptions,
  type CuboidFit,
  type FitOptions,
} from './fitCuboid';
export { countPointsInCuboid } from './countPoints';
export { suggestFitOptions } from './fitOptions';
