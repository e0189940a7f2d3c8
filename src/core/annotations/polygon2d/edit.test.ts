import { describe, expect, it } from 'vitest';
import { newPolygon2d } from '../box2d/edit';
import { createTestEditor } from '../../editor/testEditor';
import { polygonEdgeAt, polygonVertexAt, withVertexDeleted, withVertexInserted, withVertexMoved, withVertices } from './edit';
import type { Vertex2d } from './schema';

const SQUARE: Vertex2d[] = [
  [10, 10],
  [50, 10],
  [50, 50],
  [10, 50],
];

describe('polygon vertices', () => {
  it('finds the vertex under the pointer within the tolerance, nearest first', () => {
    expect(polygonVertexAt(SQUARE, 12, 9, 4)).toBe(0);
    expect(polygonVertexAt(SQUARE, 49, 52, 4)).toBe(2);
    expect(polygonVertexAt(SQUARE, 30, 30, 4)).toBeNull();
    expect(polygonVertexAt([[0, 0], [3, 0], [0, 3]], 2, 0, 4)).toBe(1);
  });

  it('finds the edge under the pointer and the point on it, the closing edge included', () => {
    expect(polygonEdgeAt(SQUARE, 30, 12, 4)).toEqual({ index: 0, point: [30, 10] });
    expect(polygonEdgeAt(SQUARE, 8, 30, 4)).toEqual({ index: 3, point: [10, 30] });
    expect(polygonEdgeAt(SQUARE, 30, 30, 4)).toBeNull();
  });

  it('moves, inserts and deletes a vertex, never below three', () => {
    expect(withVertexMoved(SQUARE, 1, [60, 5])).toEqual([[10, 10], [60, 5], [50, 50], [10, 50]]);
    expect(withVertexInserted(SQUARE, 3, [10, 30])).toEqual([[10, 10], [50, 10], [50, 50], [10, 50], [10, 30]]);
    expect(withVertexInserted(SQUARE, 0, [30, 10])).toEqual([[10, 10], [30, 10], [50, 10], [50, 50], [10, 50]]);
    expect(withVertexDeleted(SQUARE, 2)).toEqual([[10, 10], [50, 10], [10, 50]]);
    expect(withVertexDeleted(SQUARE.slice(0, 3), 0)).toBeNull();
    expect(withVertexDeleted(SQUARE, 4)).toBeNull();
  });

  it('each edit committed is one undo step that restores the outline', () => {
    const { editor } = createTestEditor({ frameOrder: ['frame-0'] });
    const polygon = newPolygon2d(editor, { frameId: 'frame-0', cameraId: 'cam', classId: 'car', linkedTrackId: null }, SQUARE, 1);
    editor.commitChanges('draw 2D polygon', [{ objectId: polygon.objectId, before: null, after: polygon }]);
    const edits: Array<[string, Vertex2d[]]> = [
      ['move polygon vertex', withVertexMoved(SQUARE, 1, [60, 5])],
      ['insert polygon vertex', withVertexInserted(SQUARE, 0, [30, 10])],
      ['delete polygon vertex', withVertexDeleted(SQUARE, 2)!],
    ];
    for (const [label, vertices] of edits) {
      const before = editor.get(polygon.objectId)!;
      if (before.kind !== 'polygon2d') throw new Error('not a polygon');
      editor.commitChanges(label, [{ objectId: polygon.objectId, before, after: withVertices(before, vertices, 2) }]);
      expect(editor.get(polygon.objectId)).toMatchObject({ vertices });
      expect(editor.undoLabel).toBe(label);
      editor.undo();
      expect(editor.get(polygon.objectId)).toMatchObject({ vertices: SQUARE });
    }
  });
});
