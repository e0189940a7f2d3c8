import type { RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * A rigid object keeps its size: each keyframe whose length, width or height differs from the
 * track's median by more than `tolerance` (relative) is flagged. With two keyframes there is no
 * majority, so the later one is measured against the first.
 */
export function trackSizeFindings(track: readonly PlacedBox[], tolerance: number): RuleFinding[] {
  if (track.length < 2) return [];
  const sizes = track.map((b) => b.record.cuboid.size);
  const reference = track.length === 2 ? sizes[0] : ([0, 1, 2].map((i) => median(sizes.map((s) => s[i]))) as [number, number, number]);
  const out: RuleFinding[] = [];
  track.forEach((box, k) => {
    if (track.length === 2 && k === 0) return;
    const size = box.record.cuboid.size;
    let worst = 0;
    let axis = 0;
    for (let i = 0; i < 3; i++) {
      const change = Math.abs(size[i] - reference[i]) / reference[i];
      if (change > worst) {
        worst = change;
        axis = i;
      }
    }
    if (worst > tolerance) {
      const edge = ['length', 'width', 'height'][axis];
      out.push({
        rule: 'track-size',
        ...where(box),
        value: worst,
        limit: tolerance,
        message: `${edge} ${size[axis].toFixed(2)} m against the track's ${reference[axis].toFixed(2)} m (${Math.round(worst * 100)} % change, ${Math.round(tolerance * 100)} % allowed)`,
      });
    }
  });
  return out;
}
