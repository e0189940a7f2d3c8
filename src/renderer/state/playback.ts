import type { CairnClient } from '../../shared/client';
import { showFrame } from './loadScene';
import { useView } from './viewStore';

const FALLBACK_PERIOD_S = 0.1;

let run = 0;

/**
 * Plays the sequence at its recorded rate: frame i is due at (t_i − t_start) after the press.
 * When a frame arrives late the frames already overdue are skipped, so playback keeps to the
 * clock instead of drifting; a sequence without increasing timestamps plays at 10 Hz.
 */
export function play(client: CairnClient): void {
  const { scene, frameIndex } = useView.getState();
  const frames = scene?.manifest.frames;
  if (!frames || frames.length < 2) return;
  const start = frameIndex >= frames.length - 1 ? 0 : frameIndex;
  const id = ++run;
  useView.getState().set({ playing: true });
  const wallStart = performance.now();
  const timeOf = (i: number) => {
    const t = frames[i].timestamp - frames[start].timestamp;
    return Number.isFinite(t) && t > 0 ? t : (i - start) * FALLBACK_PERIOD_S;
  };
  const step = async (current: number) => {
    if (id !== run) return;
    const elapsed = (performance.now() - wallStart) / 1000;
    let next = current + 1;
    while (next + 1 < frames.length && timeOf(next + 1) <= elapsed) next++;
    if (next >= frames.length) {
      stop();
      return;
    }
    const wait = Math.max(0, timeOf(next) * 1000 - (performance.now() - wallStart));
    setTimeout(async () => {
      if (id !== run) return;
      await showFrame(client, next);
      void step(next);
    }, wait);
  };
  if (start !== frameIndex) void showFrame(client, start).then(() => step(start));
  else void step(start);
}

export function stop(): void {
  run++;
  useView.getState().set({ playing: false });
}

export function togglePlay(client: CairnClient): void {
  if (useView.getState().playing) stop();
  else play(client);
}
