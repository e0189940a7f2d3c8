import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { yawOf } from '../geometry/quaternion';
import { createTestEditor, testCuboid } from '../editor/testEditor';
import { editRange } from './editRange';

const FRAMES = Array.from({ length: 12 }, (_, i) => `f${i}`);

/** A car driving 1 m a frame along x from frame 0 to frame 10, keyframes on 0, 5 and 10. */
function setup() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const a = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0, 0, 0.1) });
  t.editor.createCuboid({ frameId: 'f5', classId: 'car', cuboid: testCuboid(5, 0, 0.1), trackId: a.trackId });
  t.editor.createCuboid({ frameId: 'f10', classId: 'car', cuboid: testCuboid(10, 0, 0.1), trackId: a.trackId });
  return { ...t, trackId: a.trackId };
}

function shown(t: ReturnType<typeof setup>, f: number): CuboidAnnotation {
  return t.editor.trackAt(t.trackId, f) as CuboidAnnotation;
}

describe('editRange', () => {
  it('moves and turns every frame of the range and leaves every frame outside as it was, in one undo step', () => {
    const t = setup();
    const before = FRAMES.map((_, f) => shown(t, f)?.cuboid ?? null);
    const result = editRange(t.editor, t.trackId, 3, 7, { translate: [0, 2, 0], yaw: 0.3 });
    expect(result.ok).toBe(true);
    for (let f = 0; f <= 10; f++) {
      const box = shown(t, f).cuboid;
      const inside = f >= 3 && f <= 7;
      expect(box.center[0]).toBeCloseTo(before[f]!.center[0], 9);
      expect(box.center[1]).toBeCloseTo(inside ? 2 : 0, 9);
      expect(yawOf(box.rotation)).toBeCloseTo(inside ? 0.4 : 0.1, 9);
    }
    expect(t.editor.undoLabel).toBe('edit frames 4–8');
    expect(t.operations).toHaveLength(4);
    // Pinned: 2 and 8 as they were, 3 and 7 edited; the keyframe on 5 edited.
    expect(t.operations[3].changes.map((c) => [c.after!.frameId, c.before === null])).toEqual([
      ['f2', true],
      ['f8', true],
      ['f3', true],
      ['f7', true],
      ['f5', false],
    ]);
    t.editor.undo();
    for (let f = 0; f <= 10; f++) expect(shown(t, f).cuboid.center[1]).toBeCloseTo(0, 12);
    expect(t.editor.trackOf(t.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 5, 10]);
  });

  it('sets the class of the range only', () => {
    const t = setup();
    editRange(t.editor, t.trackId, 5, 10, { classId: 'van' });
    expect(FRAMES.slice(0, 11).map((_, f) => shown(t, f).classId)).toEqual([...Array(5).fill('car'), ...Array(6).fill('van')]);
  });

  it('resizes the whole of a locked track, and only the range of an unlocked one', () => {
    const t = setup();
    editRange(t.editor, t.trackId, 0, 5, { size: [0.5, 0, 0] });
    for (const f of [0, 3, 7, 10]) expect(shown(t, f).cuboid.size[0]).toBeCloseTo(5, 12);

    const u = setup();
    u.editor.commitChanges('size linear', [], [{ trackId: u.trackId, before: null, after: { size: 'linear' } }]);
    editRange(u.editor, u.trackId, 0, 5, { size: [0.5, 0, 0] });
    expect(shown(u, 5).cuboid.size[0]).toBeCloseTo(5, 12);
    expect(shown(u, 10).cuboid.size[0]).toBeCloseTo(4.5, 12);
  });

  it('clamps the range to the track, and refuses a range beside it or an impossible box', () => {
    const t = setup();
    expect(editRange(t.editor, t.trackId, 8, 11, { translate: [0, 1, 0] })).toMatchObject({ ok: true });
    expect(shown(t, 10).cuboid.center[1]).toBeCloseTo(1, 12);
    expect(t.editor.trackAt(t.trackId, 11)).toBeNull();
    expect(editRange(t.editor, t.trackId, 11, 11, { translate: [0, 1, 0] })).toEqual({ ok: false, reason: 'The track has no box from frame 12 to 12' });
    const ops = t.operations.length;
    expect(editRange(t.editor, t.trackId, 0, 10, { size: [-9, 0, 0] })).toMatchObject({ ok: false, reason: expect.stringMatching(/impossible/) });
    expect(editRange(t.editor, t.trackId, 0, 10, {})).toEqual({ ok: true, changed: 0 });
    expect(t.operations).toHaveLength(ops);
  });
});
