import { describe, expect, it } from 'vitest';
import { labelPatchRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import type { AnnotationRecord } from '../annotations/registry';
import { paintPatch } from '../segmentation/labelPatch';
import { createTestEditor, testCuboid } from './testEditor';
import type { Editor } from './editor';

const FRAMES = ['f0', 'f1', 'f2'];
const KINDS: readonly AnnotationRecord['kind'][] = ['cuboid', 'labelPatch'];

function patch(editor: Editor, frameId: string, ordinal: number): LabelPatchAnnotation {
  return labelPatchRecord(
    paintPatch(frameId, new Uint32Array(10), [ordinal, ordinal + 1], 1)!,
    { objectId: editor.newId(), sceneId: editor.sceneId, classId: 'road', label: 1, ordinal, ontologyVersion: editor.ontologyVersion, author: editor.author, at: 1 },
  );
}

/** Every frame's records of every kind, from the index, equal `inFrame` filtered by kind. */
function expectInStep(editor: Editor): void {
  for (const frameId of FRAMES) for (const kind of KINDS) expect(editor.inFrameOfKind(frameId, kind)).toEqual(editor.inFrame(frameId).filter((r) => r.kind === kind));
}

const add = (editor: Editor, r: AnnotationRecord) => editor.commitChanges('add', [{ objectId: r.objectId, before: null, after: r }]);

describe('Editor: a frame\'s records of one kind', () => {
  it('follow edits, a move to another frame, deletes, undo, redo, remote changes, deleteObjects and a reset', () => {
    const { editor } = createTestEditor({ frameOrder: FRAMES });
    expectInStep(editor);
    const car = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0, 0) });
    const truck = editor.createCuboid({ frameId: 'f0', classId: 'truck', cuboid: testCuboid(5, 0) });
    const p0 = patch(editor, 'f0', 0);
    const p1 = patch(editor, 'f0', 1);
    add(editor, p0);
    add(editor, p1);
    expectInStep(editor);
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toEqual([p0, p1]);

    // An edit on its own frame keeps the record's place, with the record as held now.
    editor.updateCuboid(car.objectId, { cuboid: testCuboid(1, 0) });
    expectInStep(editor);
    expect(editor.inFrameOfKind('f0', 'cuboid')[0]).toBe(editor.get(car.objectId));
    // A move to another frame, of a box and of a patch.
    editor.commitChanges('move', [{ objectId: truck.objectId, before: editor.get(truck.objectId)!, after: { ...editor.get(truck.objectId)!, frameId: 'f1' } }]);
    editor.commitChanges('move', [{ objectId: p0.objectId, before: p0, after: { ...p0, frameId: 'f2' } }]);
    expectInStep(editor);
    expect(editor.inFrameOfKind('f2', 'labelPatch').map((r) => r.objectId)).toEqual([p0.objectId]);
    editor.undo();
    editor.undo();
    expectInStep(editor);
    editor.redo();
    expectInStep(editor);
    editor.commitChanges('delete', [{ objectId: p1.objectId, before: p1, after: null }]);
    expectInStep(editor);
    editor.undo();
    expectInStep(editor);

    const remote = patch(editor, 'f1', 0);
    editor.applyRemote([{ objectId: remote.objectId, before: null, after: remote }]);
    expectInStep(editor);
    editor.applyRemote([{ objectId: p1.objectId, before: p1, after: null }]);
    expectInStep(editor);

    editor.deleteObjects([car.objectId, remote.objectId]);
    expectInStep(editor);
    editor.reset([car, p1]);
    expectInStep(editor);
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toEqual([p1]);
    expect(editor.inFrameOfKind('f1', 'cuboid')).toEqual([]);
  });

  it('answer the same list until a change touches that frame and kind', () => {
    const { editor } = createTestEditor({ frameOrder: FRAMES });
    const car = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0, 0) });
    const p0 = patch(editor, 'f0', 0);
    add(editor, p0);
    const patches = editor.inFrameOfKind('f0', 'labelPatch');
    const elsewhere = editor.inFrameOfKind('f1', 'labelPatch');
    // A box dragged, a box drawn, a patch painted on another frame: this frame's patches are untouched.
    editor.updateCuboid(car.objectId, { cuboid: testCuboid(2, 0) });
    editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(9, 0) });
    add(editor, patch(editor, 'f2', 0));
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toBe(patches);
    expect(editor.inFrameOfKind('f1', 'labelPatch')).toBe(elsewhere);

    // A patch painted, undone, redone, moved away: each gives a new list, with what is there now.
    const p1 = patch(editor, 'f0', 1);
    add(editor, p1);
    const painted = editor.inFrameOfKind('f0', 'labelPatch');
    expect(painted).not.toBe(patches);
    expect(painted).toEqual([p0, p1]);
    editor.undo();
    const undone = editor.inFrameOfKind('f0', 'labelPatch');
    expect(undone).not.toBe(painted);
    expect(undone).toEqual([p0]);
    editor.redo();
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toEqual([p0, p1]);
    const before = editor.inFrameOfKind('f1', 'labelPatch');
    editor.commitChanges('move', [{ objectId: p1.objectId, before: p1, after: { ...p1, frameId: 'f1' } }]);
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toEqual([p0]);
    expect(editor.inFrameOfKind('f1', 'labelPatch')).not.toBe(before);
    expect(editor.inFrameOfKind('f1', 'labelPatch').map((r) => r.objectId)).toEqual([p1.objectId]);
    const kept = editor.inFrameOfKind('f0', 'labelPatch');
    editor.reset([car, p0]);
    expect(editor.inFrameOfKind('f0', 'labelPatch')).not.toBe(kept);
    expect(editor.inFrameOfKind('f0', 'labelPatch')).toEqual([p0]);
  });
});
