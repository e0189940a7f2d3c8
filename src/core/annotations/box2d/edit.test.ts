import { describe, expect, it } from 'vitest';
import { createTestEditor } from '../../editor/testEditor';
import { annotationRecordSchema } from '../registry';
import { dragRect, editedByHand, handleAt, newBox2d, newPolygon2d, rectFromDrag } from './edit';

const SCENE = '00000000-0000-4000-8000-00000000abcd';
const rect = { x0: 10, y0: 20, x1: 50, y1: 60 };

describe('2D box edits', () => {
  it('draws from a drag in either direction, clipped to the image, and takes a click for no box', () => {
    expect(rectFromDrag(50, 60, 10, 20, 100, 100)).toEqual(rect);
    expect(rectFromDrag(90, 90, 130, 120, 100, 100)).toEqual({ x0: 90, y0: 90, x1: 99.5, y1: 99.5 });
    expect(rectFromDrag(5, 5, 6, 30, 100, 100)).toBeNull();
  });

  it('grabs corners within the tolerance and the inside otherwise; corners drag against the opposite corner', () => {
    expect(handleAt(rect, 11, 19, 3)).toBe('nw');
    expect(handleAt(rect, 49, 61, 3)).toBe('se');
    expect(handleAt(rect, 30, 30, 3)).toBe('move');
    expect(handleAt(rect, 70, 30, 3)).toBeNull();
    expect(dragRect(rect, 'move', 5, -5)).toEqual({ x0: 15, y0: 15, x1: 55, y1: 55 });
    expect(dragRect(rect, 'se', 10, 10)).toEqual({ x0: 10, y0: 20, x1: 60, y1: 70 });
    expect(dragRect(rect, 'nw', 60, 0)).toEqual({ x0: 50, y0: 20, x1: 70, y1: 60 });
    expect(dragRect(rect, 'ne', -39, 0)).toBeNull();
  });

  it('makes valid records, and a hand edit detaches a projected box', () => {
    const { editor } = createTestEditor({ sceneId: SCENE });
    const input = { frameId: '00000000-0000-4000-8000-0000000000f0', cameraId: 'cam', classId: 'car', linkedTrackId: null };
    const box = newBox2d(editor, input, rect, 7);
    expect(annotationRecordSchema.parse(box)).toEqual(box);
    const polygon = newPolygon2d(editor, input, [[0, 0], [5, 0], [0, 5]], 7);
    expect(annotationRecordSchema.parse(polygon)).toEqual(polygon);
    const derived = { ...box, derived: { sourceTrackId: box.trackId, detached: false } };
    expect(editedByHand(derived, { ...rect, x1: 70 }, 9)).toEqual({ ...derived, box: { ...rect, x1: 70 }, derived: { sourceTrackId: box.trackId, detached: true }, updatedAt: 9 });
    expect(editedByHand(box, rect, 9).derived).toBeUndefined();
  });
});
