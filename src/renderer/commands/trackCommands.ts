import { propagateToNextFrame } from '../../core/annotations/cuboid/propagate';
import type { CommandApp } from './commandApp';
import { goToFrame } from './goToFrame';

/** Propagates the selected box and follows it to the next frame, selected, so the user sees the guess at once. */
export function propagateSelected(app: CommandApp): void {
  const { view, editor } = app;
  if (!editor || !view.selectedId) return;
  const result = propagateToNextFrame(editor, view.selectedId);
  if (!result.ok) {
    view.set({ notice: result.reason });
    return;
  }
  view.set({ selectedId: result.record.objectId });
  goToFrame(app, result.frameIndex);
}
