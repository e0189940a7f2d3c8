import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from './testEditor';
import { interpolatedBoxId } from './tools/frameBoxes';
import { neighbourKeyframe, selectedTrackId, trackFrameStates } from './trackTimeline';

const FRAMES = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6'];

/** One track with keyframes on f1, f2 and f5. */
function setup() {
  const { editor } = createTestEditor({ frameOrder: FRAMES });
  const a = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(0) });
  editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(1), trackId: a.trackId });
  editor.createCuboid({ frameId: 'f5', classId: 'car', cuboid: testCuboid(4), trackId: a.trackId });
  return { editor, a };
}

describe('track timeline', () => {
  it('marks keyframes, the frames interpolated between them, and absent frames outside the span', () => {
    const { editor, a } = setup();
    expect(trackFrameStates(editor, a.trackId)).toEqual(['absent', 'keyframe', 'keyframe', 'interpolated', 'interpolated', 'keyframe', 'absent']);
    expect(trackFrameStates(editor, 'no-track')).toEqual(FRAMES.map(() => 'absent'));
  });

  it('finds the previous and next keyframe from any frame, keyframe or not', () => {
    const { editor, a } = setup();
    expect(neighbourKeyframe(editor, a.trackId, 3, 1)).toBe(5);
    expect(neighbourKeyframe(editor, a.trackId, 3, -1)).toBe(2);
    expect(neighbourKeyframe(editor, a.trackId, 2, -1)).toBe(1);
    expect(neighbourKeyframe(editor, a.trackId, 5, 1)).toBeNull();
    expect(neighbourKeyframe(editor, a.trackId, 1, -1)).toBeNull();
    expect(neighbourKeyframe(editor, a.trackId, 0, 1)).toBe(1);
  });

  it('reads the selected track from a record or an interpolated id, and none from a stale id', () => {
    const { editor, a } = setup();
    expect(selectedTrackId(editor, a.objectId)).toBe(a.trackId);
    expect(selectedTrackId(editor, interpolatedBoxId(a.trackId))).toBe(a.trackId);
    expect(selectedTrackId(editor, interpolatedBoxId('gone'))).toBeNull();
    expect(selectedTrackId(editor, null)).toBeNull();
  });
});
