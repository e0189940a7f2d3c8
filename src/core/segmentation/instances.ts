import { MAX_INSTANCE } from './labelWord';

/** One instance of a frame: its id, its points, and the semantic class most of them carry. */
export interface InstanceSummary {
  readonly instance: number;
  readonly points: number;
  readonly semantic: number;
}

/**
 * The frame's instances (id > 0), by increasing id. An instance normally holds one class; where a
 * later stroke gave some of its points another, the class of most of them names it.
 */
export function instanceSummaries(labels: Uint32Array): InstanceSummary[] {
  // Counted per whole word (instance and class together): a frame holds few distinct words.
  const perWord = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const w = labels[i];
    if (w > 0xffff) perWord.set(w, (perWord.get(w) ?? 0) + 1);
  }
  const byInstance = new Map<number, { points: number; semantic: number; most: number }>();
  for (const [word, n] of perWord) {
    const instance = word >>> 16;
    const semantic = word & 0xffff;
    const s = byInstance.get(instance);
    if (!s) byInstance.set(instance, { points: n, semantic, most: n });
    else {
      s.points += n;
      if (n > s.most || (n === s.most && semantic < s.semantic)) {
        s.most = n;
        s.semantic = semantic;
      }
    }
  }
  return [...byInstance].sort((a, b) => a[0] - b[0]).map(([instance, s]) => ({ instance, points: s.points, semantic: s.semantic }));
}

/**
 * The id a new instance of this frame gets: one past the highest in use, else the lowest free one
 * when the highest is taken. Throws when every id is in use.
 */
export function nextFreeInstance(labels: Uint32Array): number {
  let max = 0;
  for (let i = 0; i < labels.length; i++) {
    const instance = labels[i] >>> 16;
    if (instance > max) max = instance;
  }
  if (max < MAX_INSTANCE) return max + 1;
  const used = new Uint8Array(MAX_INSTANCE + 1);
  for (let i = 0; i < labels.length; i++) used[labels[i] >>> 16] = 1;
  for (let id = 1; id <= MAX_INSTANCE; id++) if (!used[id]) return id;
  throw new Error(`every instance id from 1 to ${MAX_INSTANCE} is in use in this frame`);
}

/** A colour per instance id, as #rrggbb: hues a golden angle apart, so neighbouring ids never look alike. */
export function instanceColour(instance: number): string {
  const hue = (instance * 137.508) % 360;
  const s = 0.75;
  const l = instance % 2 ? 0.55 : 0.65;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1))));
  return `#${[f(0), f(8), f(4)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
