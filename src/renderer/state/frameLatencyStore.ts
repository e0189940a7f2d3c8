import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * The time the last frame asked for took to reach the screen, kept apart from the view store: it
 * is set once per frame shown, after the paint, and a view-store set runs every one of that
 * store's subscribers' selectors (some two hundred) for what only the timeline shows.
 */
export interface FrameLatencyState {
  /** Milliseconds from asking for the last frame to its first paint. */
  readonly ms: number | null;
  /** The frame `ms` was measured for. */
  readonly of: number | null;
  measured(ms: number, index: number): void;
}

export type FrameLatencyStore = StoreApi<FrameLatencyState>;

export function createFrameLatencyStore(): FrameLatencyStore {
  return createStore<FrameLatencyState>()((set) => ({
    ms: null,
    of: null,
    measured: (ms, of) => set({ ms, of }),
  }));
}
