import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { Editor } from '../../core/editor/editor';
import { createViewStore } from '../state/viewStore';
import { changesOnly, EditorWatch, notPoseOnly, onEditorChange, POSE_FIELDS, sameFields, sameItems, sameItemsBy, type EditorSource } from './editorWatch';

const SCENE = '00000000-0000-4000-8000-000000000001';
const FRAME = '00000000-0000-4000-8000-0000000000f1';
let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** A workbench's two stores, with the session's wiring: each editor change bumps the view's revision and says how. */
function source(editor: Editor) {
  const view = createViewStore();
  const sessions = createStore<{ session: { editor: Editor } | null }>(() => ({ session: null }));
  const open = (e: Editor) => {
    e.subscribe((edit) => view.getState().editorChanged(true, edit));
    sessions.setState({ session: { editor: e } });
  };
  open(editor);
  return { src: { view, sessions } as EditorSource, view, sessions, open };
}

const newEditor = () => new Editor({ sceneId: SCENE, author: 'ann', ontologyVersion: 1, frameOrder: [FRAME], newId: nextId });
const box = (classId = 'car') => ({ frameId: FRAME, classId, cuboid: { frame: 'world', center: [0, 0, 0] as const, size: [4, 2, 1.5] as const, rotation: [0, 0, 0, 1] as const } });
const classes = (e: Editor | null) => (e ? e.all().map((r) => r.classId) : []);

/** Subscribes to `watch` and counts what it tells. */
function told<T>(watch: EditorWatch<T>) {
  const seen: T[] = [];
  const off = watch.subscribe(() => seen.push(watch.current()));
  return { seen, off };
}

describe('EditorWatch (what useEditorSelect renders from)', () => {
  it('tells its subscriber only when the selected value changes', () => {
    const editor = newEditor();
    const { src } = source(editor);
    const watch = new EditorWatch(src, (e) => e?.all().length ?? 0);
    const { seen } = told(watch);
    const made = editor.createCuboid(box());
    expect(seen).toEqual([1]);
    // A move of the box changes no count: nothing is told.
    editor.updateCuboid(made.objectId, { cuboid: { center: [1, 0, 0] } });
    editor.updateCuboid(made.objectId, { cuboid: { center: [2, 0, 0] } });
    expect(seen).toEqual([1]);
    editor.createCuboid(box());
    expect(seen).toEqual([1, 2]);
  });

  it('keeps a list equal by its items as the same list, so a caller renders from one object', () => {
    const editor = newEditor();
    const { src } = source(editor);
    const a = editor.createCuboid(box());
    const watch = new EditorWatch(src, (e) => (e ? e.all().filter((r) => r.classId === 'car') : []), sameItems);
    const first = watch.current();
    const { seen } = told(watch);
    editor.createCuboid(box('truck'));
    expect(seen).toEqual([]);
    expect(watch.current()).toBe(first);
    editor.updateCuboid(a.objectId, { classId: 'truck' });
    expect(seen).toEqual([[]]);
  });

  it('follows undo, redo and remote changes', () => {
    const editor = newEditor();
    const { src } = source(editor);
    const watch = new EditorWatch(src, classes, sameItems);
    const { seen } = told(watch);
    const made = editor.createCuboid(box());
    editor.undo();
    editor.redo();
    editor.applyRemote([{ objectId: made.objectId, before: made, after: { ...made, classId: 'bus' } }]);
    expect(seen).toEqual([['car'], [], ['car'], ['bus']]);
    expect(watch.current()).toEqual(['bus']);
  });

  it('reads the new editor when another scene opens, and stops telling once unsubscribed', () => {
    const first = newEditor();
    first.createCuboid(box());
    const { src, open } = source(first);
    const watch = new EditorWatch(src, classes, sameItems);
    const { seen, off } = told(watch);
    const second = newEditor();
    second.createCuboid(box('bus'));
    second.createCuboid(box('bus'));
    open(second);
    expect(seen).toEqual([['bus', 'bus']]);
    off();
    second.createCuboid(box());
    expect(seen).toHaveLength(1);
    // Read again after a change it was not told of, it is up to date.
    expect(watch.current()).toEqual(['bus', 'bus', 'car']);
  });

  it('works a new selector out at once, and reads a revision bumped by no edit (an ontology reload)', () => {
    const editor = newEditor();
    const { src, view } = source(editor);
    editor.createCuboid(box());
    let runs = 0;
    const count = (e: Editor | null) => (runs++, e?.all().length ?? 0);
    const watch = new EditorWatch(src, count, Object.is, () => false);
    expect(watch.current()).toBe(1);
    watch.use((e) => (e?.all().length ?? 0) * 10);
    expect(watch.current()).toBe(10);
    watch.use(count, Object.is, () => false);
    runs = 0;
    view.getState().editorChanged(true);
    expect(watch.current()).toBe(1);
    expect(runs).toBe(1);
  });

  it('spares the selector the edits its filter passes by, but not an edit it misses between reads', () => {
    const editor = newEditor();
    const { src } = source(editor);
    const made = editor.createCuboid(box());
    let runs = 0;
    const watch = new EditorWatch(src, (e) => (runs++, classes(e)), sameItems, notPoseOnly);
    const { seen, off } = told(watch);
    runs = 0;
    editor.beginGesture('move');
    for (let x = 1; x <= 5; x++) editor.updateCuboid(made.objectId, { cuboid: { center: [x, 0, 0] } });
    editor.endGesture();
    editor.undo();
    expect(runs).toBe(0);
    editor.updateCuboid(made.objectId, { classId: 'van' });
    expect(runs).toBe(1);
    expect(seen).toEqual([['van']]);
    off();
    // Two edits while nobody listens: the filter cannot have seen the first, so the selector runs.
    editor.updateCuboid(made.objectId, { classId: 'bus' });
    editor.updateCuboid(made.objectId, { cuboid: { center: [9, 0, 0] } });
    expect(watch.current()).toEqual(['bus']);
  });
});

describe('changesOnly', () => {
  it('tells a pose edit from one that makes, deletes or relabels a record', () => {
    const editor = newEditor();
    const events: Parameters<Parameters<Editor['subscribe']>[0]>[0][] = [];
    editor.subscribe((e) => events.push(e));
    const made = editor.createCuboid(box());
    editor.updateCuboid(made.objectId, { cuboid: { center: [3, 0, 0], size: [5, 2, 1.5] } });
    editor.updateCuboid(made.objectId, { attributes: { parked: true } });
    editor.undo();
    editor.deleteObjects([made.objectId]);
    expect(events.map((e) => changesOnly(e, POSE_FIELDS))).toEqual([false, true, false, false, false]);
  });
});

describe('onEditorChange', () => {
  it('calls back on each edit, a bump by no edit and another scene, and not on other view changes', () => {
    const editor = newEditor();
    const { src, view, open } = source(editor);
    let calls = 0;
    const off = onEditorChange(src, () => calls++);
    editor.createCuboid(box());
    view.getState().select('x');
    view.getState().editorChanged(true);
    open(newEditor());
    expect(calls).toBe(3);
    off();
    editor.createCuboid(box());
    expect(calls).toBe(3);
  });
});

describe('sameItemsBy', () => {
  it('tells lists the same when each item is by the given equality', () => {
    const same = sameItemsBy<{ id: string; x: number }>(sameFields);
    expect(same([{ id: 'a', x: 1 }], [{ id: 'a', x: 1 }])).toBe(true);
    expect(same([{ id: 'a', x: 1 }], [{ id: 'a', x: 2 }])).toBe(false);
    expect(same([{ id: 'a', x: 1 }], [])).toBe(false);
  });
});
