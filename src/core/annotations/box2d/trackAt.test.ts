import { describe, expect, it } from 'vitest';
import { annotationRecordSchema, interpolatorOf } from '../registry';
import type { Box2dAnnotation } from './schema';
import { box2dTrackAt } from './trackAt';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function box(n: number, frame: number, rect: Box2dAnnotation['box']): Box2dAnnotation {
  return {
    kind: 'box2d',
    objectId: id(n),
    trackId: id(100),
    sceneId: id(200),
    frameId: id(300 + frame),
    classId: 'car',
    ontologyVersion: 1,
    cameraId: 'cam',
    box: rect,
    linkedTrackId: null,
    attributes: {},
    author: 'a',
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('box2d track', () => {
  const a = box(1, 2, { x0: 10, y0: 20, x1: 110, y1: 70 });
  const b = box(2, 6, { x0: 50, y0: 0, x1: 90, y1: 130 });
  const keys = [{ frameIndex: 2, record: a }, { frameIndex: 6, record: b }];

  it('moves each edge linearly between keyframes and shows the keyframe itself on its frame', () => {
    expect(box2dTrackAt(keys, 2)).toBe(a);
    expect(box2dTrackAt(keys, 6)).toBe(b);
    expect(box2dTrackAt(keys, 3)).toEqual({ ...a, box: { x0: 20, y0: 15, x1: 105, y1: 85 } });
    expect(box2dTrackAt(keys, 5)!.box).toEqual({ x0: 40, y0: 5, x1: 95, y1: 115 });
  });

  it('shows nothing outside its span, and the registry finds it by kind', () => {
    expect(box2dTrackAt(keys, 1)).toBeNull();
    expect(box2dTrackAt(keys, 7)).toBeNull();
    expect(box2dTrackAt([], 0)).toBeNull();
    expect(interpolatorOf('box2d')!(keys, 4)).toEqual({ ...a, box: { x0: 30, y0: 10, x1: 100, y1: 100 } });
    expect(interpolatorOf('polygon2d')).toBeUndefined();
  });

  it('refuses an empty or inverted box, a missing camera and a polygon of two vertices', () => {
    expect(annotationRecordSchema.safeParse(a).success).toBe(true);
    expect(annotationRecordSchema.safeParse({ ...a, box: { x0: 5, y0: 0, x1: 5, y1: 9 } }).success).toBe(false);
    expect(annotationRecordSchema.safeParse({ ...a, cameraId: '' }).success).toBe(false);
    const { box: _box, derived: _derived, ignore: _ignore, ...rest } = a;
    const polygon = { ...rest, kind: 'polygon2d', vertices: [[0, 0], [4, 0], [0, 3]] };
    expect(annotationRecordSchema.safeParse(polygon).success).toBe(true);
    expect(annotationRecordSchema.safeParse({ ...polygon, vertices: [[0, 0], [4, 0]] }).success).toBe(false);
  });
});
