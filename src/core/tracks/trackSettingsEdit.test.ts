import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { createTestEditor, testCuboid } from '../editor/testEditor';
import { setTrackInterpolation } from './trackSettingsEdit';
import { trackSettingsSchema } from './trackSettings';

const FRAMES = Array.from({ length: 31 }, (_, i) => `f${i}`);

/** x = f² sampled every 10 frames: the spline reproduces the parabola, the straight path does not. */
function setup() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const a = t.editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: { ...testCuboid(0), size: [4, 2, 1.5] } });
  for (const f of [10, 20, 30]) {
    t.editor.createCuboid({ frameId: `f${f}`, classId: 'car', cuboid: { ...testCuboid(f * f), size: [4 + f / 10, 2, 1.5] }, trackId: a.trackId });
  }
  return { ...t, trackId: a.trackId };
}

const at = (t: ReturnType<typeof setup>, f: number) => (t.editor.trackAt(t.trackId, f) as CuboidAnnotation).cuboid;

describe('setTrackInterpolation', () => {
  it('interpolates as the track says: a spline path, an unlocked size; undo and redo bring the settings back and forth', () => {
    const t = setup();
    expect(at(t, 15).center[0]).toBeCloseTo(250, 9);
    expect(at(t, 15).size[0]).toBe(4);
    expect(setTrackInterpolation(t.editor, t.trackId, { centre: 'catmull-rom' })).toBe(true);
    expect(t.editor.undoLabel).toBe('track: spline path');
    expect(at(t, 15).center[0]).toBeCloseTo(225, 9);
    expect(setTrackInterpolation(t.editor, t.trackId, { size: 'linear' })).toBe(true);
    expect(at(t, 15).size[0]).toBeCloseTo(5.5, 12);
    expect(t.operations.at(-1)).toMatchObject({ label: 'track: unlock size', changes: [], trackSettings: [{ trackId: t.trackId, before: { centre: 'catmull-rom' }, after: { centre: 'catmull-rom', size: 'linear' } }] });
    t.editor.undo();
    t.editor.undo();
    expect(at(t, 15).center[0]).toBeCloseTo(250, 9);
    expect(t.editor.storedTrackSettings().has(t.trackId)).toBe(false);
    expect(t.operations.at(-1)).toMatchObject({ label: 'undo track: spline path', trackSettings: [{ before: { centre: 'catmull-rom' }, after: null }] });
    t.editor.redo();
    expect(t.editor.trackSettingsOf(t.trackId)).toEqual({ centre: 'catmull-rom' });
  });

  it('stores a default as its absence, and does nothing when nothing changes', () => {
    const t = setup();
    const ops = t.operations.length;
    expect(setTrackInterpolation(t.editor, t.trackId, { centre: 'linear', size: 'locked' })).toBe(false);
    setTrackInterpolation(t.editor, t.trackId, { centre: 'catmull-rom' });
    setTrackInterpolation(t.editor, t.trackId, { centre: 'linear' });
    expect(t.editor.storedTrackSettings().has(t.trackId)).toBe(false);
    expect(t.operations).toHaveLength(ops + 2);
    expect(setTrackInterpolation(t.editor, 'no-track', { centre: 'catmull-rom' })).toBe(false);
  });

  it('the stored settings are what the schema accepts', () => {
    const t = setup();
    setTrackInterpolation(t.editor, t.trackId, { centre: 'catmull-rom', size: 'linear' });
    expect(trackSettingsSchema.parse(t.editor.trackSettingsOf(t.trackId))).toEqual({ centre: 'catmull-rom', size: 'linear' });
    expect(trackSettingsSchema.safeParse({ centre: 'bezier' }).success).toBe(false);
    expect(trackSettingsSchema.safeParse({ centre: 'linear', colour: 'red' }).success).toBe(false);
  });

  it('other windows and a reload see them: applyRemote and reset carry settings', () => {
    const t = setup();
    const events: unknown[] = [];
    t.editor.subscribe((e) => events.push(e.trackSettings));
    t.editor.applyRemote([], [{ trackId: t.trackId, before: null, after: { centre: 'catmull-rom' } }]);
    expect(at(t, 15).center[0]).toBeCloseTo(225, 9);
    t.editor.reset(t.editor.all(), new Map());
    expect(at(t, 15).center[0]).toBeCloseTo(250, 9);
    t.editor.reset(t.editor.all(), new Map([[t.trackId, { size: 'linear' as const }]]));
    expect(at(t, 15).size[0]).toBeCloseTo(5.5, 12);
    expect(events).toHaveLength(3);
    expect(events.every((e) => Array.isArray(e))).toBe(true);
  });
});
