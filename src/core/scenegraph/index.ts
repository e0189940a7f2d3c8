export { readOpenLabel, classFromType, type OpenLabelCuboid, type OpenLabelOptions, type OpenLabelScene, type OpenLabelSkipped } from './openLabel';
export { quatFromEulerZyx } from './openLabelCuboid';
export {
  adjacency,
  neighbours,
  sceneGraphAt,
  type DanglingRelation,
  type FrameSceneGraph,
  type GraphRelation,
  type Neighbour,
  type SceneGraphEdge,
  type SceneGraphNode,
} from './sceneGraph';
export { frameNodes, type FrameNodes, type NodeCuboid, type NodeManifest } from './frameNodes';
export { relationArrow, surfaceDistance, type Arrow } from './relationArrow';
export { inIntervals, runsOf, type FrameInterval } from './frameIntervals';
export { mergeOpenLabel, type MergedOpenLabel } from './mergeOpenLabel';
