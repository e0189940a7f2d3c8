import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SceneManifest } from '../../core/scene/manifest';
import type { Workbench } from '../workbench/workbench';
import type { ColorBy } from './colorScale';
import { fetchModelFiles, type FetchProgress } from './fetchModelFiles';
import type { ReconstructionData } from './reconstructionData';
import { openReconstructionSession, type ReconstructionSession } from './reconstructionSession';

export type ImageSortKey = 'name' | 'points2D' | 'triangulated' | 'meanError';

export interface ReconstructionState {
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
  loadingStarted(key: string): void;
  progressed(progress: FetchProgress | null): void;
  loaded(session: ReconstructionSession, firstImageId: number | null): void;
  failed(message: string): void;
  drawnChanged(frustums: number, points: number): void;
  setColorBy(colorBy: ColorBy): void;
  selectImage(imageId: number): void;
  /** A point by its index into the data's arrays; null clears it. */
  selectPoint(index: number | null): void;
  setResidualScale(scale: number): void;
  /** Sorts by a column; the same column again flips the order, a new one starts in its natural order. */
  sortBy(key: ImageSortKey, descendingFirst: boolean): void;
}

export type ReconstructionStore = StoreApi<ReconstructionState>;

export const createReconstructionStore = (): ReconstructionStore => createStore<ReconstructionState>()((set) => ({
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
  loadingStarted: (key) => set({ key, status: 'loading', progress: null, error: null, session: null, selectedImageId: null, selectedPoint: null, drawn: { frustums: 0, points: 0 } }),
  progressed: (progress) => set({ progress }),
  loaded: (session, selectedImageId) => set({ status: 'ready', session, selectedImageId, progress: null }),
  failed: (error) => set({ status: 'error', error }),
  drawnChanged: (frustums, points) => set({ drawn: { frustums, points } }),
  setColorBy: (colorBy) => set({ colorBy }),
  selectImage: (selectedImageId) => set({ selectedImageId }),
  selectPoint: (selectedPoint) => set({ selectedPoint }),
  setResidualScale: (residualScale) => set({ residualScale }),
  sortBy: (key, descendingFirst) => set((s) => ({ sort: { key, descending: s.sort.key === key ? !s.sort.descending : descendingFirst } })),
}));

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
export async function loadReconstruction(wb: Workbench, storeId: string, manifest: SceneManifest): Promise<void> {
  const reconstruction = manifest.reconstruction;
  if (!reconstruction) return;
  const key = `${storeId}|${reconstruction.model}`;
  const store = wb.reconstruction;
  const state = store.getState();
  if (state.key === key && state.status !== 'error') return;
  wb.reconstructionLoad?.abort();
  state.session?.dispose();
  const controller = new AbortController();
  wb.reconstructionLoad = controller;
  const label = modelLabel(manifest);
  state.loadingStarted(key);
  try {
    const files = await fetchModelFiles(wb.client, storeId, reconstruction.model, label, (progress) => store.getState().progressed(progress), controller.signal, reconstruction.files);
    if (controller.signal.aborted) return;
    store.getState().progressed(null);
    const session = await openReconstructionSession(files, label);
    if (controller.signal.aborted) {
      session.dispose();
      return;
    }
    store.getState().loaded(session, session.data.images[0]?.imageId ?? null);
  } catch (e) {
    if (controller.signal.aborted) return;
    store.getState().failed((e as Error).message);
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
