import { createStore, type StoreApi } from 'zustand/vanilla';

/** A request to bring one object to the middle of the 3D view; a new object each time, so asking twice re-centres. */
export interface FocusRequest {
  readonly nodeId: string;
}

/** Scene-graph view state, kept apart from the view store so the graph panel owns what it adds. */
export interface GraphState {
  /** Whether the 3D view draws relation arrows. */
  showRelations: boolean;
  focusRequest: FocusRequest | null;
  setShowRelations(show: boolean): void;
  focus(nodeId: string): void;
}

export type GraphStore = StoreApi<GraphState>;

export function createGraphStore(): GraphStore {
  return createStore<GraphState>()((set) => ({
    showRelations: true,
    focusRequest: null,
    setShowRelations: (showRelations) => set({ showRelations }),
    focus: (nodeId) => set({ focusRequest: { nodeId } }),
  }));
}
