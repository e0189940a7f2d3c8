import { describe, expect, it } from 'vitest';
import type { PinholeModel } from '../../camera/cameraModel';
import { projectCuboidBox } from '../../camera/projectCuboidBox';
import { IDENTITY_TRANSFORM } from '../../camera/rigidTransform';
import { createTestEditor } from '../../editor/testEditor';
import type { Cuboid } from '../../geometry/cuboid';
import { isBox2dRecord } from '../guards';
import { followCuboidEdits, projectedBoxChanges, type CameraRig } from './project';

const FRAMES = ['f0', 'f1', 'f2', 'f3'];
const model: PinholeModel = { kind: 'pinhole', fx: 100, fy: 100, cx: 499.5, cy: 399.5 };
/** Two cameras sharing the box's frame (its optical frame, for hand-checkable numbers); the second sees none of it. */
const rigs: CameraRig[] = [
  { cameraId: 'front', width: 1000, height: 800, model, cameraFrom: () => IDENTITY_TRANSFORM },
  { cameraId: 'right', width: 1000, height: 800, model, cameraFrom: () => ({ translation: [100, 0, 0], rotation: [0, 0, 0, 1] }) },
];
const cuboidAt = (x: number): Cuboid => ({ frame: 'lidar', center: [x, 0, 10], size: [2, 2, 2], rotation: [0, 0, 0, 1] });
const boxes = (editor: ReturnType<typeof createTestEditor>['editor']) => editor.all().filter(isBox2dRecord);

function setup() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const a = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboidAt(0) });
  t.editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: cuboidAt(4), trackId: a.trackId });
  return { ...t, a };
}

describe('projected 2D boxes', () => {
  it('project a track into every camera where it shows, on keyframes and interpolated frames, linked and derived', () => {
    const { editor, a } = setup();
    editor.commitChanges('project', projectedBoxChanges(editor, a.trackId, () => rigs, 5, true));
    const made = boxes(editor);
    // Frames 0–2 in front; nothing in the right camera (it sees only what lies 50 m or more to the left of the front camera).
    expect(made.map((b) => `${b.cameraId}|${b.frameId}`).sort()).toEqual(['front|f0', 'front|f1', 'front|f2']);
    expect(new Set(made.map((b) => b.trackId)).size).toBe(1);
    const f1 = made.find((b) => b.frameId === 'f1')!;
    const expected = projectCuboidBox(cuboidAt(2), IDENTITY_TRANSFORM, model, 1000, 800)!;
    expect(f1.box.x0).toBeCloseTo(expected.x0, 2);
    expect(f1.box.x1).toBeCloseTo(expected.x1, 2);
    expect(f1).toMatchObject({ linkedTrackId: a.trackId, classId: 'car', derived: { sourceTrackId: a.trackId, detached: false } });
    expect(made.find((b) => b.frameId === 'f0')!.derived!.sourceObjectId).toBe(a.objectId);
    expect(f1.derived!.sourceObjectId).toBeUndefined();
    // Projecting again changes nothing.
    expect(projectedBoxChanges(editor, a.trackId, () => rigs, 6, true)).toEqual([]);
  });

  it('follow the 3D edits in the same undo step until detached', () => {
    const { editor, a } = setup();
    editor.commitChanges('project', projectedBoxChanges(editor, a.trackId, () => rigs, 5, true));
    editor.setDerivation((e, changes, at) => followCuboidEdits(e, changes, () => rigs, at));
    const before = boxes(editor).find((b) => b.frameId === 'f0')!;
    editor.updateCuboid(a.objectId, { cuboid: { center: [1, 0, 10] } });
    const moved = boxes(editor).find((b) => b.frameId === 'f0')!;
    expect(moved.box.x0).toBeCloseTo(before.box.x0 + 100 / 9, 2);
    editor.undo();
    expect(boxes(editor).find((b) => b.frameId === 'f0')).toEqual(before);
    editor.redo();
    expect(boxes(editor).find((b) => b.frameId === 'f0')).toEqual(moved);

    editor.commitChanges('detach', [{ objectId: moved.objectId, before: moved, after: { ...moved, derived: { ...moved.derived!, detached: true } } }]);
    editor.updateCuboid(a.objectId, { cuboid: { center: [-1, 0, 10] } });
    expect(boxes(editor).find((b) => b.frameId === 'f0')!.box).toEqual(moved.box);
  });

  it('delete the derived boxes of frames the track no longer covers', () => {
    const { editor, a } = setup();
    editor.commitChanges('project', projectedBoxChanges(editor, a.trackId, () => rigs, 5, true));
    editor.setDerivation((e, changes, at) => followCuboidEdits(e, changes, () => rigs, at));
    const last = editor.trackOf(a.trackId)!.keyframes[1].record;
    editor.deleteObjects([last.objectId]);
    expect(boxes(editor).map((b) => b.frameId)).toEqual(['f0']);
    editor.undo();
    expect(boxes(editor).map((b) => b.frameId).sort()).toEqual(['f0', 'f1', 'f2']);
    editor.deleteObjects(editor.trackOf(a.trackId)!.keyframes.map((k) => k.record.objectId));
    expect(boxes(editor)).toEqual([]);
  });
});
