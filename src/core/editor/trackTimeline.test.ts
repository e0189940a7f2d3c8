import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from './testEditor';
import { interpolatedBoxId } from './tools/frameBoxes';
import { neighbourKeyframe, selectedTrackId, stripCellOf, trackFrameStates, trackStripCells, type TrackFrameState } from './trackTimeline';

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

  it('draws one cell a frame while the frames fit, else runs of frames in which no keyframe disappears', () => {
    const { editor, a } = setup();
    const states = trackFrameStates(editor, a.trackId);
    expect(trackStripCells(states, 100).map((c) => [c.from, c.to, c.state, c.mixed])).toEqual(states.map((s, i) => [i, i, s, false]));
    expect(trackStripCells(states, 3).map((c) => [c.from, c.to, c.state, c.mixed])).toEqual([
      [0, 1, 'keyframe', true],
      [2, 3, 'keyframe', true],
      [4, 6, 'keyframe', true],
    ]);
  });

  it('keeps a 1,000-frame track to the cells that fit, each keyframe and the current frame findable', () => {
    const states: TrackFrameState[] = Array.from({ length: 1000 }, (_, i) => (i < 100 || i > 900 ? 'absent' : 'interpolated'));
    states[437] = 'keyframe';
    const cells = trackStripCells(states, 240);
    expect(cells).toHaveLength(240);
    expect(cells[0].from).toBe(0);
    expect(cells.at(-1)!.to).toBe(999);
    cells.slice(1).forEach((c, i) => expect(c.from).toBe(cells[i].to + 1));
    expect(cells.filter((c) => c.state === 'keyframe').map((c) => [c.from <= 437, c.to >= 437])).toEqual([[true, true]]);
    for (const f of [0, 437, 999, 500]) {
      const cell = cells[stripCellOf(cells, f)];
      expect(cell.from <= f && f <= cell.to).toBe(true);
    }
    expect(cells[stripCellOf(cells, 901)]).toMatchObject({ from: 900, to: 903, state: 'interpolated', mixed: true });
  });

  it('hands back the cells a strip already holds where they are the same, and the very list when all are', () => {
    const states: TrackFrameState[] = ['absent', 'keyframe', 'interpolated', 'interpolated', 'keyframe', 'absent'];
    const first = trackStripCells(states, 100);
    expect(trackStripCells([...states], 100, first)).toBe(first);
    const edited: TrackFrameState[] = ['absent', 'keyframe', 'interpolated', 'keyframe', 'keyframe', 'absent'];
    const next = trackStripCells(edited, 100, first);
    expect(next).not.toBe(first);
    expect(next.map((c) => [c.from, c.state])).toEqual(edited.map((s, i) => [i, s]));
    next.forEach((c, i) => (i === 3 ? expect(c).not.toBe(first[i]) : expect(c).toBe(first[i])));
    // Fewer cells (a narrower strip): the list is new even where the leading cells are kept.
    const narrow = trackStripCells(states, 3, first);
    expect(narrow).toHaveLength(3);
    expect(narrow).not.toBe(first);
    // A longer list than before is new too, though it starts with every earlier cell.
    const longer = trackStripCells([...states, 'absent'], 100, first);
    expect(longer).toHaveLength(7);
    expect(longer).not.toBe(first);
  });
});
