import { describe, expect, it } from 'vitest';
import { newPolygon2d } from '../annotations/box2d/edit';
import { relinkChanges } from '../annotations/box2d/relink';
import type { Cuboid } from '../geometry/cuboid';
import { createTestEditor } from './testEditor';

const cuboid: Cuboid = { frame: 'lidar', center: [0, 0, 10], size: [2, 2, 2], rotation: [0, 0, 0, 1] };
const ids = (records: readonly { readonly objectId: string }[]) => records.map((r) => r.objectId).sort();

describe('Editor: the records linked to a track', () => {
  it('follows drawing, re-linking, deleting, undo, redo and reset', () => {
    const { editor } = createTestEditor({ frameOrder: ['f0', 'f1'] });
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid });
    const b = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid });
    const square = [[0, 0], [9, 0], [9, 9], [0, 9]] as const;
    const p = newPolygon2d(editor, { frameId: 'f0', cameraId: 'front', classId: 'car', linkedTrackId: a.trackId }, square, 1);
    const q = newPolygon2d(editor, { frameId: 'f1', cameraId: 'front', classId: 'car', linkedTrackId: a.trackId }, square, 1);
    const lone = newPolygon2d(editor, { frameId: 'f1', cameraId: 'side', classId: 'car', linkedTrackId: null }, square, 1);
    editor.commitChanges('draw', [p, q, lone].map((r) => ({ objectId: r.objectId, before: null, after: r })));
    expect(ids(editor.linkedTo(a.trackId))).toEqual(ids([p, q]));
    expect(editor.linkedTo(b.trackId)).toEqual([]);

    editor.commitChanges('link to b', relinkChanges(editor, p.objectId, b.trackId, 2));
    expect(ids(editor.linkedTo(b.trackId))).toEqual([p.objectId]);
    expect(ids(editor.linkedTo(a.trackId))).toEqual([q.objectId]);
    editor.deleteObjects([q.objectId]);
    expect(editor.linkedTo(a.trackId)).toEqual([]);

    editor.undo();
    editor.undo();
    expect(ids(editor.linkedTo(a.trackId))).toEqual(ids([p, q]));
    editor.redo();
    expect(ids(editor.linkedTo(b.trackId))).toEqual([p.objectId]);
    // Each entry is the record held now, not the one first indexed.
    expect(editor.linkedTo(b.trackId)[0]).toBe(editor.get(p.objectId));

    editor.reset([a, b, lone]);
    expect(editor.linkedTo(a.trackId)).toEqual([]);
    expect(editor.linkedTo(b.trackId)).toEqual([]);
  });
});
