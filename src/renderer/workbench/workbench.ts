import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CairnClient } from '../../shared/client';
import type { FrameCache } from '../state/frameCache';
import { createReconstructionStore, type ReconstructionStore } from '../reconstruction/reconstructionStore';
import { createFrameLatencyStore, type FrameLatencyStore } from '../state/frameLatencyStore';
import { createGraphStore, type GraphStore } from '../state/graphStore';
import type { Session } from '../state/session';
import { createViewStore, type ViewStore } from '../state/viewStore';

/**
 * One window's state, made once and handed down through React context (and passed to the code
 * outside React that loads scenes, plays and opens clouds). Nothing of it lives at module level,
 * so two workbenches (two tests, two windows) never share a selection or a frame cache.
 */
export class Workbench {
  readonly view: ViewStore = createViewStore();
  readonly graph: GraphStore = createGraphStore();
  /** How long the last frame asked for took to reach the screen (the timeline shows it). */
  readonly frameLatency: FrameLatencyStore = createFrameLatencyStore();
  /** The reconstruction under review (a COLMAP model), loaded once per model. */
  readonly reconstruction: ReconstructionStore = createReconstructionStore();
  /** The reconstruction load under way, aborted when another model is asked for. */
  reconstructionLoad: AbortController | null = null;
  /** The open scene's editing session; a store so components re-render when a scene opens. */
  readonly sessions: StoreApi<{ readonly session: Session | null }> = createStore(() => ({ session: null as Session | null }));
  /** The open scene's prefetch cache. */
  frameCache: FrameCache | null = null;
  /** Bumped by each frame request, so a slower earlier one never overwrites a later one. */
  frameRequest = 0;
  /** Bumped by each play and stop, so a stopped playback's pending step does nothing. */
  playbackRun = 0;
  /** The cloud whose octree build the window waits for, to open it when it is ready. */
  awaitedCloud: string | null = null;
  /** The streamed cloud the 3D view last framed: its full octree, replacing a preview, keeps the user's view. */
  framedCloudId: string | null = null;

  constructor(readonly client: CairnClient) {}

  get session(): Session | null {
    return this.sessions.getState().session;
  }

  setSession(session: Session | null): void {
    this.session?.dispose();
    this.sessions.setState({ session });
  }

  dispose(): void {
    this.setSession(null);
    this.frameCache?.dispose();
    this.frameCache = null;
    this.playbackRun++;
    this.reconstructionLoad?.abort();
    this.reconstruction.getState().session?.dispose();
  }
}
