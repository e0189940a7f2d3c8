import { describe, expect, it } from 'vitest';
import { assignedFrameIndices, overlapCount, splitAssignment } from './split';
import type { AssignmentBody } from './schema';

const key = (i: number) => i.toString(16).padStart(64, '0');
const assignment = (annotators: number, frames: AssignmentBody['frames'], rate: number, replicas: number, assignmentId = '00000000-0000-4000-8000-0000000000a1') => ({
  assignmentId,
  frames,
  annotators: Array.from({ length: annotators }, (_, i) => ({ keyId: key(i + 1), lane: `lane-${i}` })),
  overlap: { rate, replicas },
});

/** Each frame and who was given it. */
function holders(split: ReturnType<typeof splitAssignment>) {
  const out = new Map<number, string[]>();
  for (const share of split.annotators) for (const { frame } of share.frames) out.set(frame, [...(out.get(frame) ?? []), share.keyId]);
  return out;
}

describe('splitAssignment', () => {
  it('gives 10 % of 100 frames to 3 of 5 annotators and every other frame to exactly one, with equal loads', () => {
    const split = splitAssignment(assignment(5, { kind: 'ranges', ranges: [{ first: 0, last: 99 }] }, 0.1, 3));
    expect(split.overlapFrames).toHaveLength(10);
    const who = holders(split);
    expect([...who.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const [frame, keys] of who) {
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length, `frame ${frame}`).toBe(split.overlapFrames.includes(frame) ? 3 : 1);
    }
    // 90 + 10 × 3 = 120 frame-labellings over 5 people.
    expect(split.annotators.map((s) => s.frames.length)).toEqual([24, 24, 24, 24, 24]);
    for (const s of split.annotators) for (const f of s.frames) expect(f.overlap).toBe(split.overlapFrames.includes(f.frame));
  });

  it('is the same split for anyone holding the record, and another for another assignment id', () => {
    const a = assignment(4, { kind: 'sequence', frameCount: 200 }, 0.15, 2);
    expect(splitAssignment(a)).toEqual(splitAssignment(structuredClone(a)));
    const b = splitAssignment({ ...a, assignmentId: '00000000-0000-4000-8000-0000000000b2' });
    expect(b.overlapFrames).not.toEqual(splitAssignment(a).overlapFrames);
  });

  it('keeps each annotator’s own frames in contiguous runs and lets every pair of annotators meet on overlap frames', () => {
    const split = splitAssignment(assignment(4, { kind: 'sequence', frameCount: 400 }, 0.1, 2));
    const pairs = new Set<string>();
    for (const keys of holders(split).values()) if (keys.length === 2) pairs.add([...keys].sort().join());
    expect(pairs.size).toBe(6);
    for (const share of split.annotators) {
      const own = share.frames.filter((f) => !f.overlap).map((f) => f.frame);
      const runs = own.filter((f, i) => i === 0 || !split.overlapFrames.some((o) => o > own[i - 1] && o < f) && f !== own[i - 1] + 1).length;
      expect(runs).toBe(1);
    }
    const loads = split.annotators.map((s) => s.frames.length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('handles one annotator (no overlap possible), lists with repeats and tiny sets', () => {
    const one = splitAssignment(assignment(1, { kind: 'list', frames: [5, 3, 5, 9] }, 0, 1));
    expect(one).toEqual({ overlapFrames: [], annotators: [{ keyId: key(1), lane: 'lane-0', frames: [3, 5, 9].map((frame) => ({ frame, overlap: false })) }] });
    const all = splitAssignment(assignment(3, { kind: 'list', frames: [7] }, 1, 3));
    expect(all.annotators.map((s) => s.frames)).toEqual([[{ frame: 7, overlap: true }], [{ frame: 7, overlap: true }], [{ frame: 7, overlap: true }]]);
    // More annotators than frames: some get nothing, nobody gets a frame twice.
    const sparse = splitAssignment(assignment(5, { kind: 'list', frames: [1, 2] }, 0, 1));
    expect(sparse.annotators.flatMap((s) => s.frames.map((f) => f.frame)).sort()).toEqual([1, 2]);
  });

  it('counts overlap frames by rounding the rate, at least one when the rate is not 0', () => {
    expect([overlapCount(100, 0.1), overlapCount(5, 0.1), overlapCount(5, 0), overlapCount(0, 0.5), overlapCount(3, 1)]).toEqual([10, 1, 0, 0, 3]);
    expect(assignedFrameIndices({ kind: 'ranges', ranges: [{ first: 4, last: 6 }, { first: 0, last: 1 }, { first: 5, last: 8 }] })).toEqual([0, 1, 4, 5, 6, 7, 8]);
  });
});
