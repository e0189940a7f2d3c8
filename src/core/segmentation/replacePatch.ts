import { runsFromSortedIndices } from './indexRuns';
import { encodeValues, type LabelPatch } from './labelPatch';

/** The patch that turns (an imported .label file, say) `current` into `next` (same length), with how many points it changes; null when they agree. */
export function replacePatch(frameId: string, current: Uint32Array, next: Uint32Array): (LabelPatch & { readonly changed: number }) | null {
  if (current.length !== next.length) throw new Error(`the labels hold ${next.length} points, the frame ${current.length}`);
  const changed: number[] = [];
  for (let i = 0; i < current.length; i++) if (current[i] !== next[i]) changed.push(i);
  if (changed.length === 0) return null;
  return {
    frameId,
    runs: runsFromSortedIndices(changed),
    before: encodeValues(changed.map((i) => current[i])),
    after: encodeValues(changed.map((i) => next[i])),
    changed: changed.length,
  };
}
