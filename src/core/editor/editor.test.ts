import { describe, expect, it } from 'vitest';
import { asCuboid } from '../annotations/guards';
import type { AnnotationRecord, CuboidAnnotation } from '../model/annotation';
import { invertChanges, squashChanges, type AnnotationChange, type Operation } from './changes';
import type { EditorEvent } from './editor';
import { createTestEditor, testCuboid } from './testEditor';

type Snapshot = Record<string, AnnotationRecord>;

const snapshot = (records: readonly AnnotationRecord[]): Snapshot =>
  Object.fromEntries(records.map((r) => [r.objectId, structuredClone(r)]));

/** Applies operations in order, checking that each change's `before` is the current state. */
function replay(operations: readonly Operation[], initial: Snapshot = {}): Snapshot {
  const state = new Map(Object.entries(initial));
  operations.forEach((op, k) => {
    for (const c of op.changes) {
      const current = state.get(c.objectId) ?? null;
      expect(c.before, `operation ${k} (${op.label}) on ${c.objectId}`).toEqual(current);
      if (c.after) state.set(c.objectId, c.after);
      else state.delete(c.objectId);
    }
  });
  return Object.fromEntries(state);
}

function setup(options: Parameters<typeof createTestEditor>[0] = {}) {
  const t = createTestEditor(options);
  const events: EditorEvent[] = [];
  t.editor.subscribe((e) => events.push(e));
  return { ...t, events };
}

describe('Editor: create, update, delete', () => {
  it('creates a record with ids, times and a normalised quaternion, and emits one operation', () => {
    const { editor, operations, events } = setup();
    const created = editor.createCuboid({
      frameId: 'f1',
      classId: 'car',
      cuboid: { ...testCuboid(1, 2), rotation: [0, 0, 0, 2] },
      attributes: { occluded: false },
    });
    expect(created.objectId).toBe('00000000-0000-4000-8000-000000000001');
    expect(created.cuboid.rotation).toEqual([0, 0, 0, 1]);
    expect(created.createdAt).toBe(1_700_000_000_000);
    expect(created.author).toBe('test-annotator');
    expect(editor.get(created.objectId)).toEqual(created);
    expect(editor.inFrame('f1')).toEqual([created]);
    expect(editor.inFrame('f2')).toEqual([]);
    expect(operations).toHaveLength(1);
    expect(operations[0].label).toBe('create cuboid');
    expect(operations[0].changes).toEqual([{ objectId: created.objectId, before: null, after: created }]);
    expect(events).toEqual([{ source: 'user', changes: operations[0].changes }]);
    expect(editor.undoLabel).toBe('create cuboid');
  });

  it('updates by patch, keeping what the patch leaves out', () => {
    const { editor, operations, tick } = setup();
    const a = editor.createCuboid({ objectId: 'a', frameId: 'f1', classId: 'car', cuboid: testCuboid(), attributes: { x: 1 } });
    tick(5);
    const b = editor.updateCuboid('a', { cuboid: { center: [3, 4, 0.8] } }, 'move');
    expect(b.cuboid).toEqual({ ...a.cuboid, center: [3, 4, 0.8] });
    expect(b.classId).toBe('car');
    expect(b.attributes).toEqual({ x: 1 });
    expect(b.createdAt).toBe(a.createdAt);
    expect(b.updatedAt).toBe(a.updatedAt + 5);
    expect(operations.at(-1)).toMatchObject({ label: 'move', changes: [{ objectId: 'a', before: a, after: b }] });
    const c = editor.updateCuboid('a', { classId: 'truck', attributes: { y: 'z' } });
    expect(c.classId).toBe('truck');
    expect(c.attributes).toEqual({ y: 'z' });
    expect(c.cuboid).toEqual(b.cuboid);
  });

  it('deletes one or several objects in one step', () => {
    const { editor, operations } = setup();
    for (const id of ['a', 'b', 'c']) editor.createCuboid({ objectId: id, frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.deleteObjects(['a']);
    expect(operations.at(-1)!.label).toBe('delete object');
    editor.deleteObjects(['b', 'c']);
    expect(operations.at(-1)!.label).toBe('delete 2 objects');
    expect(operations.at(-1)!.changes.map((ch) => [ch.objectId, ch.after])).toEqual([
      ['b', null],
      ['c', null],
    ]);
    expect(editor.all()).toEqual([]);
    editor.undo();
    expect(editor.all().map((r) => r.objectId).sort()).toEqual(['b', 'c']);
  });

  it('refuses unknown ids and duplicate creates without touching state', () => {
    const { editor, operations } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const before = snapshot(editor.all());
    expect(() => editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() })).toThrow(/already exists/);
    expect(() => editor.updateCuboid('nope', { classId: 'x' })).toThrow(/no object nope/);
    expect(() => editor.deleteObjects(['a', 'nope'])).toThrow(/no object nope/);
    expect(snapshot(editor.all())).toEqual(before);
    expect(operations).toHaveLength(1);
  });
});

