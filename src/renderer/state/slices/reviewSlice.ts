import type { Slice } from './types';

/** What the reviewer overlays: every replica's boxes on the frame shown, coloured by annotator. */
export interface ReviewSlice {
  replicaOverlay: boolean;
  setReplicaOverlay(on: boolean): void;
}

export const reviewSlice: Slice<ReviewSlice> = (set) => ({
  replicaOverlay: false,
  setReplicaOverlay: (replicaOverlay) => set({ replicaOverlay }),
});
