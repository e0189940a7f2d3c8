import { describe, expect, it } from 'vitest';
import { quatFromYaw, yawOf } from '../../geometry/quaternion';
import { createTestEditor, testCuboid } from '../../editor/testEditor';
import { propagateToNextFrame } from './propagate';

const FRAMES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'];

function setup() {
  return createTestEditor({ frameOrder: FRAMES });
}

describe('propagateToNextFrame', () => {
  it('copies a box with no keyframe before it to the next frame, as a keyframe of the same track', () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(3, 4, 0.3), attributes: { parked: true } });
    const result = propagateToNextFrame(editor, a.objectId);
    expect(result).toMatchObject({ ok: true, frameIndex: 2, guess: 'copy' });
    if (!result.ok) return;
    expect(result.record).toMatchObject({ frameId: 'f2', trackId: a.trackId, classId: 'car', attributes: { parked: true } });
    expect(result.record.objectId).not.toBe(a.objectId);
    expect(result.record.cuboid).toEqual(a.cuboid);
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([1, 2]);
    expect(operations).toHaveLength(2);
  });

  it('guesses at constant velocity from the last two keyframes: centre and heading per frame', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0, 0, 0.1) });
    const b = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(4, -2, 0.5), trackId: a.trackId });
    const result = propagateToNextFrame(editor, b.objectId);
    expect(result).toMatchObject({ ok: true, frameIndex: 3, guess: 'velocity' });
    if (!result.ok) return;
    // Two frames apart: 2 m/frame in x, −1 m/frame in y, 0.2 rad/frame.
    expect(result.record.cuboid.center[0]).toBeCloseTo(6, 12);
    expect(result.record.cuboid.center[1]).toBeCloseTo(-3, 12);
    expect(result.record.cuboid.center[2]).toBeCloseTo(0.8, 12);
    expect(yawOf(result.record.cuboid.rotation)).toBeCloseTo(0.7, 12);
    expect(result.record.cuboid.size).toEqual(b.cuboid.size);
  });

  it('turns the short way across ±π', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0, 0, Math.PI - 0.1) });
    const b = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(1, 0, -Math.PI + 0.1), trackId: a.trackId });
    const result = propagateToNextFrame(editor, b.objectId);
    if (!result.ok) throw new Error(result.reason);
    const turned = quatFromYaw(-Math.PI + 0.3);
    const dot = turned.reduce((s, v, i) => s + v * result.record.cuboid.rotation[i], 0);
    expect(Math.abs(dot)).toBeCloseTo(1, 12);
  });

  it('is one undo step, and redo brings the same box back', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const result = propagateToNextFrame(editor, a.objectId);
    if (!result.ok) throw new Error(result.reason);
    editor.undo();
    expect(editor.all()).toEqual([a]);
    editor.redo();
    expect(editor.get(result.record.objectId)).toEqual(result.record);
  });

  it('refuses on the last frame, onto an existing keyframe, and without a box', () => {
    const { editor, operations } = setup();
    const last = editor.createCuboid({ frameId: 'f5', classId: 'car', cuboid: testCuboid() });
    const a = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(), trackId: a.trackId });
    expect(propagateToNextFrame(editor, last.objectId)).toEqual({ ok: false, reason: 'The box is on the last frame' });
    expect(propagateToNextFrame(editor, a.objectId)).toEqual({ ok: false, reason: 'The track already has a keyframe on the next frame' });
    expect(propagateToNextFrame(editor, 'nothing')).toMatchObject({ ok: false });
    expect(operations).toHaveLength(3);
  });
});