describe('Editor: validation', () => {
  it.each([
    ['non-finite centre', { center: [Number.NaN, 0, 0] }, /centre/],
    ['tiny size', { size: [4, 1.9, 0.001] }, /at least/],
    ['zero quaternion', { rotation: [0, 0, 0, 0] }, /quaternion/],
    ['empty frame', { frame: '' }, /frame/],
  ] as const)('rejects an update with %s, leaving state, history and the log alone', (_, patch, message) => {
    const { editor, operations, events } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const before = snapshot(editor.all());
    const nEvents = events.length;
    expect(() => editor.updateCuboid('a', { cuboid: patch as never })).toThrow(message);
    expect(snapshot(editor.all())).toEqual(before);
    expect(operations).toHaveLength(1);
    expect(events).toHaveLength(nEvents);
    expect(editor.undoLabel).toBe('create cuboid');
    expect(editor.canRedo).toBe(false);
  });

  it('rejects a create with an invalid cuboid', () => {
    const { editor, operations } = setup();
    expect(() =>
      editor.createCuboid({ frameId: 'f', classId: 'car', cuboid: { ...testCuboid(), size: [1, 1, Number.POSITIVE_INFINITY] } }),
    ).toThrow(/size/);
    expect(editor.all()).toEqual([]);
    expect(operations).toEqual([]);
    expect(editor.canUndo).toBe(false);
  });

  it('records nothing for an update that changes nothing', () => {
    const { editor, operations } = setup();
    const r = editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.updateCuboid('a', { classId: 'car', cuboid: { center: r.cuboid.center } });
    expect(operations).toHaveLength(1);
    expect(editor.undoLabel).toBe('create cuboid');
  });
});

describe('Editor: undo and redo', () => {
  it('restores every earlier state exactly, then replays forward exactly', () => {
    const { editor, tick } = setup();
    const states: Snapshot[] = [snapshot(editor.all())];
    const step = (f: () => void) => {
      tick(10);
      f();
      states.push(snapshot(editor.all()));
    };
    step(() => editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid(0, 0, 0.3) }));
    step(() => editor.createCuboid({ objectId: 'b', frameId: 'f', classId: 'pedestrian', cuboid: testCuboid(5, 1) }));
    step(() => editor.updateCuboid('a', { cuboid: { rotation: [0, 0, 0.5, 0.8] }, attributes: { parked: true } }));
    step(() => editor.deleteObjects(['b']));
    step(() => editor.updateCuboid('a', { classId: 'van' }));
    for (let k = states.length - 2; k >= 0; k--) {
      expect(editor.undo()).toBe(true);
      expect(snapshot(editor.all())).toEqual(states[k]);
    }
    expect(editor.undo()).toBe(false);
    expect(editor.canUndo).toBe(false);
    for (let k = 1; k < states.length; k++) {
      expect(editor.redo()).toBe(true);
      expect(snapshot(editor.all())).toEqual(states[k]);
    }
    expect(editor.redo()).toBe(false);
  });

  it('clears the redo stack on a new edit', () => {
    const { editor } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.updateCuboid('a', { classId: 'truck' });
    editor.undo();
    expect(editor.canRedo).toBe(true);
    expect(editor.redoLabel).toBe('edit cuboid');
    editor.updateCuboid('a', { classId: 'bus' });
    expect(editor.canRedo).toBe(false);
    expect(editor.redo()).toBe(false);
    expect(editor.get('a')!.classId).toBe('bus');
  });

  it('emits the inverse diff for undo and the forward diff for redo', () => {
    const { editor, operations, events } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ objectId: 'b', frameId: 'f', classId: 'car', cuboid: testCuboid(3) });
    editor.deleteObjects(['a', 'b']);
    const forward = operations.at(-1)!;
    editor.undo();
    const undoOp = operations.at(-1)!;
    expect(undoOp.label).toBe('undo delete 2 objects');
    expect(undoOp.changes).toEqual(invertChanges(forward.changes));
    expect(undoOp.changes.map((c) => c.objectId)).toEqual(['b', 'a']);
    expect(undoOp.opId).not.toBe(forward.opId);
    expect(events.at(-1)).toEqual({ source: 'undo', changes: undoOp.changes });
    editor.redo();
    const redoOp = operations.at(-1)!;
    expect(redoOp.label).toBe('redo delete 2 objects');
    expect(redoOp.changes).toEqual(forward.changes);
    expect(events.at(-1)).toEqual({ source: 'redo', changes: forward.changes });
    expect(new Set(operations.map((o) => o.opId)).size).toBe(operations.length);
  });

  it('drops the oldest steps past historyLimit', () => {
    const { editor } = setup({ historyLimit: 3 });
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'c0', cuboid: testCuboid() });
    for (let k = 1; k <= 5; k++) editor.updateCuboid('a', { classId: `c${k}` });
    let undone = 0;
    while (editor.undo()) undone++;
    expect(undone).toBe(3);
    expect(editor.get('a')!.classId).toBe('c2');
    let redone = 0;
    while (editor.redo()) redone++;
    expect(redone).toBe(3);
    expect(editor.get('a')!.classId).toBe('c5');
  });

  it('reset replaces the state, reports the diff and forgets history', () => {
    const { editor, events, operations } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ objectId: 'b', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.undo();
    const replacement: CuboidAnnotation = { ...asCuboid(editor.get('a')), objectId: 'z', classId: 'tram' };
    const nOps = operations.length;
    editor.reset([replacement]);
    expect(editor.all()).toEqual([replacement]);
    expect(editor.canUndo).toBe(false);
    expect(editor.canRedo).toBe(false);
    expect(editor.undo()).toBe(false);
    expect(editor.redo()).toBe(false);
    expect(operations).toHaveLength(nOps);
    const last = events.at(-1)!;
    expect(last.source).toBe('reset');
    expect(last.changes).toContainEqual({ objectId: 'a', before: expect.objectContaining({ objectId: 'a' }), after: null });
    expect(last.changes).toContainEqual({ objectId: 'z', before: null, after: replacement });
  });
});

