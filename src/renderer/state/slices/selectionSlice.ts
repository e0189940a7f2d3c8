import type { EditorEvent } from '../../../core/editor/editor';
import type { AnnotationRecord } from '../../../core/model/annotation';
import type { Slice } from './types';

/** 'pin' is Comment at a point (the review panel arms it); 'relate' draws a relation between two objects. */
export type Tool = 'select' | 'draw' | 'fit' | 'pin' | 'relate' | 'segment';
export type GizmoMode = 'translate' | 'rotate' | 'scale';

/** What the user points at and with what: the selection, the tool, the gizmo, the class new boxes get. */
export interface SelectionSlice {
  tool: Tool;
  gizmoMode: GizmoMode;
  activeClassId: string;
  selectedId: string | null;
  /** An earlier version of the selected object, drawn beside it in 3D while its history is compared. */
  compare: AnnotationRecord | null;
  /** Bumped on every editor change so views re-read the editor. */
  revision: number;
  /**
   * The editor's change that made `revision` (null when something else bumped it: a scene opening,
   * an ontology reload): a view that reads a few fields can tell a drag's move passes it by.
   */
  lastEdit: EditorEvent | null;
  select(objectId: string | null): void;
  /** A pick from a list, a camera or the graph: selects and goes back to the Select tool (Relate stays: a pick is how it gets an end). */
  pick(objectId: string): void;
  /** Escape: nothing selected, the Select tool. */
  deselect(): void;
  compareWith(record: AnnotationRecord | null): void;
  setTool(tool: Tool): void;
  setGizmoMode(mode: GizmoMode): void;
  setActiveClass(classId: string): void;
  /** The editor changed (by `edit`, where it said how): views re-read it; a selection that no longer exists goes. */
  editorChanged(selectionStillThere: boolean, edit?: EditorEvent): void;
}

export const selectionSlice: Slice<SelectionSlice> = (set) => ({
  tool: 'select',
  gizmoMode: 'translate',
  activeClassId: 'car',
  selectedId: null,
  compare: null,
  revision: 0,
  lastEdit: null,
  select: (selectedId) => set({ selectedId, compare: null }),
  pick: (selectedId) => set((s) => ({ selectedId, tool: s.tool === 'relate' ? 'relate' : 'select', compare: null })),
  deselect: () => set({ selectedId: null, tool: 'select', compare: null }),
  compareWith: (compare) => set({ compare }),
  setTool: (tool) => set({ tool }),
  setGizmoMode: (gizmoMode) => set({ gizmoMode }),
  setActiveClass: (activeClassId) => set({ activeClassId }),
  editorChanged: (stillThere, edit) => set((s) => ({ revision: s.revision + 1, lastEdit: edit ?? null, selectedId: stillThere ? s.selectedId : null })),
});
