import { describe, expect, it } from 'vitest';
import { yawOf } from '../geometry/quaternion';
import type { Cuboid } from '../geometry/cuboid';
import { createTestEditor, testCuboid } from '../editor/testEditor';
import { propagateRange } from './propagateRange';

const FRAMES = Array.from({ length: 12 }, (_, i) => `f${i}`);

function setup() {
  return createTestEditor({ frameOrder: FRAMES });
}

function boxes(editor: ReturnType<typeof setup>['editor'], trackId: string) {
  return editor.trackOf(trackId)!.keyframes.map((k) => [k.frameIndex, k.record.kind === 'cuboid' ? k.record.cuboid : null] as const);
}

describe('propagateRange', () => {
  it('copies a keyframe to every frame of a range as one undo step and one operation', async () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(3, 1, 0.4), attributes: { parked: true } });
    const result = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 2, toFrameIndex: 6, mode: 'copy' });
    expect(result).toMatchObject({ ok: true, kept: 0, refitted: 0, guess: 'copy' });
    if (!result.ok) return;
    expect(result.created.map((r) => r.frameId)).toEqual(['f3', 'f4', 'f5', 'f6']);
    expect(result.created.every((r) => r.classId === 'car' && r.attributes.parked === true)).toBe(true);
    for (const r of result.created) {
      expect(r.cuboid.center).toEqual(a.cuboid.center);
      expect(r.cuboid.size).toEqual(a.cuboid.size);
      r.cuboid.rotation.forEach((v, i) => expect(v).toBeCloseTo(a.cuboid.rotation[i], 14));
    }
    expect(operations).toHaveLength(2);
    expect(operations[1].changes).toHaveLength(4);
    expect(editor.undoLabel).toBe('propagate to frames 4–7');
    editor.undo();
    expect(editor.all()).toEqual([a]);
    editor.redo();
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([2, 3, 4, 5, 6]);
  });

  it('moves on at the pace of the last two keyframes, and backwards at the pace of the next two', async () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(0, 0, 0.1) });
    editor.createCuboid({ frameId: 'f6', classId: 'car', cuboid: testCuboid(4, -2, 0.5), trackId: a.trackId });
    const forward = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 6, toFrameIndex: 9, mode: 'velocity' });
    expect(forward).toMatchObject({ ok: true, guess: 'velocity' });
    const back = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 4, toFrameIndex: 2, mode: 'velocity' });
    expect(back.ok).toBe(true);
    // 2 m/frame in x, −1 in y, 0.2 rad/frame, the same either way along the timeline.
    for (const [f, box] of boxes(editor, a.trackId)) {
      expect(box!.center[0]).toBeCloseTo(2 * (f - 4), 9);
      expect(box!.center[1]).toBeCloseTo(-(f - 4), 9);
      expect(yawOf(box!.rotation)).toBeCloseTo(0.1 + 0.2 * (f - 4), 9);
    }
    expect(boxes(editor, a.trackId).map(([f]) => f)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].filter((f) => f !== 5));
  });

  it('propagates from an interpolated box, which becomes a keyframe in the same step', async () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(8), trackId: a.trackId });
    const result = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 2, toFrameIndex: 3, mode: 'copy' });
    expect(result.ok).toBe(true);
    expect(operations.at(-1)!.changes.map((c) => c.after!.frameId)).toEqual(['f2', 'f3']);
    expect(editor.trackAt(a.trackId, 3)!.objectId).not.toBe(a.objectId);
    expect((editor.trackAt(a.trackId, 3) as { cuboid: Cuboid }).cuboid.center[0]).toBeCloseTo(4, 12);
    editor.undo();
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 4]);
  });

  it('keeps keyframes on the way and goes on from them', async () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    const held = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(10), trackId: a.trackId });
    const result = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 0, toFrameIndex: 3, mode: 'copy' });
    expect(result).toMatchObject({ ok: true, kept: 1 });
    expect(editor.get(held.objectId)).toBe(held);
    expect(boxes(editor, a.trackId).map(([f, b]) => [f, b!.center[0]])).toEqual([
      [0, 0],
      [1, 0],
      [2, 10],
      [3, 10],
    ]);
  });

  it('refits each frame and starts the next guess from the refitted box', async () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    const guesses: number[] = [];
    const result = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 0, toFrameIndex: 3, mode: 'copy' }, async (f, guess) => {
      guesses.push(guess.center[0]);
      return f === 2 ? null : { ...guess, center: [guess.center[0] + 1, guess.center[1], guess.center[2]] };
    });
    expect(result).toMatchObject({ ok: true, refitted: 2 });
    expect(guesses).toEqual([0, 1, 1]);
    expect(boxes(editor, a.trackId).map(([, b]) => b!.center[0])).toEqual([0, 1, 1, 2]);
  });

  it('refuses what it cannot do, and commits nothing', async () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(0), trackId: a.trackId });
    const ask = (fromFrameIndex: number, toFrameIndex: number) => propagateRange(editor, { trackId: a.trackId, fromFrameIndex, toFrameIndex, mode: 'copy' });
    expect(await ask(0, 0)).toEqual({ ok: false, reason: 'Choose a frame other than the one shown' });
    expect(await ask(0, 12)).toEqual({ ok: false, reason: 'There is no frame 13' });
    expect(await ask(5, 7)).toEqual({ ok: false, reason: 'The track has no box on frame 6' });
    expect(await ask(0, 1)).toEqual({ ok: false, reason: 'Every frame of that range already has a keyframe of this track' });
    expect(await propagateRange(editor, { trackId: 'none', fromFrameIndex: 0, toFrameIndex: 1, mode: 'copy' })).toMatchObject({ ok: false });
    expect(operations).toHaveLength(2);
  });

  it('makes nothing when the track changed while a refit was running', async () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    const result = await propagateRange(editor, { trackId: a.trackId, fromFrameIndex: 0, toFrameIndex: 2, mode: 'copy' }, (f) => {
      if (f === 2) editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(5), trackId: a.trackId });
      return null;
    });
    expect(result).toEqual({ ok: false, reason: 'The track changed while propagating; nothing was made' });
    expect(operations).toHaveLength(2);
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 2]);
  });
});
