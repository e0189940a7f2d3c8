import type { Cuboid } from '../../../core/geometry/cuboid';
import type { Slice } from './types';

/** One replica's stored boxes on a frame, with the ones not every other replica matched. */
export interface ReplicaBoxes {
  readonly lane: string;
  readonly name: string;
  readonly boxes: readonly { readonly objectId: string; readonly classId: string; readonly cuboid: Cuboid; readonly disputed: boolean }[];
}

/** What the reviewer overlays: every replica's boxes on the frame shown, coloured by annotator. */
export interface ReviewSlice {
  replicaOverlay: boolean;
  /** The replicas of the frame last read for the overlay (the 3D layer reads them; the cameras and the legend show them). */
  replicaFrame: { readonly frameIndex: number; readonly replicas: readonly ReplicaBoxes[] } | null;
  setReplicaOverlay(on: boolean): void;
  replicasRead(frame: { readonly frameIndex: number; readonly replicas: readonly ReplicaBoxes[] } | null): void;
}

export const reviewSlice: Slice<ReviewSlice> = (set) => ({
  replicaOverlay: false,
  replicaFrame: null,
  setReplicaOverlay: (replicaOverlay) => set(replicaOverlay ? { replicaOverlay } : { replicaOverlay, replicaFrame: null }),
  replicasRead: (replicaFrame) => set({ replicaFrame }),
});