describe('Editor: gestures', () => {
  it('folds a drag into one undo step and one operation from the pre-gesture state to the final one', () => {
    const { editor, operations, events, tick } = setup();
    const start = editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const nOps = operations.length;
    const nEvents = events.length;
    editor.beginGesture('drag');
    let last = start;
    for (let k = 1; k <= 5; k++) {
      tick();
      last = editor.updateCuboid('a', { cuboid: { center: [k, 0, 0.8] } });
    }
    expect(operations).toHaveLength(nOps); // nothing persisted mid-drag
    // The view follows every step (plus one event when the gesture starts: undo is then unavailable).
    expect(events).toHaveLength(nEvents + 6);
    expect(editor.canUndo).toBe(false);
    editor.endGesture();
    // Ending tells the view too, so an undo button enabled by the drag is drawn enabled.
    expect(events).toHaveLength(nEvents + 7);
    expect(editor.canUndo).toBe(true);
    expect(operations).toHaveLength(nOps + 1);
    const op = operations.at(-1)!;
    expect(op.label).toBe('drag');
    expect(op.changes).toEqual([{ objectId: 'a', before: start, after: last }]);
    expect(editor.undoLabel).toBe('drag');
    editor.undo();
    expect(editor.get('a')).toEqual(start);
    expect(editor.undoLabel).toBe('create cuboid');
    editor.redo();
    expect(editor.get('a')).toEqual(last);
  });

  it('cancelGesture restores the pre-gesture state and records nothing', () => {
    const { editor, operations, events } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const before = snapshot(editor.all());
    const nOps = operations.length;
    editor.beginGesture('drag');
    editor.updateCuboid('a', { cuboid: { center: [9, 9, 0.8] } });
    editor.createCuboid({ objectId: 'b', frameId: 'f', classId: 'car', cuboid: testCuboid(2) });
    editor.updateCuboid('a', { cuboid: { size: [1, 1, 1] } });
    editor.cancelGesture();
    expect(snapshot(editor.all())).toEqual(before);
    expect(operations).toHaveLength(nOps);
    expect(editor.undoLabel).toBe('create cuboid');
    expect(events.at(-1)!.source).toBe('undo');
    editor.cancelGesture(); // no gesture: a no-op
    expect(snapshot(editor.all())).toEqual(before);
  });

  it('a gesture that ends where it began records nothing', () => {
    const { editor, operations } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const nOps = operations.length;
    editor.beginGesture('wiggle');
    editor.updateCuboid('a', { cuboid: { center: [1, 0, 0.8] } });
    editor.updateCuboid('a', { cuboid: testCuboid() });
    editor.endGesture();
    expect(operations).toHaveLength(nOps);
    expect(editor.undoLabel).toBe('create cuboid');
  });

  it('a create then delete inside a gesture leaves no trace', () => {
    const { editor, operations } = setup();
    editor.beginGesture('scratch');
    editor.createCuboid({ objectId: 'tmp', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.updateCuboid('tmp', { classId: 'van' });
    editor.deleteObjects(['tmp']);
    editor.endGesture();
    expect(operations).toEqual([]);
    expect(editor.canUndo).toBe(false);
    expect(editor.all()).toEqual([]);
  });

  it('undo during a gesture ends it first, then undoes it as one step', () => {
    const { editor } = setup();
    const start = editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.beginGesture('drag');
    editor.updateCuboid('a', { cuboid: { center: [1, 0, 0.8] } });
    editor.updateCuboid('a', { cuboid: { center: [2, 0, 0.8] } });
    expect(editor.undo()).toBe(true);
    expect(editor.get('a')).toEqual(start);
    expect(editor.redoLabel).toBe('drag');
  });
});

describe('squashChanges / invertChanges', () => {
  const rec = (id: string, classId: string): CuboidAnnotation => ({
    kind: 'cuboid',
    objectId: id,
    trackId: id,
    sceneId: 's',
    frameId: 'f',
    classId,
    cuboid: testCuboid(),
    attributes: {},
    ontologyVersion: 1,
    author: 'x',
    createdAt: 1,
    updatedAt: 1,
  });

  it('keeps the first before and the last after per object, and drops create-then-delete and no-ops', () => {
    const a1 = rec('a', 'car');
    const a2 = rec('a', 'van');
    const a3 = rec('a', 'bus');
    const b1 = rec('b', 'car');
    const c1 = rec('c', 'car');
    const changes: AnnotationChange[] = [
      { objectId: 'a', before: a1, after: a2 },
      { objectId: 'b', before: null, after: b1 },
      { objectId: 'c', before: c1, after: rec('c', 'x') },
      { objectId: 'a', before: a2, after: a3 },
      { objectId: 'b', before: b1, after: null },
      { objectId: 'c', before: rec('c', 'x'), after: rec('c', 'car') },
    ];
    expect(squashChanges(changes)).toEqual([{ objectId: 'a', before: a1, after: a3 }]);
  });

  it('inverts in reverse order with before and after swapped', () => {
    const a1 = rec('a', 'car');
    const b1 = rec('b', 'car');
    expect(
      invertChanges([
        { objectId: 'a', before: null, after: a1 },
        { objectId: 'b', before: b1, after: null },
      ]),
    ).toEqual([
      { objectId: 'b', before: null, after: b1 },
      { objectId: 'a', before: a1, after: null },
    ]);
  });
});

describe('Editor: the operation log', () => {
  it('replays from empty to the editor state, each before matching the state it applies to', () => {
    const { editor, operations, tick } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ objectId: 'b', frameId: 'f', classId: 'car', cuboid: testCuboid(4) });
    tick();
    editor.beginGesture('drag');
    editor.updateCuboid('a', { cuboid: { center: [1, 1, 0.8] } });
    editor.createCuboid({ objectId: 'c', frameId: 'g', classId: 'sign', cuboid: testCuboid(8) });
    editor.updateCuboid('a', { cuboid: { center: [2, 1, 0.8] } });
    editor.endGesture();
    editor.deleteObjects(['b']);
    editor.undo();
    editor.undo();
    editor.redo();
    tick();
    editor.updateCuboid('c', { attributes: { facing: 'north' } });
    editor.beginGesture('cancelled');
    editor.updateCuboid('a', { cuboid: { center: [50, 50, 0.8] } });
    editor.cancelGesture();
    editor.undo();
    editor.createCuboid({ objectId: 'd', frameId: 'f', classId: 'car', cuboid: testCuboid(-3) });
    expect(operations.length).toBeGreaterThanOrEqual(9);
    expect(replay(operations)).toEqual(snapshot(editor.all()));
  });

  it('replays from the initial records when the editor starts with some', () => {
    const seed = createTestEditor();
    const r = seed.editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    const { editor, operations } = setup({ initial: [r] });
    editor.updateCuboid('a', { classId: 'van' });
    editor.deleteObjects(['a']);
    editor.undo();
    expect(replay(operations, { a: r })).toEqual(snapshot(editor.all()));
  });

  it('keeps the redo stack when a gesture is cancelled', () => {
    const { editor } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.updateCuboid('a', { classId: 'van' });
    editor.undo();
    editor.beginGesture('drag');
    editor.updateCuboid('a', { cuboid: { center: [1, 0, 0.8] } });
    editor.cancelGesture();
    expect(editor.canRedo).toBe(true);
  });

  it('keeps the log consistent when an id is deleted twice in one call', () => {
    const { editor, operations } = setup();
    editor.createCuboid({ objectId: 'a', frameId: 'f', classId: 'car', cuboid: testCuboid() });
    editor.deleteObjects(['a', 'a']);
    expect(replay(operations)).toEqual(snapshot(editor.all()));
  });

  it('records nothing for deleteObjects([])', () => {
    const { editor, operations } = setup();
    editor.deleteObjects([]);
    expect(operations).toEqual([]);
    expect(editor.canUndo).toBe(false);
  });
});
