import type { Cuboid } from '../../../core/geometry/cuboid';
import type { CallOutput } from '../../../shared/contract';
import type { Slice } from './types';

/** One replica's stored boxes on a frame, with the ones not every other replica matched. */
export interface ReplicaBoxes {
  readonly lane: string;
  readonly name: string;
  readonly boxes: readonly { readonly objectId: string; readonly classId: string; readonly cuboid: Cuboid; readonly disputed: boolean }[];
}

export type SceneComment = CallOutput<'review.sceneComments'>['comments'][number];
type Point = readonly [number, number, number];

/** The LiDAR point the Comment at a point tool placed, waiting for its comment's text. */
export interface PendingPin {
  readonly frameIndex: number;
  readonly point: Point;
  /** The frame of reference the point is in (the scan's sensor). */
  readonly space: string;
}

/**
 * What the reviewer overlays (every replica's boxes on the frame shown, coloured by annotator),
 * and the comments pinned to 3D points: the scene's threads, the pin being placed, the one shown.
 */
export interface ReviewSlice {
  replicaOverlay: boolean;
  /** The replicas of the frame last read for the overlay (the 3D layer reads them; the cameras and the legend show them). */
  replicaFrame: { readonly frameIndex: number; readonly replicas: readonly ReplicaBoxes[] } | null;
  /** The comment threads of the scene last read (the point comment layer reads them; each frame shows its own). */
  sceneComments: { readonly sceneId: string; readonly comments: readonly SceneComment[] } | null;
  /** Bumped by `rereadComments`: the scene's threads are read again on each change. */
  commentsAsked: number;
  pendingPin: PendingPin | null;
  /** The thread whose text the 3D view shows (picked in a list or on its marker). */
  shownComment: string | null;
  /** A request to bring a pinned point into view; `serial` tells two requests for one point apart. */
  commentFocus: { readonly point: Point; readonly serial: number } | null;
  setReplicaOverlay(on: boolean): void;
  replicasRead(frame: { readonly frameIndex: number; readonly replicas: readonly ReplicaBoxes[] } | null): void;
  sceneCommentsRead(read: { readonly sceneId: string; readonly comments: readonly SceneComment[] } | null): void;
  /** The scene's threads may have changed (this workspace wrote one, or another view read newer ones): read them again. */
  rereadComments(): void;
  pinPlaced(pin: PendingPin | null): void;
  showComment(thread: string | null): void;
  /** Shows the thread and turns the camera to its point. */
  focusComment(thread: string, point: Point): void;
}

export const reviewSlice: Slice<ReviewSlice> = (set) => ({
  replicaOverlay: false,
  replicaFrame: null,
  sceneComments: null,
  commentsAsked: 0,
  pendingPin: null,
  shownComment: null,
  commentFocus: null,
  setReplicaOverlay: (replicaOverlay) => set(replicaOverlay ? { replicaOverlay } : { replicaOverlay, replicaFrame: null }),
  replicasRead: (replicaFrame) => set({ replicaFrame }),
  sceneCommentsRead: (sceneComments) => set({ sceneComments }),
  rereadComments: () => set((s) => ({ commentsAsked: s.commentsAsked + 1 })),
  pinPlaced: (pendingPin) => set({ pendingPin }),
  showComment: (shownComment) => set({ shownComment }),
  focusComment: (shownComment, point) => set((s) => ({ shownComment, commentFocus: { point, serial: (s.commentFocus?.serial ?? 0) + 1 } })),
});
