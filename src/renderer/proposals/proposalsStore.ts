import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Proposal } from '../../core/models/proposals/proposal';
import { useView, useWorkbench } from '../workbench/context';
import type { Workbench } from '../workbench/workbench';
import { FrameProposalsCache, frameKey } from './frameProposalsCache';

/** The proposals of the frame on screen, as the host keeps them, and the one the panel points at. */
export interface ProposalsState {
  /** `${sceneId}/${frameId}` the list was read for; null before any read. */
  readonly readFor: string | null;
  readonly proposals: readonly Proposal[];
  readonly highlighted: string | null;
  /** The panel's "score ≥": the 3D view shows proposals from it up, and "Accept" takes those. */
  readonly minScore: number;
  read(key: string, proposals: readonly Proposal[]): void;
  highlight(proposalId: string | null): void;
  setMinScore(minScore: number): void;
}

// Kept beside the workbench rather than in it: one store per window all the same, and nothing at module level is shared between two.
const stores = new WeakMap<Workbench, StoreApi<ProposalsState>>();

export function proposalsStoreOf(wb: Workbench): StoreApi<ProposalsState> {
  let store = stores.get(wb);
  if (!store) {
    store = createStore<ProposalsState>()((set) => ({
      readFor: null,
      proposals: [],
      highlighted: null,
      minScore: 0.5,
      read: (key, proposals) => set({ readFor: key, proposals }),
      highlight: (highlighted) => set({ highlighted }),
      setMinScore: (minScore) => set({ minScore }),
    }));
    stores.set(wb, store);
  }
  return store;
}

export function useProposals<T>(selector: (s: ProposalsState) => T): T {
  return useStore(proposalsStoreOf(useWorkbench()), selector);
}

/** The scene and frame on screen, as the host names them (null before a scene opens). */
export function useShownFrame(): { sceneId: string; frameId: string; key: string } | null {
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const frameId = useView((s) => s.scene?.manifest.frames.find((f) => f.index === s.frameIndex)?.frameId ?? null);
  return sceneId && frameId ? { sceneId, frameId, key: frameKey(sceneId, frameId) } : null;
}

/** A window's cache of the host's proposals and the frame it shows them for. */
interface Feed {
  readonly cache: FrameProposalsCache;
  shown: { sceneId: string; frameId: string; key: string } | null;
  /** How many `watchProposals` listen: the cache keeps lists only while one does. */
  watchers: number;
}

const feeds = new WeakMap<Workbench, Feed>();

function feedOf(wb: Workbench): Feed {
  let feed = feeds.get(wb);
  if (!feed) feeds.set(wb, (feed = { cache: new FrameProposalsCache(), shown: null, watchers: 0 }));
  return feed;
}

/**
 * Keeps the store holding the proposals of the frame on screen: the frame's list kept from before,
 * none for a frame the scene's set says has none, otherwise read once from the host. The 3D view's
 * proposal layer asks, so the proposals it draws follow the frame whether or not the Proposals
 * panel is shown; the panel asks too, for a window with no 3D view.
 */
export function useShownFrameProposals(): { sceneId: string; frameId: string; key: string } | null {
  const wb = useWorkbench();
  const shown = useShownFrame();
  const sceneId = shown?.sceneId;
  const frameId = shown?.frameId;
  useEffect(() => {
    if (sceneId && frameId) showFrameProposals(wb, sceneId, frameId);
  }, [wb, sceneId, frameId]);
  return shown;
}

/** Puts the proposals of the frame now shown in the window's store, asking the host only what its cache cannot tell. */
export function showFrameProposals(wb: Workbench, sceneId: string, frameId: string): void {
  const feed = feedOf(wb);
  const key = frameKey(sceneId, frameId);
  if (feed.shown?.key !== key) feed.shown = { sceneId, frameId, key };
  const step = feed.cache.step(sceneId, frameId);
  switch (step.kind) {
    case 'cached':
      return put(wb, key, step.proposals);
    case 'none':
      return put(wb, key, feed.cache.none);
    case 'frames':
      return void readFrames(wb, feed, sceneId);
    case 'read':
      return void readFrame(wb, feed, sceneId, frameId);
    case 'wait':
      return;
  }
}

function put(wb: Workbench, key: string, proposals: readonly Proposal[]): void {
  const state = proposalsStoreOf(wb).getState();
  if (state.readFor !== key || state.proposals !== proposals) state.read(key, proposals);
}

/** The frame on screen again, once an answer it waited for came. */
function showAgain(wb: Workbench, feed: Feed): void {
  if (feed.shown) showFrameProposals(wb, feed.shown.sceneId, feed.shown.frameId);
}

async function readFrame(wb: Workbench, feed: Feed, sceneId: string, frameId: string): Promise<void> {
  const read = feed.cache.beginRead(sceneId, frameId);
  try {
    const { proposals } = await wb.client.call('models.proposals', { sceneId, frameId });
    // A late answer for another frame, or one asked before the frame changed, never replaces what is shown.
    if (feed.cache.answered(read, proposals) && feed.shown?.key === read.key) put(wb, read.key, proposals);
  } catch (e) {
    feed.cache.failed(read);
    wb.view.getState().say(`The proposals of this frame could not be read: ${(e as Error).message}`);
  }
}

async function readFrames(wb: Workbench, feed: Feed, sceneId: string): Promise<void> {
  const read = feed.cache.beginFrames(sceneId);
  let current: boolean;
  try {
    const { frameIds, truncated } = await wb.client.call('models.proposalFrames', { sceneId });
    current = feed.cache.framesAnswered(read, frameIds, truncated);
  } catch {
    // Said no more than that: each frame is then read on its own, and a failure of that is said.
    current = feed.cache.framesFailed(read);
  }
  if (current) showAgain(wb, feed);
}

/**
 * Keeps the window's proposals cache true to the host: each `proposals.changed` forgets the
 * frame's list (read again if it is on screen). Until this runs, and after it stops, the window
 * keeps nothing and reads every frame it shows. Answers the unsubscribe.
 */
export function watchProposals(wb: Workbench): () => void {
  const feed = feedOf(wb);
  const off = wb.client.on('proposals.changed', ({ sceneId, frameId }) => {
    feed.cache.changed(sceneId, frameId);
    if (feed.shown?.key === frameKey(sceneId, frameId)) showAgain(wb, feed);
  });
  feed.watchers++;
  feed.cache.setKeeping(true);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    off();
    if (--feed.watchers === 0) feed.cache.setKeeping(false);
  };
}

/**
 * After this window changed a frame's proposals (a run ended, a reject was answered): a window
 * watching hears `proposals.changed` for it, before or after this, and reads the frame again
 * then; one that is not reads it now.
 */
export function refreshProposals(wb: Workbench, sceneId: string, frameId: string): void {
  const feed = feedOf(wb);
  if (feed.cache.keeping) return;
  feed.cache.changed(sceneId, frameId);
  if (feed.shown?.key === frameKey(sceneId, frameId)) showAgain(wb, feed);
}
