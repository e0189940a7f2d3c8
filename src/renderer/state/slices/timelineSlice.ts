import type { Slice } from './types';

export interface FrameCloud {
  readonly frameId: string;
  /** Interleaved x, y, z, intensity in the LiDAR frame. */
  readonly points: Float32Array;
  readonly count: number;
  readonly sensorId: string;
  readonly zRange: readonly [number, number];
  readonly groundZ: number;
  /** Each point's capture time, seconds, as the sweep's file holds it; absent when it has none. */
  readonly time?: Float64Array;
}

/** The merged cloud: sweeps of the frames up to the current one, in its LiDAR frame. */
export interface MergedCloud {
  readonly frameId: string;
  readonly points: Float32Array;
  readonly count: number;
  readonly frames: number;
}

export interface ShownFrame {
  readonly index: number;
  readonly cloud: FrameCloud | null;
  readonly cloudError: string | null;
  readonly images: ReadonlyMap<string, ImageBitmap | string>;
  readonly merged: MergedCloud | null;
  readonly fromCache: boolean;
}

/**
 * The frame on screen and how it got there: its cloud and images, playback, the prefetch cache,
 * merging. The time it took to show is in the workbench's frameLatency store.
 */
export interface TimelineSlice {
  frameIndex: number;
  cloud: FrameCloud | null;
  cloudError: string | null;
  /** The frame's camera images, decoded; a string is the reason one could not be shown. */
  frameImages: ReadonlyMap<string, ImageBitmap | string>;
  /** Whether the last frame shown came decoded from the prefetch cache. */
  frameFromCache: boolean;
  playing: boolean;
  /** What the prefetch cache holds: decoded frames and their bytes. */
  frameCache: { readonly frames: number; readonly bytes: number };
  /** Frames accumulated into the merged cloud; 1 shows the current sweep alone. */
  mergeFrames: number;
  mergedCloud: MergedCloud | null;
  frameShown(frame: ShownFrame): void;
  playingChanged(playing: boolean): void;
  frameCacheChanged(frames: number, bytes: number): void;
  mergeFramesChanged(frames: number): void;
}

export const timelineSlice: Slice<TimelineSlice> = (set, get) => ({
  frameIndex: 0,
  cloud: null,
  cloudError: null,
  frameImages: new Map(),
  frameFromCache: false,
  playing: false,
  frameCache: { frames: 0, bytes: 0 },
  mergeFrames: 1,
  mergedCloud: null,
  frameShown: (f) =>
    set({
      // A notice speaks of the frame it was raised on (a fit that failed there): the next frame starts clean.
      ...(get().frameIndex !== f.index ? { notice: null } : {}),
      frameIndex: f.index,
      cloud: f.cloud,
      cloudError: f.cloudError,
      frameImages: f.images,
      mergedCloud: f.merged,
      frameFromCache: f.fromCache,
    }),
  // Every frame stepped stops playback, mostly when none runs, and a prefetch that lands may hold
  // what was held: a set that changes nothing still runs every subscriber's selector, so none is made.
  playingChanged: (playing) => {
    if (get().playing !== playing) set({ playing });
  },
  frameCacheChanged: (frames, bytes) => {
    const held = get().frameCache;
    if (held.frames !== frames || held.bytes !== bytes) set({ frameCache: { frames, bytes } });
  },
  mergeFramesChanged: (mergeFrames) => set({ mergeFrames }),
});
