import type { JsonReader } from './jsonPath';

/** Inclusive [first, last] frame ranges, Cairn's form of OpenLABEL's {frame_start, frame_end}. */
export type FrameInterval = readonly [number, number];

export function readFrameIntervals(reader: JsonReader, value: unknown, path: string): FrameInterval[] | undefined {
  const list = reader.optionalArray(value, path);
  if (!list) return undefined;
  return list.map((raw, i) => {
    const itemPath = `${path}[${i}]`;
    const item = reader.record(raw, itemPath);
    const start = reader.frameNumber(item.frame_start, `${itemPath}.frame_start`);
    const end = reader.frameNumber(item.frame_end, `${itemPath}.frame_end`);
    if (end < start) reader.fail(itemPath, `frame_end ${end} is before frame_start ${start}`);
    return [start, end] as const;
  });
}

/** Sorted frame numbers as the fewest inclusive runs: [0, 1, 2, 5] → [[0, 2], [5, 5]]. */
export function runsOf(frames: Iterable<number>): FrameInterval[] {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const f of sorted) {
    const last = runs[runs.length - 1];
    if (last && f === last[1] + 1) last[1] = f;
    else runs.push([f, f]);
  }
  return runs;
}

export function inIntervals(intervals: readonly FrameInterval[] | undefined, frame: number): boolean {
  return !intervals || intervals.some(([a, b]) => frame >= a && frame <= b);
}
