import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../testEditor';
import { editFrameBox } from './editFrameBox';
import { boxesInFrame, boxOnFrame, interpolatedBoxId, isSelectedBox, recordOnFrame, trackOfInterpolatedId } from './frameBoxes';

const FRAMES = ['f0', 'f1', 'f2', 'f3', 'f4'];

/** A track with keyframes on f0 (x = 0) and f4 (x = 8), and a second box alone on f2. */
function setup() {
  const test = createTestEditor({ frameOrder: FRAMES });
  const first = test.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0), attributes: { parked: false } });
  const last = test.editor.createCuboid({ frameId: 'f4', classId: 'car', cuboid: testCuboid(8), trackId: first.trackId });
  const other = test.editor.createCuboid({ frameId: 'f2', classId: 'pedestrian', cuboid: testCuboid(20) });
  return { ...test, first, last, other };
}

describe('boxesInFrame', () => {
  it('lists the stored boxes, then each track’s box interpolated between its keyframes', () => {
    const { editor, first, other } = setup();
    const boxes = boxesInFrame(editor, 'f2');
    expect(boxes.map((b) => [b.objectId, b.interpolated])).toEqual([
      [other.objectId, false],
      [interpolatedBoxId(first.trackId), true],
    ]);
    expect(boxes[1]).toMatchObject({ trackId: first.trackId, classId: 'car' });
    expect(boxes[1].cuboid.center[0]).toBeCloseTo(4, 12);
    expect(boxesInFrame(editor, 'f0').map((b) => b.objectId)).toEqual([first.objectId]);
  });

  it('hands back the same box objects for what an edit left alone, and new ones for what it changed', () => {
    const { editor, first, last, other } = setup();
    const before = boxesInFrame(editor, 'f2');
    expect(boxesInFrame(editor, 'f2')).toEqual(before);
    expect(boxesInFrame(editor, 'f2').every((b, i) => b === before[i])).toBe(true);
    editor.updateCuboid(other.objectId, { cuboid: { center: [21, 0, 0.8] } });
    const afterOther = boxesInFrame(editor, 'f2');
    expect(afterOther[0]).not.toBe(before[0]);
    expect(afterOther[1]).toBe(before[1]);
    editor.updateCuboid(last.objectId, { cuboid: { center: [12, 0, 0.8] } });
    const afterTrack = boxesInFrame(editor, 'f2');
    expect(afterTrack[0]).toBe(afterOther[0]);
    expect(afterTrack[1]).not.toBe(before[1]);
    expect(afterTrack[1].cuboid.center[0]).toBeCloseTo(6, 12);
    editor.undo();
    expect(boxesInFrame(editor, 'f2')[1].cuboid.center[0]).toBeCloseTo(4, 12);
    expect(boxesInFrame(editor, 'f0').map((b) => b.objectId)).toEqual([first.objectId]);
  });

  it('keeps each frame’s records as edits, deletes and undos leave them', () => {
    const { editor, first, other } = setup();
    const second = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(30) });
    editor.updateCuboid(other.objectId, { cuboid: { center: [22, 0, 0.8] } });
    expect(editor.inFrame('f2').map((r) => r.objectId)).toEqual([other.objectId, second.objectId]);
    editor.deleteObjects([other.objectId, first.objectId]);
    expect(editor.inFrame('f2').map((r) => r.objectId)).toEqual([second.objectId]);
    expect(editor.inFrame('f0')).toEqual([]);
    editor.undo();
    expect(editor.inFrame('f0').map((r) => r.objectId)).toEqual([first.objectId]);
    expect(editor.inFrame('f2').map((r) => r.objectId).sort()).toEqual([other.objectId, second.objectId].sort());
    expect(editor.inFrame('nowhere')).toEqual([]);
  });

  it('names the track in an interpolated id and nothing in a stored one', () => {
    const { first } = setup();
    expect(trackOfInterpolatedId(interpolatedBoxId(first.trackId))).toBe(first.trackId);
    expect(trackOfInterpolatedId(first.objectId)).toBeNull();
  });

  it('finds no box for an id on a frame it is not on', () => {
    const { editor, first } = setup();
    expect(boxOnFrame(editor, first.objectId, 'f2')).toBeNull();
    expect(boxOnFrame(editor, interpolatedBoxId(first.trackId), 'f2')?.interpolated).toBe(true);
    expect(boxOnFrame(editor, interpolatedBoxId('no-track'), 'f2')).toBeNull();
  });
});

