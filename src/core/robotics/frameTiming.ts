/** A message picked for a frame, by its position in its topic's list. */
export interface PlannedFrame {
  /** Index of the LiDAR sweep in the sweep list. */
  readonly sweep: number;
  readonly timestamp: number;
  /** Camera id → index of the nearest image in that camera's list. */
  readonly images: ReadonlyMap<string, number>;
}

export interface MissingImage {
  readonly camera: string;
  readonly frame: number;
  /** Distance to the nearest image, seconds; null when the camera has none at all. */
  readonly nearest: number | null;
}

export interface FramePlan {
  readonly frames: PlannedFrame[];
  readonly missing: MissingImage[];
}

export interface FramePlanOptions {
  /** How far an image may be from its sweep, seconds. */
  readonly tolerance: number;
}

/**
 * Frames by timestamp: one per LiDAR sweep, each camera's nearest
 * image within `tolerance`, and every frame a camera has no image for reported. Timestamps are
 * seconds; both lists must be sorted ascending.
 */
export function planFrames(sweeps: readonly number[], cameras: ReadonlyMap<string, readonly number[]>, options: FramePlanOptions): FramePlan {
  const frames: PlannedFrame[] = [];
  const missing: MissingImage[] = [];
  sweeps.forEach((t, sweep) => {
    const images = new Map<string, number>();
    for (const [camera, stamps] of cameras) {
      const i = nearestIndex(stamps, t);
      const gap = i === null ? null : Math.abs(stamps[i] - t);
      if (i !== null && gap! <= options.tolerance) images.set(camera, i);
      else missing.push({ camera, frame: frames.length, nearest: gap });
    }
    frames.push({ sweep, timestamp: t, images });
  });
  return { frames, missing };
}

/** Index of the value nearest t in a sorted list; null when the list is empty. */
export function nearestIndex(sorted: readonly number[], t: number): number | null {
  if (sorted.length === 0) return null;
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= t) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[lo] - t) <= Math.abs(sorted[hi] - t) ? lo : hi;
}

/**
 * Thins sweeps to at most `rate` a second as they stream by (so a skipped sweep is never
 * decoded): a sweep is kept when it comes at least 1/rate after the last kept one, with a
 * millisecond of slack so 10 Hz sweeps 0.0999 s apart pass --rate 10. No rate keeps all.
 */
export class RateGate {
  private last = -Infinity;
  private readonly minGap: number;

  constructor(rate?: number) {
    this.minGap = rate && rate > 0 ? 1 / rate : 0;
  }

  keeps(t: number): boolean {
    if (this.minGap > 0 && t - this.last < this.minGap - 1e-3) return false;
    this.last = t;
    return true;
  }
}
