import { createStore, type StoreApi } from 'zustand/vanilla';
import { activitySlice, type ActivitySlice } from './slices/activitySlice';
import { cloudSlice, type CloudSlice } from './slices/cloudSlice';
import { displaySlice, type DisplaySlice } from './slices/displaySlice';
import { sceneSlice, type SceneSlice } from './slices/sceneSlice';
import { selectionSlice, type SelectionSlice } from './slices/selectionSlice';
import { timelineSlice, type TimelineSlice } from './slices/timelineSlice';
import { reviewSlice, type ReviewSlice } from './slices/reviewSlice';

export type { JobState, SaveState } from './slices/activitySlice';
export type { CloudStats, PointCloudInfo } from './slices/cloudSlice';
export type { CameraPresetName, CloudColorMode, ColorMode } from './slices/displaySlice';
export type { GizmoMode, Tool } from './slices/selectionSlice';
export type { FrameCloud, MergedCloud, ShownFrame } from './slices/timelineSlice';

/**
 * The window's view state: one slice per concern, each changed only through its named actions
 * (no generic setter), so a search for an action finds every place that changes those fields.
 */
export type ViewState = SceneSlice & TimelineSlice & SelectionSlice & DisplaySlice & CloudSlice & ActivitySlice & ReviewSlice;
export type ViewStore = StoreApi<ViewState>;

/** A fresh store; each workbench (a window, a test) has its own. */
export function createViewStore(): ViewStore {
  return createStore<ViewState>()((...a) => ({
    ...sceneSlice(...a),
    ...timelineSlice(...a),
    ...selectionSlice(...a),
    ...displaySlice(...a),
    ...cloudSlice(...a),
    ...activitySlice(...a),
    ...reviewSlice(...a),
  }));
}
