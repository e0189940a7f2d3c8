import { create } from 'zustand';

/** A request to bring one object to the middle of the 3D view; a new object each time, so asking twice re-centres. */
export interface FocusRequest {
  readonly nodeId: string;
}

interface GraphState {
  /** Whether the 3D view draws relation arrows. */
  showRelations: boolean;
  focusRequest: FocusRequest | null;
  set(patch: Partial<Omit<GraphState, 'set'>>): void;
}

/** Scene-graph view state, kept apart from the view store so the graph panel owns what it adds. */
export const useGraph = create<GraphState>((set) => ({
  showRelations: true,
  focusRequest: null,
  set: (patch) => set(patch),
}));
