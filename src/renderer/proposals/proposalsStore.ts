import { useEffect } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Proposal } from '../../core/models/proposals/proposal';
import { useView, useWorkbench } from '../workbench/context';
import type { Workbench } from '../workbench/workbench';

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
  return sceneId && frameId ? { sceneId, frameId, key: `${sceneId}/${frameId}` } : null;
}

// The frame each window is reading the proposals of, so that two readers of one frame make one call.
const reading = new WeakMap<Workbench, string>();

/**
 * Keeps the store holding the proposals of the frame on screen: read once per frame shown, by
 * whoever asks first. The 3D view's proposal layer asks, so the proposals it draws follow the
 * frame whether or not the Proposals panel is shown; the panel asks too, for a window with no 3D view.
 */
export function useShownFrameProposals(): { sceneId: string; frameId: string; key: string } | null {
  const wb = useWorkbench();
  const shown = useShownFrame();
  const sceneId = shown?.sceneId;
  const frameId = shown?.frameId;
  useEffect(() => {
    if (!sceneId || !frameId) return;
    const key = `${sceneId}/${frameId}`;
    // Read again when another frame's read is still out: its answer, landing after, would replace this frame's.
    if (reading.get(wb) === key || (proposalsStoreOf(wb).getState().readFor === key && !reading.has(wb))) return;
    reading.set(wb, key);
    void refreshProposals(wb, sceneId, frameId).finally(() => {
      if (reading.get(wb) === key) reading.delete(wb);
    });
  }, [wb, sceneId, frameId]);
  return shown;
}

/** Reads the frame's proposals from the host into the window's store; a failure is said on the notice line. */
export async function refreshProposals(wb: Workbench, sceneId: string, frameId: string): Promise<void> {
  try {
    const { proposals } = await wb.client.call('models.proposals', { sceneId, frameId });
    proposalsStoreOf(wb).getState().read(`${sceneId}/${frameId}`, proposals);
  } catch (e) {
    wb.view.getState().say(`The proposals of this frame could not be read: ${(e as Error).message}`);
  }
}
