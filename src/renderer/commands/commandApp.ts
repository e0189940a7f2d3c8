import type { Editor } from '../../core/editor/editor';
import type { CairnClient } from '../../shared/client';
import { isReconstructionScene } from '../reconstruction/ReconstructionView';
import type { ViewState } from '../state/viewStore';
import type { Workbench } from '../workbench/workbench';
import type { WhenContext } from './when';

/** What a command reaches when it runs: read fresh for each run, so it acts on the window as it is now. */
export interface CommandApp {
  readonly workbench: Workbench;
  readonly client: CairnClient;
  /** The view state with its actions, as it is when the command runs. */
  readonly view: ViewState;
  readonly editor: Editor | undefined;
  showPalette(): void;
  showShortcutSheet(): void;
}

/** The window's controls the commands open, owned by whoever mounts the palette and the sheet. */
export interface CommandOverlays {
  showPalette(): void;
  showShortcutSheet(): void;
}

export function commandApp(workbench: Workbench, overlays: CommandOverlays): CommandApp {
  return { workbench, client: workbench.client, view: workbench.view.getState(), editor: workbench.session?.editor, ...overlays };
}

/** Fields that take typed keys; a slider or a checkbox with focus still lets shortcuts through. */
export function isTextEntry(el: Element | null): boolean {
  if (!el) return false;
  if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || (el as HTMLElement).isContentEditable) return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return type !== 'range' && type !== 'checkbox' && type !== 'radio' && type !== 'button';
}

/** The facts when-clauses test, read from the view and from where the keyboard focus is. */
export function whenContext(view: ViewState, focused: Element | null = typeof document === 'undefined' ? null : document.activeElement): WhenContext {
  const cloudView = view.openCloud !== null;
  return {
    hasScene: view.scene !== null && view.status === 'ready',
    hasSelection: view.selectedId !== null,
    canEdit: view.info?.access.canEdit ?? true,
    canOpen: view.info?.access.canOpen ?? true,
    textFocus: isTextEntry(focused),
    cloudView,
    // A reconstruction has its own view, without the scene's tools and timeline.
    sceneView: !cloudView && view.status === 'ready' && !isReconstructionScene(view.scene?.manifest),
    playing: view.playing,
  };
}
