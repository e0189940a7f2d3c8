import type { InspectionFrame } from '../../shared/inspectionContract';
import type { CommandApp } from '../commands/commandApp';
import { goToFrame } from '../commands/goToFrame';
import type { CommandRegistry } from '../commands/registry';
import { inspectionStoreOf } from './inspectionStore';

/** The frames worst first (ties in scene order), as the host sorts them. */
export function byError(frames: readonly InspectionFrame[]): InspectionFrame[] {
  return [...frames].sort((a, b) => b.error - a.error || a.frameIndex - b.frameIndex);
}

/**
 * The frame after `current` in error order (the worst when `current` is not listed, or is the last
 * with an error); null when no frame has an error.
 */
export function nextByError(frames: readonly InspectionFrame[], current: number, step: 1 | -1): number | null {
  const wrong = byError(frames).filter((f) => f.error > 0);
  if (wrong.length === 0) return null;
  const at = wrong.findIndex((f) => f.frameIndex === current);
  if (at < 0) return wrong[0].frameIndex;
  return wrong[(at + step + wrong.length) % wrong.length].frameIndex;
}

const stepByError = (a: CommandApp, step: 1 | -1) => {
  const next = nextByError(inspectionStoreOf(a.workbench).getState().frames, a.view.frameIndex, step);
  if (next === null) a.view.say('No frame of the loaded predictions has an error');
  else goToFrame(a, next);
};

/** Stepping through the loaded predictions' frames by error: the worst, then the next worse ones. */
export function registerInspectionCommands(r: CommandRegistry<CommandApp>, when: string): void {
  r.register({ id: 'inspection.worstFrame', category: 'Inspection', title: 'Worst frame', description: 'The frame of the loaded predictions with the highest error', keys: ['Shift+E'], when, run: (a) => {
    const worst = byError(inspectionStoreOf(a.workbench).getState().frames)[0];
    if (worst && worst.error > 0) goToFrame(a, worst.frameIndex);
    else a.view.say('No frame of the loaded predictions has an error');
  } });
  r.register({ id: 'inspection.nextByError', category: 'Inspection', title: 'Following frame by error', description: 'Down the frames with an error, worst first', keys: ['J'], when, run: (a) => stepByError(a, 1) });
  r.register({ id: 'inspection.prevByError', category: 'Inspection', title: 'Preceding frame by error', description: 'Up the frames with an error, towards the worst', keys: ['K'], when, run: (a) => stepByError(a, -1) });
}
