import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Workbench } from '../workbench/workbench';

/** The track strip's inline forms: the end frame and mode of a range propagation, the track to merge in, an edit of a range. */
export type TrackForm = 'propagate' | 'merge' | 'range' | null;

export interface TrackFormState {
  readonly form: TrackForm;
}

const stores = new WeakMap<Workbench, StoreApi<TrackFormState>>();

/**
 * Which form the strip shows, per window: a command opens it, the strip draws it. Kept beside the
 * workbench rather than in it, since only the strip and the track commands read it.
 */
export function trackForms(workbench: Workbench): StoreApi<TrackFormState> {
  let store = stores.get(workbench);
  if (!store) stores.set(workbench, (store = createStore<TrackFormState>(() => ({ form: null }))));
  return store;
}

export function openTrackForm(workbench: Workbench, form: TrackForm): void {
  trackForms(workbench).setState({ form });
}
