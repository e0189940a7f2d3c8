import { AnnotationLayer } from './AnnotationLayer';
import { FramePointsLayer } from './FramePointsLayer';
import { GroundTruthLayer } from './GroundTruthLayer';
import { HistoryGhostLayer } from './HistoryGhostLayer';
import { InteractionController } from './InteractionController';
import type { LayerDefinition } from './layer';
import { SceneGraphLayer } from './SceneGraphLayer';
import { PointCommentLayer } from '../review/PointCommentLayer';
import { ReplicaLayer } from '../review/ReplicaLayer';
import { ProposalLayer } from '../proposals/ProposalLayer';
import { PredictionLayer } from '../inspection/PredictionLayer';
import { SegmentationLayer } from '../segmentation/SegmentationLayer';

/** Everything the scene's 3D view draws, one line each, in drawing order; the viewport mounts them all. */
export const SCENE_LAYERS: readonly LayerDefinition[] = [
  { id: 'points', component: FramePointsLayer },
  { id: 'annotations', component: AnnotationLayer },
  { id: 'groundTruth', component: GroundTruthLayer },
  { id: 'proposals', component: ProposalLayer },
  { id: 'predictions', component: PredictionLayer },
  { id: 'historyGhost', component: HistoryGhostLayer },
  { id: 'replicas', component: ReplicaLayer },
  { id: 'pointComments', component: PointCommentLayer },
  { id: 'sceneGraph', component: SceneGraphLayer },
  { id: 'segmentation', component: SegmentationLayer },
  { id: 'interaction', component: InteractionController },
];
