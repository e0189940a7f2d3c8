import { useEffect } from 'react';
import type { CairnClient } from '../../shared/client';
import { showFrame } from '../state/loadScene';
import { stop, togglePlay } from '../state/playback';
import { getSession } from '../state/session';
import { useView } from '../state/viewStore';

/** Fields that take typed keys; a slider or a checkbox with focus still lets shortcuts through. */
function isTextEntry(el: HTMLElement): boolean {
  if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable) return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return type !== 'range' && type !== 'checkbox' && type !== 'radio' && type !== 'button';
}

/** Keyboard shortcuts for the whole window; ignored while typing in a field. */
export function useShortcuts(client: CairnClient): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && isTextEntry(target)) return;
      const editor = getSession()?.editor;
      const view = useView.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const lastFrame = Math.max(0, (view.scene?.manifest.frames.length ?? 1) - 1);
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) editor?.redo();
        else editor?.undo();
        return;
      }
      if (mod && key === 'y') {
        e.preventDefault();
        editor?.redo();
        return;
      }
      if (mod || e.altKey) return;
      // A read-only host (reviewer mode) takes no editing keys; the timeline and the camera still move.
      if (view.info?.access.canEdit === false && ['b', 'f', 'w', 'e', 'r', 'delete', 'backspace'].includes(key)) return;
      switch (key) {
        case 'v': view.set({ tool: 'select' }); break;
        case 'b': view.set({ tool: 'draw' }); break;
        case 'f': view.set({ tool: 'fit' }); break;
        case 'w': view.set({ gizmoMode: 'translate' }); break;
        case 'e': view.set({ gizmoMode: 'rotate' }); break;
        case 'r': view.set({ gizmoMode: 'scale' }); break;
        case 't': view.set({ cameraRequest: { preset: 'top' } }); break;
        case 'p': view.set({ cameraRequest: { preset: 'perspective' } }); break;
        case 'escape': view.set({ selectedId: null, tool: 'select' }); break;
        case 'delete':
        case 'backspace':
          if (view.selectedId && editor?.get(view.selectedId)) editor.deleteObjects([view.selectedId]);
          break;
        case ',':
        case 'arrowleft':
          stop();
          void showFrame(client, Math.max(0, view.frameIndex - 1));
          break;
        case '.':
        case 'arrowright':
          stop();
          void showFrame(client, Math.min(lastFrame, view.frameIndex + 1));
          break;
        case 'home': stop(); void showFrame(client, 0); break;
        case 'end': stop(); void showFrame(client, lastFrame); break;
        case ' ': togglePlay(client); break;
        default: return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
