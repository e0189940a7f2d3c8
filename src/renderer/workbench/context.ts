import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Editor } from '../../core/editor/editor';
import type { ReconstructionState } from '../reconstruction/reconstructionStore';
import type { GraphState } from '../state/graphStore';
import type { ViewState } from '../state/viewStore';
import type { Workbench } from './workbench';

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

/** The open scene's editor (null before a scene opens); re-renders the caller on each editor change. */
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
