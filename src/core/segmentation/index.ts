export { labelWord, semanticOf, instanceOf, UNLABELLED } from './labelWord';
export { runsFromSortedIndices, runsFromMask, runsPointCount, indicesOfRuns, type IndexRuns } from './indexRuns';
export { paintPatch, applyPatch, invertPatch, materialise, patchIndices, patchProblem, type LabelPatch, type PaintOptions } from './labelPatch';
export { encodePatch, decodePatch } from './patchBytes';
export { encodeLabelFile, decodeLabelFile, countsByClass, SEMANTIC_KITTI_LABELS } from './semanticKitti';
export { selectInCuboid, selectInSphere, selectInCylinder, selectInViewPolygon, selectInImagePolygon, regionGrow, insidePolygon, type RegionGrowOptions } from './selectPoints';
export { instanceSummaries, nextFreeInstance, instanceColour, type InstanceSummary } from './instances';
export { selectThroughCamera, type CameraLasso } from './cameraLasso';
