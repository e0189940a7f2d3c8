import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { timedSweepScene, type TimedSweepScene } from '../../core/plausibility/testing/timedSweepScene';

export { TIMED_CARS, TIMED_FRAME_PERIOD, TIMED_SCENE_ID, TIMED_T0, type TimedSweepScene } from '../../core/plausibility/testing/timedSweepScene';

/** Writes core's timed-sweep scene (scene.json and one PCD a frame) into `dir`, for tests that serve or import it as files. */
export function writeTimedSweepScene(dir: string, frames = 3): TimedSweepScene & { readonly dir: string } {
  const scene = timedSweepScene(frames);
  for (const [file, bytes] of scene.files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  writeFileSync(path.join(dir, 'scene.json'), JSON.stringify(scene.manifest, null, 1));
  return { ...scene, dir };
}
