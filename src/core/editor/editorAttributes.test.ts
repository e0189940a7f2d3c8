import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from './testEditor';

const FRAMES = ['f0', 'f1', 'f2'];

/** A car tracked over three frames, and a second car on f0. */
function setup() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const { editor } = t;
  const first = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(), attributes: { occlusion: 'none' } });
  const second = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(1), trackId: first.trackId, attributes: { occlusion: 'none' } });
  const third = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(2), trackId: first.trackId, attributes: { occlusion: 'none' } });
  const other = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(9) });
  t.operations.length = 0;
  return { ...t, first, second, third, other };
}

describe('Editor.setAttribute', () => {
  it('sets a per-frame attribute on that keyframe only, as one undo step named for it', () => {
    const { editor, operations, first, second, third } = setup();
    editor.setAttribute(second.objectId, 'occlusion', 'heavy', { scope: 'frame', label: 'Set Occlusion' });
    expect([first, second, third].map((r) => editor.get(r.objectId)!.attributes.occlusion)).toEqual(['none', 'heavy', 'none']);
    expect(operations.map((o) => [o.label, o.changes.length])).toEqual([['Set Occlusion', 1]]);
    expect(editor.undoLabel).toBe('Set Occlusion');
    editor.undo();
    expect(editor.get(second.objectId)!.attributes.occlusion).toBe('none');
  });

  it('sets a static attribute on every keyframe of the track in one operation, and not on other objects', () => {
    const { editor, operations, first, second, third, other, tick } = setup();
    tick(10);
    const out = editor.setAttribute(third.objectId, 'parked', true, { scope: 'object' });
    expect(out.map((r) => r.attributes.parked)).toEqual([true, true, true]);
    expect([first, second, third].every((r) => editor.get(r.objectId)!.updatedAt > r.updatedAt)).toBe(true);
    expect(editor.get(other.objectId)!.attributes).toEqual({});
    expect(operations.map((o) => [o.label, o.changes.length])).toEqual([['Set parked', 3]]);
    editor.undo();
    expect([first, second, third].map((r) => editor.get(r.objectId)!.attributes.parked)).toEqual([undefined, undefined, undefined]);
  });

  it('writes only the keyframes whose value differs, clears with undefined, and does nothing when nothing changes', () => {
    const { editor, operations, first, second } = setup();
    editor.setAttribute(first.objectId, 'occlusion', 'none', { scope: 'object' });
    expect(operations).toEqual([]);
    editor.setAttribute(first.objectId, 'occlusion', 'partial', { scope: 'frame' });
    editor.setAttribute(second.objectId, 'occlusion', 'partial', { scope: 'object' });
    expect(operations.at(-1)!.changes.map((c) => c.objectId)).not.toContain(first.objectId);
    editor.setAttribute(first.objectId, 'occlusion', undefined, { scope: 'frame' });
    expect('occlusion' in editor.get(first.objectId)!.attributes).toBe(false);
  });
});

describe('attribute defaults from the ontology', () => {
  const defaults = (classId: string): Record<string, string | boolean> => (classId === 'car' ? { occlusion: 'none', parked: false } : classId === 'pedestrian' ? { posture: 'standing' } : {});

  it('a new object starts with its class defaults, under the values the caller gave', () => {
    const { editor } = createTestEditor({ frameOrder: FRAMES, attributeDefaults: defaults });
    const r = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(), attributes: { parked: true } });
    expect(r.attributes).toEqual({ occlusion: 'none', parked: true });
    expect(editor.createCuboid({ frameId: 'f0', classId: 'sign', cuboid: testCuboid(3) }).attributes).toEqual({});
  });

  it('a box joining a track keeps what the caller copied from the track, without defaults', () => {
    const { editor } = createTestEditor({ frameOrder: FRAMES, attributeDefaults: defaults });
    const first = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const next = editor.createCuboid({ frameId: 'f1', classId: 'car', cuboid: testCuboid(1), trackId: first.trackId, attributes: { occlusion: 'heavy' } });
    expect(next.attributes).toEqual({ occlusion: 'heavy' });
  });

  it('a class change adds the new class defaults the record lacks and keeps the values it had', () => {
    const { editor } = createTestEditor({ frameOrder: FRAMES, attributeDefaults: defaults });
    const r = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid(), attributes: { occlusion: 'heavy' } });
    const after = editor.updateCuboid(r.objectId, { classId: 'pedestrian' });
    expect(after.attributes).toEqual({ occlusion: 'heavy', parked: false, posture: 'standing' });
    editor.undo();
    expect(editor.get(r.objectId)!.attributes).toEqual({ occlusion: 'heavy', parked: false });
  });
});
