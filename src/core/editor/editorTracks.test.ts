import { describe, expect, it } from 'vitest';
import { asCuboid } from '../annotations/guards';
import { yawOf } from '../geometry/quaternion';
import { createTestEditor, testCuboid } from './testEditor';

const FRAMES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'];

function setup() {
  return createTestEditor({ frameOrder: FRAMES, ontologyVersion: 3 });
}

describe('Editor: tracks', () => {
  it('stamps a new box with its kind, the ontology version and a track of its own', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const b = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(10) });
    expect(a).toMatchObject({ kind: 'cuboid', ontologyVersion: 3 });
    expect(a.trackId).not.toBe(a.objectId);
    expect(b.trackId).not.toBe(a.trackId);
    expect(editor.tracks().map((t) => t.trackId).sort()).toEqual([a.trackId, b.trackId].sort());
  });

  it('lists a track’s keyframes in the scene’s frame order, whatever order they were made in', () => {
    const { editor } = setup();
    const late = editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(4) });
    const early = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(1), trackId: late.trackId });
    const middle = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(2), trackId: late.trackId });
    const track = editor.trackOf(late.trackId)!;
    expect(track.kind).toBe('cuboid');
    expect(track.keyframes.map((k) => [k.frameIndex, k.record.objectId])).toEqual([
      [1, early.objectId],
      [2, middle.objectId],
      [4, late.objectId],
    ]);
    expect(editor.trackOf('00000000-0000-4000-8000-0000000000ff')).toBeUndefined();
  });

  it('refuses a second box of one track on the same frame', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid() });
    expect(() => editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(1), trackId: a.trackId })).toThrow(/already has a box on frame f1/);
    expect(editor.all()).toHaveLength(1);
  });

  it('interpolates between keyframes (computed, not stored) and gives nothing outside the track', () => {
    const { editor, operations } = setup();
    const a = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(0, 0, 0.2) });
    editor.createCuboid({ frameId: 'f5', classId: 'car', cuboid: testCuboid(8, -4, 0.6), trackId: a.trackId });
    const at3 = asCuboid(editor.trackAt(a.trackId, 3));
    expect(at3.objectId).toBe(a.objectId);
    expect(at3.cuboid.center[0]).toBeCloseTo(4, 12);
    expect(at3.cuboid.center[1]).toBeCloseTo(-2, 12);
    expect(yawOf(at3.cuboid.rotation)).toBeCloseTo(0.4, 12);
    expect(editor.trackAt(a.trackId, 1)).toBe(editor.get(a.objectId));
    expect(editor.trackAt(a.trackId, 0)).toBeNull();
    expect(asCuboid(editor.trackAt(a.trackId, 3, { centre: 'catmull-rom' })).cuboid.center[0]).toBeCloseTo(4, 12);
    expect(editor.all()).toHaveLength(2);
    expect(operations).toHaveLength(2);
  });

  it('follows undo, redo, deletes and reset: a track is the records that exist now', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const b = editor.createCuboid({ frameId: 'f3', classId: 'car', cuboid: testCuboid(3), trackId: a.trackId });
    editor.undo();
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.record.objectId)).toEqual([a.objectId]);
    editor.redo();
    expect(editor.trackOf(a.trackId)!.keyframes).toHaveLength(2);
    editor.deleteObjects([a.objectId, b.objectId]);
    expect(editor.trackOf(a.trackId)).toBeUndefined();
    expect(editor.tracks()).toEqual([]);
    editor.reset([a, b]);
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 3]);
  });

  it('an edit of one keyframe changes that record only: the frames around it follow by interpolation', () => {
    const { editor, operations } = setup();
    const first = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0) });
    const ids = [first.objectId];
    for (let f = 1; f < FRAMES.length; f++) ids.push(editor.createCuboid({ frameId: FRAMES[f], classId: 'car', cuboid: testCuboid(f * 2), trackId: first.trackId }).objectId);
    const others = ids.filter((id) => id !== ids[2]).map((id) => editor.get(id));
    editor.deleteObjects([ids[3]]);
    editor.updateCuboid(ids[2], { cuboid: { center: [100, 0, 0.8] } });
    expect(operations.at(-1)!.changes.map((c) => c.objectId)).toEqual([ids[2]]);
    expect(others.filter((r) => r!.objectId !== ids[3]).every((r) => editor.get(r!.objectId) === r)).toBe(true);
    expect(asCuboid(editor.trackAt(first.trackId, 3)).cuboid.center[0]).toBeCloseTo(54, 12);
  });

  it('places a track once and again only after a change to it', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const b = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(9) });
    const placed = editor.trackOf(a.trackId);
    editor.updateCuboid(b.objectId, { classId: 'van' });
    expect(editor.trackOf(a.trackId)).toBe(placed);
    editor.updateCuboid(a.objectId, { classId: 'van' });
    expect(editor.trackOf(a.trackId)).not.toBe(placed);
    expect(editor.trackOf(a.trackId)!.keyframes[0].record.classId).toBe('van');
  });

  it('leaves out of the keyframes a record on a frame the scene does not list', () => {
    const { editor } = setup();
    const a = editor.createCuboid({ frameId: 'gone', classId: 'car', cuboid: testCuboid() });
    expect(editor.trackOf(a.trackId)!.keyframes).toEqual([]);
    expect(editor.trackAt(a.trackId, 0)).toBeNull();
  });
});
