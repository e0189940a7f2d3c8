import { describe, expect, it } from 'vitest';
import { shownCuboids } from './shownCuboids';
import { createTestEditor, testCuboid } from './testEditor';
import { interpolatedBoxId } from './tools/frameBoxes';

describe('shownCuboids', () => {
  it('gives the keyframes and the boxes a track interpolates between them, frame by frame', () => {
    const { editor } = createTestEditor({ frameOrder: ['f0', 'f1', 'f2', 'f3'] });
    const first = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(0), attributes: { parked: true } });
    const last = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(2), trackId: first.trackId, attributes: { parked: true } });
    const alone = editor.createCuboid({ frameId: 'f3', classId: 'pedestrian', cuboid: testCuboid(7) });
    const shown = [...shownCuboids(editor)];
    expect(shown.map((r) => [r.frameId, r.objectId])).toEqual([
      ['f0', first.objectId],
      ['f1', interpolatedBoxId(first.trackId)],
      ['f2', last.objectId],
      ['f3', alone.objectId],
    ]);
    // Halfway between the keyframes, with the keyframe's class and attributes.
    expect(shown[1].cuboid.center[0]).toBeCloseTo((first.cuboid.center[0] + last.cuboid.center[0]) / 2, 9);
    expect(shown[1]).toMatchObject({ classId: 'car', attributes: { parked: true }, trackId: first.trackId });
  });
});
