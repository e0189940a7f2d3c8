import { useEffect } from 'react';
import { PIN_TOOL_ID, type ToolManager } from '../../core/editor/tools';
import { useView, useWorkbench } from '../workbench/context';

/**
 * Joins the Comment at a point tool to the review panel: the point it places becomes the view's
 * pending pin (the panel writes the comment for it), and Escape puts the tool away, pin and all,
 * whatever the tool is in the middle of.
 */
export function usePointCommentTool(tools: ToolManager | null): void {
  const wb = useWorkbench();
  const armed = useView((s) => s.tool === PIN_TOOL_ID);
  useEffect(() => {
    if (!tools) return;
    const publish = () => {
      const overlay = tools.snapshot().overlay;
      const view = wb.view.getState();
      if (overlay?.kind !== 'pin') {
        if (view.pendingPin) view.pinPlaced(null);
        return;
      }
      const index = view.scene?.manifest.frames.findIndex((f) => f.frameId === overlay.frameId) ?? -1;
      view.pinPlaced({ frameIndex: index >= 0 ? index : view.frameIndex, point: overlay.point, space: overlay.space });
    };
    publish();
    return tools.subscribe(publish);
  }, [tools, wb]);
  useEffect(() => {
    if (!armed) return;
    // Ahead of the shortcuts (Escape's deselect): here it only leaves the tool.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      wb.view.getState().setTool('select');
      e.stopPropagation();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [armed, wb]);
}
