import { describe, expect, it } from 'vitest';
import { Editor } from '../../core/editor/editor';
import { boxesInFrame } from '../../core/editor/tools/frameBoxes';
import { frameBoxes } from './frameBoxesCache';

const cuboid = (x: number) => ({ frame: 'lidar', center: [x, 0, 0] as [number, number, number], size: [4, 2, 1.5] as [number, number, number], rotation: [0, 0, 0, 1] as [number, number, number, number] });

describe('frameBoxes', () => {
  it('hands back the same array until the frame or the editor changes, and then what boxesInFrame says', () => {
    const editor = new Editor({ ontologyVersion: 1, sceneId: 's', author: 'a', frameOrder: ['f0', 'f1', 'f2'] });
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboid(0) });
    editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: cuboid(10), trackId: a.trackId });

    const first = frameBoxes(editor, 'f1');
    expect(frameBoxes(editor, 'f1')).toBe(first);
    expect(first).toEqual(boxesInFrame(editor, 'f1'));
    expect(first.map((b) => [b.interpolated, b.cuboid.center[0]])).toEqual([[true, 5]]);

    const other = frameBoxes(editor, 'f0');
    expect(other).toEqual(boxesInFrame(editor, 'f0'));
    expect(other.map((b) => b.objectId)).toEqual([a.objectId]);

    // An edit on another frame moves the interpolated box here: the array is worked out again.
    editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboid(-3) });
    const afterCreate = frameBoxes(editor, 'f0');
    expect(afterCreate).not.toBe(other);
    expect(afterCreate).toHaveLength(2);

    editor.undo();
    expect(frameBoxes(editor, 'f0').map((b) => b.objectId)).toEqual([a.objectId]);
  });

  it('keeps the frame before too: stepping back and forth hands back the arrays drawn there, until an edit drops both', () => {
    const editor = new Editor({ ontologyVersion: 1, sceneId: 's', author: 'a', frameOrder: ['f0', 'f1', 'f2'] });
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboid(0) });
    editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: cuboid(10), trackId: a.trackId });

    const f0 = frameBoxes(editor, 'f0');
    const f1 = frameBoxes(editor, 'f1');
    expect(frameBoxes(editor, 'f0')).toBe(f0);
    expect(frameBoxes(editor, 'f1')).toBe(f1);
    expect(frameBoxes(editor, 'f0')).toBe(f0);

    // A third frame drops the oldest of the two (f1, asked for before the last f0).
    const f2 = frameBoxes(editor, 'f2');
    expect(f2).toEqual(boxesInFrame(editor, 'f2'));
    expect(frameBoxes(editor, 'f0')).toBe(f0);
    const f1Again = frameBoxes(editor, 'f1');
    expect(f1Again).not.toBe(f1);
    expect(f1Again).toEqual(boxesInFrame(editor, 'f1'));

    // An edit drops both frames held: the interpolated box on f1 moves with the keyframe on f2.
    editor.updateCuboid(editor.inFrame('f2')[0].objectId, { cuboid: { center: [20, 0, 0] } });
    const f0AfterEdit = frameBoxes(editor, 'f0');
    expect(f0AfterEdit).not.toBe(f0);
    const f1AfterEdit = frameBoxes(editor, 'f1');
    expect(f1AfterEdit).not.toBe(f1Again);
    expect(f1AfterEdit.map((b) => b.cuboid.center[0])).toEqual([10]);
  });
});
