import { create } from 'zustand';
import type { SceneManifest } from '../../core/scene/manifest';
import type { CairnClient } from '../../shared/client';
import type { ColorBy } from './colorScale';
import { fetchModelFiles, type FetchProgress } from './fetchModelFiles';
import type { ReconstructionData } from './reconstructionData';
import { openReconstructionSession, type ReconstructionSession } from './reconstructionSession';

export type ImageSortKey = 'name' | 'points2D' | 'triangulated' | 'meanError';

interface ReconstructionState {
  /** Which model is loaded or loading: the store and the model folder. */
  key: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** While loading: the file being fetched, or null while parsing. */
  progress: FetchProgress | null;
  error: string | null;
  session: ReconstructionSession | null;
  colorBy: ColorBy;
  selectedImageId: number | null;
  /** Index into the data's point arrays. */
  selectedPoint: number | null;
  /** Residual vectors are drawn this many times their length. */
  residualScale: number;
  sort: { key: ImageSortKey; descending: boolean };
  /** What the 3D view has drawn, for people and tests. */
  drawn: { frustums: number; points: number };
  set(partial: Partial<ReconstructionState>): void;
}

export const useReconstruction = create<ReconstructionState>((set) => ({
  key: null,
  status: 'idle',
  progress: null,
  error: null,
  session: null,
  colorBy: 'error',
  selectedImageId: null,
  selectedPoint: null,
  residualScale: 10,
  sort: { key: 'meanError', descending: true },
  drawn: { frustums: 0, points: 0 },
  set: (partial) => set(partial),
}));

let loading: AbortController | null = null;

/** The model folder as people know it: under the manifest's data root when it names one. */
export function modelLabel(manifest: SceneManifest): string {
  const model = manifest.reconstruction!.model;
  const root = manifest.dataRoot?.replace(/[/\\]+$/, '');
  if (!root) return model;
  return model === '.' ? root : `${root}/${model}`;
}

/**
 * Loads a scene's reconstruction once: asking again for the model already loaded (or loading)
 * does nothing, so remounts and re-renders never fetch or parse twice.
 */
export async function loadReconstruction(client: CairnClient, storeId: string, manifest: SceneManifest): Promise<void> {
  const reconstruction = manifest.reconstruction;
  if (!reconstruction) return;
  const key = `${storeId}|${reconstruction.model}`;
  const state = useReconstruction.getState();
  if (state.key === key && state.status !== 'error') return;
  loading?.abort();
  state.session?.dispose();
  const controller = new AbortController();
  loading = controller;
  const label = modelLabel(manifest);
  state.set({ key, status: 'loading', progress: null, error: null, session: null, selectedImageId: null, selectedPoint: null, drawn: { frustums: 0, points: 0 } });
  try {
    const files = await fetchModelFiles(client, storeId, reconstruction.model, label, (progress) => useReconstruction.getState().set({ progress }), controller.signal, reconstruction.files);
    if (controller.signal.aborted) return;
    useReconstruction.getState().set({ progress: null });
    const session = await openReconstructionSession(files, label);
    if (controller.signal.aborted) {
      session.dispose();
      return;
    }
    const first = session.data.images[0]?.imageId ?? null;
    useReconstruction.getState().set({ status: 'ready', session, selectedImageId: first });
  } catch (e) {
    if (controller.signal.aborted) return;
    useReconstruction.getState().set({ status: 'error', error: (e as Error).message });
  }
}

const pointIndexes = new WeakMap<ReconstructionData, Map<number, number>>();

/** The index of a point id in the data's arrays, built once per model. */
export function pointIndexOf(data: ReconstructionData, pointId: number): number | undefined {
  let index = pointIndexes.get(data);
  if (!index) {
    index = new Map();
    const ids = data.points.ids;
    for (let i = 0; i < ids.length; i++) index.set(ids[i], i);
    pointIndexes.set(data, index);
  }
  return index.get(pointId);
}
