import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { Editor } from '../../core/editor/editor';
import type { ReconstructionState } from '../reconstruction/reconstructionStore';
import type { GraphState } from '../state/graphStore';
import type { ViewState } from '../state/viewStore';
import { EditorWatch, type AffectedBy, type EditorSelector, type Equality } from './editorWatch';
import type { Workbench } from './workbench';

export { changesOnly, notPoseOnly, onEditorChange, POSE_FIELDS, sameFields, sameItems, sameItemsBy, type AffectedBy, type EditorSelector, type Equality } from './editorWatch';

export const WorkbenchContext = createContext<Workbench | null>(null);

/** The window's workbench, from the provider above. */
export function useWorkbench(): Workbench {
  const workbench = useContext(WorkbenchContext);
  if (!workbench) throw new Error('useWorkbench needs a WorkbenchContext provider above it');
  return workbench;
}

/** A value of the view state; the caller re-renders when it changes. */
export function useView<T>(selector: (state: ViewState) => T): T {
  return useStore(useWorkbench().view, selector);
}

export function useGraph<T>(selector: (state: GraphState) => T): T {
  return useStore(useWorkbench().graph, selector);
}

export function useReconstruction<T>(selector: (state: ReconstructionState) => T): T {
  return useStore(useWorkbench().reconstruction, selector);
}

/**
 * The open scene's editor (null before a scene opens); re-renders the caller on each editor change,
 * every pointer move of a drag included. Prefer `useEditorSelect` for what a panel shows.
 */
export function useEditor(): Editor | null {
  const workbench = useWorkbench();
  const session = useStore(workbench.sessions, (s) => s.session);
  useStore(workbench.view, (s) => s.revision);
  return session?.editor ?? null;
}

/**
 * The open scene's editor, re-rendering the caller only when another scene opens: for hooks that
 * hand the editor on (the 3D view's tools) and read its records when called, not while rendering.
 * A caller of `useEditor` is rendered again on every edit, each pointer move of a drag included.
 */
export function useEditorInstance(): Editor | null {
  return useStore(useWorkbench().sessions, (s) => s.session)?.editor ?? null;
}

/**
 * A value derived from the open scene's editor: `selector(editor)` is worked out again on each
 * editor change (an edit, undo, redo, a remote change, a reload), on another scene opening and
 * whenever the caller hands a new selector, and the caller re-renders only when the result differs
 * from the last by `equal` (Object.is unless given; `sameItems` for lists, `sameFields` for
 * objects). A drag's moves therefore re-render only the callers whose value they change.
 *
 * The selector should read the editor and what it closes over, nothing else that changes: keep a
 * costly one stable with useCallback over what it reads besides the editor. `affectedBy` is asked
 * about each edit before the selector and, answering false, keeps the value as it is without
 * running it: `notPoseOnly` for a value that reads no box's pose (the rows of a list).
 */
export function useEditorSelect<T>(selector: EditorSelector<T>, equal?: Equality<T>, affectedBy?: AffectedBy): T {
  const workbench = useWorkbench();
  // One watch per caller and workbench; its first selector is only the one it starts from.
  const watch = useMemo(() => new EditorWatch<T>(workbench, selector, equal, affectedBy), [workbench]);
  watch.use(selector, equal, affectedBy);
  return useSyncExternalStore(watch.subscribe, watch.current);
}
