import type { Workbench } from '../workbench/workbench';
import { showFrame } from './loadScene';

const FALLBACK_PERIOD_S = 0.1;

/**
 * Plays the sequence at its recorded rate: frame i is due at (t_i − t_start) after the press.
 * When a frame arrives late the frames already overdue are skipped, so playback keeps to the
 * clock instead of drifting; a sequence without increasing timestamps plays at 10 Hz.
 */
export function play(wb: Workbench): void {
  const { scene, frameIndex } = wb.view.getState();
  const frames = scene?.manifest.frames;
  if (!frames || frames.length < 2) return;
  const start = frameIndex >= frames.length - 1 ? 0 : frameIndex;
  const id = ++wb.playbackRun;
  wb.view.getState().playingChanged(true);
  const wallStart = performance.now();
  const timeOf = (i: number) => {
    const t = frames[i].timestamp - frames[start].timestamp;
    return Number.isFinite(t) && t > 0 ? t : (i - start) * FALLBACK_PERIOD_S;
  };
  const step = async (current: number) => {
    if (id !== wb.playbackRun) return;
    const elapsed = (performance.now() - wallStart) / 1000;
    let next = current + 1;
    while (next + 1 < frames.length && timeOf(next + 1) <= elapsed) next++;
    if (next >= frames.length) {
      stop(wb);
      return;
    }
    const wait = Math.max(0, timeOf(next) * 1000 - (performance.now() - wallStart));
    setTimeout(async () => {
      if (id !== wb.playbackRun) return;
      await showFrame(wb, next);
      void step(next);
    }, wait);
  };
  if (start !== frameIndex) void showFrame(wb, start).then(() => step(start));
  else void step(start);
}

export function stop(wb: Workbench): void {
  wb.playbackRun++;
  wb.view.getState().playingChanged(false);
}

export function togglePlay(wb: Workbench): void {
  if (wb.view.getState().playing) stop(wb);
  else play(wb);
}
