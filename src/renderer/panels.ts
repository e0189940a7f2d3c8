import { AgreementPanel } from './agreement/AgreementPanel';
import { BoxViewsPanel } from './boxViews/BoxViewsPanel';
import { ChecksPanel } from './checks/ChecksPanel';
import { OntologyPanel } from './ontology/OntologyPanel';
import { ReviewPanel } from './review/ReviewPanel';
import { HistoryPanel } from './sync/HistoryPanel';
import { ProposalsPanel } from './proposals/ProposalsPanel';
import { InspectionPanel } from './inspection/InspectionPanel';
import { SyncPanel } from './sync/SyncPanel';
import { ScenariosPanel } from './scenarios/ScenariosPanel';
import { SegmentationPanel } from './segmentation/SegmentationPanel';
import { CameraPanels } from './ui/CameraPanels';
import { GraphPanel } from './ui/GraphPanel';
import { Inspector } from './ui/Inspector';
import { ObjectList } from './ui/ObjectList';
import { TimelinePanel } from './ui/TimelinePanel';
import { Viewport } from './viewer/Viewport';
import type { PanelDefinition } from './workbench/panel';

/** Every panel of the scene workbench, one line each; the dock mounts them and the saved layout names them by id. */
export const SCENE_PANELS: readonly PanelDefinition[] = [
  { id: 'objects', title: 'Objects', component: ObjectList, placement: 'left' },
  // Kept live: parking it would drop its WebGL context, camera and GPU buffers, and its layers hold the tools and readers the other views rely on.
  { id: 'view3d', title: '3D view', component: Viewport, placement: 'main', keepLiveWhenHidden: true },
  // Kept live for now: parked behind the Segmentation tab, it left the page not answering a click later in the
  // segmentation e2e (the cylinder brush flow, at a click after the .label export); the cause is not found yet.
  { id: 'boxViews', title: 'Box views', component: BoxViewsPanel, placement: 'mainSide', keepLiveWhenHidden: true },
  { id: 'inspection', title: 'Inspection', component: InspectionPanel, placement: 'mainSide' },
  { id: 'cameras', title: 'Cameras', component: CameraPanels, placement: 'mainBottom' },
  { id: 'inspector', title: 'Inspector', component: Inspector, placement: 'right' },
  { id: 'history', title: 'History', component: HistoryPanel, placement: 'right' },
  { id: 'graph', title: 'Scene graph', component: GraphPanel, placement: 'rightBottom' },
  { id: 'ontology', title: 'Ontology', component: OntologyPanel, placement: 'rightBottom' },
  { id: 'sync', title: 'Sync', component: SyncPanel, placement: 'rightBottom' },
  { id: 'agreement', title: 'Agreement', component: AgreementPanel, placement: 'rightBottom' },
  { id: 'review', title: 'Review', component: ReviewPanel, placement: 'rightBottom' },
  { id: 'scenarios', title: 'Scenarios', component: ScenariosPanel, placement: 'mainSide' },
  { id: 'proposals', title: 'Proposals', component: ProposalsPanel, placement: 'mainSide' },
  { id: 'checks', title: 'Checks', component: ChecksPanel, placement: 'mainSide' },
  { id: 'segmentation', title: 'Segmentation', component: SegmentationPanel, placement: 'mainSide' },
  { id: 'timeline', title: 'Timeline', component: TimelinePanel, placement: 'bottom' },
];
