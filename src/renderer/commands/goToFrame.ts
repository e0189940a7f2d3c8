import { showFrame } from '../state/loadScene';
import { stop } from '../state/playback';
import type { CommandApp } from './commandApp';

export const lastFrame = (app: Pick<CommandApp, 'view'>) => Math.max(0, (app.view.scene?.manifest.frames.length ?? 1) - 1);

/** Shows a frame, clamped to the scene; a command that moves on the timeline stops playback first. */
export function goToFrame(app: Pick<CommandApp, 'workbench' | 'view'>, index: number): void {
  stop(app.workbench);
  void showFrame(app.workbench, Math.min(lastFrame(app), Math.max(0, index)));
}
