import { describe, expect, it } from 'vitest';
import { asCuboid } from '../annotations/guards';
import type { AnnotationRecord } from '../annotations/registry';
import { mergeRevisions, Merger } from './merger';
import { cuboidRecord, keyIdOf, makeRevision, testUuid } from './revisionBuilder';

const X = testUuid(1);
const Y = testUuid(2);
const TRACK = testUuid(9, 1);

/** A base revision creating X and Y, and two writers' edits on it. */
function base() {
  const x = cuboidRecord(X);
  const y = cuboidRecord(Y, { classId: 'truck' });
  const root = makeRevision({ writer: 0, createdAt: 10, changes: [{ objectId: X, before: null, after: x }, { objectId: Y, before: null, after: y }] });
  return { x, y, root };
}

const edit = (writer: number, parents: string[], createdAt: number, before: AnnotationRecord, after: AnnotationRecord, lane?: string) =>
  makeRevision({ writer, parents, createdAt, lane, changes: [{ objectId: before.objectId, before, after }] });

describe('mergeRevisions', () => {
  it('merges concurrent edits of different objects and of different fields of one object', () => {
    const { x, y, root } = base();
    const a = edit(1, [root.address], 20, x, { ...x, classId: 'van', updatedAt: 20 });
    const b = edit(2, [root.address], 21, x, { ...x, cuboid: { ...x.cuboid, center: [5, 0, 0] }, attributes: { occluded: true }, updatedAt: 21 });
    const c = edit(3, [root.address], 22, y, { ...y, cuboid: { ...y.cuboid, size: [9, 3, 3] }, updatedAt: 22 });
    const state = mergeRevisions([c, b, root, a]);
    expect(state.conflicts).toEqual([]);
    expect(state.records.get(X)).toEqual({ ...x, classId: 'van', cuboid: { ...x.cuboid, center: [5, 0, 0] }, attributes: { occluded: true }, updatedAt: 21 });
    expect(asCuboid(state.records.get(Y)).cuboid.size).toEqual([9, 3, 3]);
    expect(state.heads).toEqual([a.address, b.address, c.address].sort());
  });

  it('keeps concurrent writes of one field with different values as a conflict, and a descendant write resolves it', () => {
    const { x, root } = base();
    const a = edit(1, [root.address], 20, x, { ...x, classId: 'van' });
    const b = edit(2, [root.address], 30, x, { ...x, classId: 'bus' });
    const merged = new Merger().addAll([root, a, b]);
    const state = merged.state();
    expect(state.records.get(X)?.classId).toBe('bus');
    expect(state.conflicts).toHaveLength(1);
    expect(state.conflicts[0]).toMatchObject({
      entity: 'object',
      id: X,
      kind: 'field',
      field: 'classId',
      provisional: 'bus',
      values: [
        { value: 'van', author: keyIdOf(1), revision: a.address, createdAt: 20 },
        { value: 'bus', author: keyIdOf(2), revision: b.address, createdAt: 30 },
      ],
    });
    // The resolution names the side it replaces, so it writes the field even when it keeps the value shown.
    merged.add(edit(3, [a.address, b.address], 40, { ...x, classId: 'van' }, { ...x, classId: 'bus' }));
    expect(merged.state().conflicts).toEqual([]);
    expect(merged.state().records.get(X)?.classId).toBe('bus');
  });

  it('is no conflict when concurrent writes agree', () => {
    const { x, root } = base();
    const a = edit(1, [root.address], 20, x, { ...x, classId: 'van', updatedAt: 5 });
    const b = edit(2, [root.address], 30, x, { ...x, classId: 'van', updatedAt: 6 });
    expect(mergeRevisions([root, a, b]).conflicts).toEqual([]);
  });

  it('supersedes an ancestor write of the same field', () => {
    const { x, root } = base();
    const a = edit(1, [root.address], 50, x, { ...x, classId: 'van' });
    const b = edit(2, [a.address], 20, { ...x, classId: 'van' }, { ...x, classId: 'bus' });
    const state = mergeRevisions([b, a, root]);
    expect(state.conflicts).toEqual([]);
    expect(state.records.get(X)?.classId).toBe('bus');
    expect(state.heads).toEqual([b.address]);
  });

  it('reports a delete concurrent with an edit, keeps the record, and lets a later delete settle it', () => {
    const { x, root } = base();
    const del = makeRevision({ writer: 1, parents: [root.address], createdAt: 30, changes: [{ objectId: X, before: x, after: null }] });
    const ed = edit(2, [root.address], 20, x, { ...x, classId: 'van' });
    const merged = new Merger().addAll([root, del, ed]);
    const state = merged.state();
    expect(state.records.get(X)?.classId).toBe('van');
    expect(state.conflicts).toMatchObject([{ id: X, kind: 'delete-edit', field: 'existence', values: [{ value: true, revision: ed.address }, { value: false, revision: del.address }] }]);
    merged.add(makeRevision({ writer: 1, parents: [del.address, ed.address], createdAt: 40, changes: [{ objectId: X, before: { ...x, classId: 'van' }, after: null }] }));
    expect(merged.state().records.has(X)).toBe(false);
    expect(merged.state().conflicts).toEqual([]);
  });

  it('does not bring back an attribute of a deleted record when the record is made again', () => {
    const x = cuboidRecord(X, { attributes: { parked: true } });
    const root = makeRevision({ writer: 0, changes: [{ objectId: X, before: null, after: x }] });
    const del = makeRevision({ writer: 0, parents: [root.address], createdAt: 2, changes: [{ objectId: X, before: x, after: null }] });
    const again = makeRevision({ writer: 0, parents: [del.address], createdAt: 3, changes: [{ objectId: X, before: null, after: cuboidRecord(X) }] });
    expect(mergeRevisions([root, del, again]).records.get(X)?.attributes).toEqual({});
  });

  it('merges track settings field-wise too', () => {
    const root = makeRevision({ writer: 0, trackSettings: [{ trackId: TRACK, before: null, after: { centre: 'linear' } }] });
    const a = makeRevision({ writer: 1, parents: [root.address], createdAt: 2, trackSettings: [{ trackId: TRACK, before: { centre: 'linear' }, after: { centre: 'catmull-rom' } }] });
    const b = makeRevision({ writer: 2, parents: [root.address], createdAt: 3, trackSettings: [{ trackId: TRACK, before: { centre: 'linear' }, after: { centre: 'linear', size: 'linear' } }] });
    const state = mergeRevisions([root, a, b]);
    expect(state.trackSettings.get(TRACK)).toEqual({ centre: 'catmull-rom', size: 'linear' });
    expect(state.conflicts).toEqual([]);
  });

  it('keeps lanes apart from one another and from the shared history', () => {
    const { x, root } = base();
    const r1 = edit(1, [root.address], 20, x, { ...x, classId: 'van' }, 'replica-1');
    const r2 = edit(2, [root.address], 21, x, { ...x, classId: 'bus' }, 'replica-2');
    const r1b = edit(1, [r1.address], 22, { ...x, classId: 'van' }, { ...x, classId: 'van', attributes: { moving: true } }, 'replica-1');
    // A consensus in the shared history names every replica as a parent and says what it keeps.
    const consensus = edit(3, [r1b.address, r2.address], 30, x, { ...x, classId: 'bus', attributes: { moving: true } });
    const crossing = edit(2, [r1.address], 23, { ...x, classId: 'van' }, { ...x, classId: 'tram' }, 'replica-2');
    const merger = new Merger().addAll([consensus, crossing, r1b, r2, r1, root]);
    expect(merger.state().records.get(X)).toMatchObject({ classId: 'bus', attributes: { moving: true } });
    expect(merger.state().conflicts).toEqual([]);
    expect(merger.state().heads).toEqual([consensus.address]);
    expect(merger.state({ lane: 'replica-1' }).records.get(X)).toMatchObject({ classId: 'van', attributes: { moving: true } });
    expect(merger.state({ lane: 'replica-1' }).heads).toEqual([r1b.address]);
    expect(merger.state({ lane: 'replica-2' }).records.get(X)).toMatchObject({ classId: 'bus', attributes: {} });
    expect(merger.state({ lane: 'replica-2' }).conflicts).toEqual([]);
    expect(merger.state().rejected).toEqual([{ address: crossing.address, reason: expect.stringContaining('lane "replica-1"') }]);
    expect(merger.laneNames()).toEqual(['replica-1', 'replica-2']);
  });

  it('holds a revision whose parent is missing, and applies it when the parent comes', () => {
    const { x, root } = base();
    const a = edit(1, [root.address], 20, x, { ...x, classId: 'van' });
    const b = edit(1, [a.address], 21, { ...x, classId: 'van' }, { ...x, classId: 'bus' });
    const merger = new Merger().addAll([b, root]);
    expect(merger.state().pending).toEqual([{ address: b.address, missing: [a.address] }]);
    expect(merger.state().records.get(X)?.classId).toBe('car');
    merger.add(a);
    expect(merger.state().pending).toEqual([]);
    expect(merger.state().records.get(X)?.classId).toBe('bus');
  });

  it('refuses what builds on a refused revision, and revisions of another scene', () => {
    const { root } = base();
    const other = { ...root.body, sceneId: testUuid(77), operations: [] };
    const foreign = { address: 'f'.repeat(64), body: other };
    const child = makeRevision({ writer: 1, parents: [foreign.address], createdAt: 5 });
    const state = mergeRevisions([child, root, foreign], { sceneId: root.body.sceneId });
    expect(state.rejected.map((r) => r.address).sort()).toEqual([child.address, foreign.address].sort());
    expect(state.pending).toEqual([]);
  });
});
