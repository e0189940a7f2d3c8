import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { createTestEditor, testCuboid } from '../editor/testEditor';
import { deleteTrackFrom, mergeCandidates, mergeTracks, splitTrack } from './splitMerge';

const FRAMES = Array.from({ length: 12 }, (_, i) => `f${i}`);

/** Keyframes on 0, 4 and 8, 1 m a frame along x, with settings of its own. */
function setup() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const a = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
  t.editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(4), trackId: a.trackId });
  t.editor.createCuboid({ frameId: 'f8', classId: 'car', cuboid: testCuboid(8), trackId: a.trackId });
  t.editor.commitChanges('spline', [], [{ trackId: a.trackId, before: null, after: { centre: 'catmull-rom' } }]);
  return { ...t, trackId: a.trackId };
}

const frames = (t: ReturnType<typeof setup>, trackId: string) => t.editor.trackOf(trackId)?.keyframes.map((k) => k.frameIndex) ?? [];
const x = (t: ReturnType<typeof setup>, trackId: string, f: number) => (t.editor.trackAt(trackId, f) as CuboidAnnotation | null)?.cuboid.center[0];

describe('splitTrack', () => {
  it('gives the keyframes from the frame on a new track with the same settings, both halves showing what they showed', () => {
    const t = setup();
    const result = splitTrack(t.editor, t.trackId, 6);
    if (!result.ok) throw new Error(result.reason);
    expect(frames(t, t.trackId)).toEqual([0, 4, 5]);
    expect(frames(t, result.newTrackId)).toEqual([6, 8]);
    expect(x(t, t.trackId, 5)).toBeCloseTo(5, 9);
    expect(x(t, result.newTrackId, 6)).toBeCloseTo(6, 9);
    expect(t.editor.trackAt(t.trackId, 6)).toBeNull();
    expect(t.editor.trackSettingsOf(result.newTrackId)).toEqual({ centre: 'catmull-rom' });
    expect(t.editor.undoLabel).toBe('split track at frame 7');
    expect(t.operations.at(-1)!.trackSettings).toEqual([{ trackId: result.newTrackId, before: null, after: { centre: 'catmull-rom' } }]);
    t.editor.undo();
    expect(frames(t, t.trackId)).toEqual([0, 4, 8]);
    expect(t.editor.trackOf(result.newTrackId)).toBeUndefined();
    expect(t.editor.storedTrackSettings().has(result.newTrackId)).toBe(false);
  });

  it('splits on a keyframe without pinning it, and refuses at or before the first box or after the last', () => {
    const t = setup();
    const result = splitTrack(t.editor, t.trackId, 4);
    if (!result.ok) throw new Error(result.reason);
    expect(frames(t, t.trackId)).toEqual([0, 3]);
    expect(frames(t, result.newTrackId)).toEqual([4, 8]);
    const u = setup();
    for (const at of [0, 9]) expect(splitTrack(u.editor, u.trackId, at)).toMatchObject({ ok: false, reason: expect.stringMatching(/between two of its boxes/) });
  });
});

describe('mergeTracks', () => {
  it('moves the second track’s keyframes into the first, which keeps its settings; the second’s go', () => {
    const t = setup();
    const b = t.editor.createCuboid({ frameId: 'f10', classId: 'car', cuboid: testCuboid(10) });
    t.editor.commitChanges('locked', [], [{ trackId: b.trackId, before: null, after: { size: 'linear' } }]);
    expect(mergeTracks(t.editor, t.trackId, b.trackId)).toEqual({ ok: true, moved: 1 });
    expect(frames(t, t.trackId)).toEqual([0, 4, 8, 10]);
    expect(t.editor.trackOf(b.trackId)).toBeUndefined();
    expect(t.editor.trackSettingsOf(t.trackId)).toEqual({ centre: 'catmull-rom' });
    expect(t.editor.storedTrackSettings().has(b.trackId)).toBe(false);
    expect(t.editor.get(b.objectId)!.trackId).toBe(t.trackId);
    t.editor.undo();
    expect(frames(t, b.trackId)).toEqual([10]);
    expect(t.editor.trackSettingsOf(b.trackId)).toEqual({ size: 'linear' });
  });

  it('refuses keyframes of both on one frame, naming the frames, and merging a track with itself', () => {
    const t = setup();
    const b = t.editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(4, 3) });
    t.editor.createCuboid({ frameId: 'f8', classId: 'car', cuboid: testCuboid(8, 3), trackId: b.trackId });
    t.editor.createCuboid({ frameId: 'f9', classId: 'car', cuboid: testCuboid(9, 3), trackId: b.trackId });
    const ops = t.operations.length;
    expect(mergeTracks(t.editor, t.trackId, b.trackId)).toEqual({ ok: false, reason: 'Both tracks have a box on frames 5, 9: delete the one that should go, then merge' });
    expect(mergeTracks(t.editor, t.trackId, t.trackId)).toMatchObject({ ok: false });
    expect(t.operations).toHaveLength(ops);
    expect(frames(t, b.trackId)).toEqual([4, 8, 9]);
  });
});

describe('mergeCandidates', () => {
  it('lists tracks nearest in time first, those that would be refused last', () => {
    const t = setup();
    const far = t.editor.createCuboid({ frameId: 'f11', classId: 'car', cuboid: testCuboid(11) });
    const near = t.editor.createCuboid({ frameId: 'f9', classId: 'van', cuboid: testCuboid(9) });
    const clash = t.editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(4, 3) });
    expect(mergeCandidates(t.editor, t.trackId)).toEqual([
      { trackId: near.trackId, classId: 'van', first: 9, last: 9, clashes: 0 },
      { trackId: far.trackId, classId: 'car', first: 11, last: 11, clashes: 0 },
      { trackId: clash.trackId, classId: 'car', first: 4, last: 4, clashes: 1 },
    ]);
    expect(mergeCandidates(t.editor, 'none')).toEqual([]);
  });
});

describe('deleteTrackFrom', () => {
  it('deletes the keyframes on and after the frame, keeping the frame before as it showed', () => {
    const t = setup();
    expect(deleteTrackFrom(t.editor, t.trackId, 6)).toEqual({ ok: true, deleted: 1 });
    expect(frames(t, t.trackId)).toEqual([0, 4, 5]);
    expect(x(t, t.trackId, 5)).toBeCloseTo(5, 9);
    expect(t.editor.undoLabel).toBe('delete track from frame 7 on');
    t.editor.undo();
    expect(frames(t, t.trackId)).toEqual([0, 4, 8]);
  });

  it('deleting from the first box deletes the track and its settings in one step', () => {
    const t = setup();
    expect(deleteTrackFrom(t.editor, t.trackId, 0)).toEqual({ ok: true, deleted: 3 });
    expect(t.editor.trackOf(t.trackId)).toBeUndefined();
    expect(t.editor.storedTrackSettings().has(t.trackId)).toBe(false);
    t.editor.undo();
    expect(t.editor.trackSettingsOf(t.trackId)).toEqual({ centre: 'catmull-rom' });
    expect(deleteTrackFrom(t.editor, t.trackId, 9)).toMatchObject({ ok: false });
  });
});
