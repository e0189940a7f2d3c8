import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FramePrediction, InspectionFrame, InspectionRun } from '../../shared/inspectionContract';
import { useWorkbench } from '../workbench/context';
import type { Workbench } from '../workbench/workbench';
import type { FrameOutcome } from './frameOutcome';
import type { Outcome } from './inspectionColours';

export type FrameSort = 'error' | 'frame';

/** What the 3D layer drew for one outcome: how many boxes, in which colour (read back from its materials). */
export interface DrawnOutcome {
  readonly count: number;
  readonly colour: string;
}

export interface InspectionState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** The last load's refusal, naming the file. */
  error: string | null;
  run: InspectionRun | null;
  /** Every frame of the run, in the order `sort` asks for. */
  frames: readonly InspectionFrame[];
  sort: FrameSort;
  /** Whether predictions and outcomes are drawn (3D and cameras). */
  show: boolean;
  /** The predictions layer's input: a plain list of one frame's predictions, from a file run or any other source. */
  predictions: { readonly frameId: string; readonly list: readonly FramePrediction[] } | null;
  /** The frame's predictions matched to its ground truth: what 3D, the cameras and the panel colour by. */
  outcome: { readonly frameId: string; readonly result: FrameOutcome } | null;
  /** What the 3D layer has drawn, by outcome. */
  drawn: Partial<Record<Outcome, DrawnOutcome>>;
  loading(): void;
  failed(message: string): void;
  loaded(run: InspectionRun, frames: readonly InspectionFrame[], sort: FrameSort): void;
  sorted(sort: FrameSort, frames: readonly InspectionFrame[]): void;
  setShow(show: boolean): void;
  predictionsRead(frameId: string, list: readonly FramePrediction[]): void;
  outcomeComputed(frameId: string, result: FrameOutcome | null): void;
  drawnChanged(drawn: Partial<Record<Outcome, DrawnOutcome>>): void;
  cleared(): void;
}

export type InspectionStore = StoreApi<InspectionState>;

const createInspectionStore = (): InspectionStore =>
  createStore<InspectionState>()((set) => ({
    status: 'idle',
    error: null,
    run: null,
    frames: [],
    sort: 'frame',
    show: true,
    predictions: null,
    outcome: null,
    drawn: {},
    loading: () => set({ status: 'loading', error: null }),
    failed: (error) => set({ status: 'error', error }),
    loaded: (run, frames, sort) => set({ status: 'ready', error: null, run, frames, sort, show: true, predictions: null, outcome: null }),
    sorted: (sort, frames) => set({ sort, frames }),
    setShow: (show) => set({ show }),
    predictionsRead: (frameId, list) => set({ predictions: { frameId, list } }),
    outcomeComputed: (frameId, result) => set({ outcome: result ? { frameId, result } : null }),
    drawnChanged: (drawn) => set({ drawn }),
    cleared: () => set({ status: 'idle', error: null, run: null, frames: [], predictions: null, outcome: null, drawn: {} }),
  }));

// One store per window, kept beside its workbench (never at module level, so two windows never share a run).
const stores = new WeakMap<Workbench, InspectionStore>();

export function inspectionStoreOf(workbench: Workbench): InspectionStore {
  let store = stores.get(workbench);
  if (!store) stores.set(workbench, (store = createInspectionStore()));
  return store;
}

/** A value of the window's inspection state; the caller re-renders when it changes. */
export function useInspection<T>(selector: (state: InspectionState) => T): T {
  return useStore(inspectionStoreOf(useWorkbench()), selector);
}