describe('editFrameBox', () => {
  it('stores an edited interpolated box as a keyframe of its track there, in one undo step', () => {
    const { editor, operations, first } = setup();
    const before = operations.length;
    const id = interpolatedBoxId(first.trackId);
    const made = editFrameBox(editor, id, 'f1', { cuboid: { center: [2, 1, 0.8] } })!;
    expect(made).toMatchObject({ frameId: 'f1', trackId: first.trackId, classId: 'car', attributes: { parked: false } });
    expect(made.cuboid.center).toEqual([2, 1, 0.8]);
    expect(editor.trackOf(first.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 1, 4]);
    expect(boxesInFrame(editor, 'f1')).toEqual([expect.objectContaining({ objectId: made.objectId, interpolated: false })]);
    expect(operations).toHaveLength(before + 1);
    editor.undo();
    expect(editor.trackOf(first.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 4]);
  });

  it('in a drag, lands every later update of the interpolated id on the keyframe the first one made', () => {
    const { editor, operations, first } = setup();
    const before = operations.length;
    const id = interpolatedBoxId(first.trackId);
    editor.beginGesture('move');
    const made = editFrameBox(editor, id, 'f3', { cuboid: { center: [5, 0, 0.8] } })!;
    editFrameBox(editor, id, 'f3', { cuboid: { center: [5.5, 0, 0.8] } });
    editFrameBox(editor, made.objectId, 'f3', { cuboid: { center: [6, 0, 0.8] } });
    editor.endGesture();
    expect(editor.inFrame('f3')).toHaveLength(1);
    expect(editor.get(made.objectId)!.kind === 'cuboid' && editor.get(made.objectId)).toMatchObject({ cuboid: { center: [6, 0, 0.8] } });
    expect(operations).toHaveLength(before + 1);
    editor.undo();
    expect(editor.inFrame('f3')).toEqual([]);
  });

  it('updates a stored box in place, and edits nothing for an id not on the frame', () => {
    const { editor, first } = setup();
    expect(editFrameBox(editor, first.objectId, 'f0', { classId: 'truck' })!.objectId).toBe(first.objectId);
    expect(editFrameBox(editor, first.objectId, 'f2', { classId: 'bus' })).toBeNull();
    expect(editor.get(first.objectId)!.classId).toBe('truck');
  });
});

describe('recordOnFrame and isSelectedBox', () => {
  it('shows an interpolated box as a record under its id and frame, and a keyframe made there as itself', () => {
    const { editor, first } = setup();
    const id = interpolatedBoxId(first.trackId);
    const shown = recordOnFrame(editor, id, 'f2')!;
    expect(shown).toMatchObject({ objectId: id, frameId: 'f2', trackId: first.trackId, attributes: { parked: false } });
    expect(shown.cuboid.center[0]).toBeCloseTo(4, 12);
    const made = editFrameBox(editor, id, 'f2', { cuboid: { center: [3, 0, 0.8] } })!;
    expect(recordOnFrame(editor, id, 'f2')).toBe(editor.get(made.objectId));
    const [box] = boxesInFrame(editor, 'f2').filter((b) => b.trackId === first.trackId);
    expect(isSelectedBox(box, id)).toBe(true);
    expect(isSelectedBox(box, made.objectId)).toBe(true);
    expect(isSelectedBox(box, first.objectId)).toBe(false);
    expect(isSelectedBox(box, null)).toBe(false);
  });
});
