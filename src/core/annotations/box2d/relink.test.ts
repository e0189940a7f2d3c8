import { describe, expect, it } from 'vitest';
import type { PinholeModel } from '../../camera/cameraModel';
import { IDENTITY_TRANSFORM } from '../../camera/rigidTransform';
import { createTestEditor } from '../../editor/testEditor';
import type { Cuboid } from '../../geometry/cuboid';
import { isBox2dRecord } from '../guards';
import { newPolygon2d } from './edit';
import { followCuboidEdits, projectedBoxChanges, type CameraRig } from './project';
import { relinkChanges } from './relink';

const model: PinholeModel = { kind: 'pinhole', fx: 100, fy: 100, cx: 499.5, cy: 399.5 };
const rigs: CameraRig[] = [{ cameraId: 'front', width: 1000, height: 800, model, cameraFrom: () => IDENTITY_TRANSFORM }];
const cuboidAt = (x: number): Cuboid => ({ frame: 'lidar', center: [x, 0, 10], size: [2, 2, 2], rotation: [0, 0, 0, 1] });

function setup() {
  const t = createTestEditor({ frameOrder: ['f0', 'f1', 'f2'] });
  const a = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboidAt(0) });
  t.editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: cuboidAt(4), trackId: a.trackId });
  const b = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: cuboidAt(-3) });
  t.editor.commitChanges('project', projectedBoxChanges(t.editor, a.trackId, () => rigs, 5, true));
  t.editor.setDerivation((e, changes, at) => followCuboidEdits(e, changes, () => rigs, at));
  return { ...t, a, b };
}

describe('re-linking 2D labels', () => {
  it('links a projected track to another object as ordinary boxes that stay put when the first object moves; one undo step', () => {
    const { editor, a, b } = setup();
    const projected = editor.all().filter(isBox2dRecord);
    expect(projected).toHaveLength(3);
    editor.commitChanges('link 2D label', relinkChanges(editor, projected[1].objectId, b.trackId, 9));
    const relinked = editor.all().filter(isBox2dRecord);
    expect(relinked.map((r) => r.linkedTrackId)).toEqual([b.trackId, b.trackId, b.trackId]);
    expect(relinked.every((r) => r.derived === undefined)).toBe(true);
    expect(relinked.map((r) => r.box)).toEqual(projected.map((r) => r.box));
    // The cuboid it was projected from moves: nothing follows, nothing new is projected in its place.
    editor.updateCuboid(a.objectId, { cuboid: { center: [1, 0, 10] } });
    expect(editor.all().filter(isBox2dRecord)).toEqual(relinked);
    editor.undo();
    editor.undo();
    expect(editor.all().filter(isBox2dRecord)).toEqual(projected);
  });

  it('makes a polygon 2D-only and back; nothing to do for the link it has', () => {
    const { editor, a } = setup();
    const polygon = newPolygon2d(editor, { frameId: 'f1', cameraId: 'front', classId: 'car', linkedTrackId: a.trackId }, [[0, 0], [9, 0], [0, 9]], 3);
    editor.commitChanges('draw', [{ objectId: polygon.objectId, before: null, after: polygon }]);
    expect(relinkChanges(editor, polygon.objectId, a.trackId, 4)).toEqual([]);
    editor.commitChanges('unlink', relinkChanges(editor, polygon.objectId, null, 4));
    expect(editor.get(polygon.objectId)).toEqual({ ...polygon, linkedTrackId: null, updatedAt: 4 });
    expect(editor.undoLabel).toBe('unlink');
    editor.undo();
    expect(editor.get(polygon.objectId)).toEqual(polygon);
  });
});
