import { describe, expect, it } from 'vitest';
import { blame, changeToReach, diffRecords, diffStates, objectAt, objectHistory, revertOperations } from './history';
import { Merger } from './merger';
import { cuboidRecord, HUMAN, keyIdOf, makeRevision, testUuid } from './revisionBuilder';

const X = testUuid(1);
const MODEL = { kind: 'model', name: 'detector', version: '1', sha256: 'ab'.repeat(32), parameters: {} } as const;

/** root creates X (a model's box); A moves it; B, concurrently, reclassifies it; C (after both) resizes it. */
function story() {
  const x0 = cuboidRecord(X);
  const root = makeRevision({ writer: 0, createdAt: 10, message: 'pre-label', changes: [{ objectId: X, before: null, after: x0, provenance: MODEL }] });
  const x1 = { ...x0, cuboid: { ...x0.cuboid, center: [1, 0, 0] as const }, updatedAt: 20 };
  const a = makeRevision({ writer: 1, parents: [root.address], createdAt: 20, changes: [{ objectId: X, before: x0, after: x1 }] });
  const x2 = { ...x0, classId: 'van', updatedAt: 21 };
  const b = makeRevision({ writer: 2, parents: [root.address], createdAt: 21, changes: [{ objectId: X, before: x0, after: x2 }] });
  const x3 = { ...x1, classId: 'van', updatedAt: 30 };
  const x4 = { ...x3, cuboid: { ...x3.cuboid, size: [5, 2, 1.5] as const }, updatedAt: 31 };
  const c = makeRevision({ writer: 1, parents: [a.address, b.address], createdAt: 30, changes: [{ objectId: X, before: x3, after: x4 }] });
  const merger = new Merger().addAll([c, b, root, a]);
  return { x0, x1, x2, x4, root, a, b, c, merger };
}

describe('history', () => {
  it('lists the revisions that touched an object in causal order, with author, time, provenance, before and after', () => {
    const { x0, x1, x4, root, a, b, c, merger } = story();
    const log = objectHistory(merger, X);
    expect(log.map((t) => t.revision)).toEqual([root.address, a.address, b.address, c.address]);
    expect(log[0]).toMatchObject({ author: keyIdOf(0), createdAt: 10, message: 'pre-label', provenance: MODEL, before: null, after: x0, lane: null });
    expect(log[1]).toMatchObject({ author: keyIdOf(1), provenance: HUMAN, before: x0, after: x1 });
    expect(log[3].after).toEqual(x4);
  });

  it('blames each field on the revision that last set it', () => {
    const { root, a, b, c, merger } = story();
    const byField = new Map(blame(merger, X).map((f) => [f.field, f]));
    expect(byField.get('cuboid.center')?.writes.map((w) => w.revision)).toEqual([a.address]);
    expect(byField.get('classId')).toMatchObject({ value: 'van', conflicted: false, writes: [{ revision: b.address, author: keyIdOf(2) }] });
    expect(byField.get('cuboid.size')?.writes.map((w) => w.revision)).toEqual([c.address]);
    expect(byField.get('cuboid.rotation')?.writes).toEqual([expect.objectContaining({ revision: root.address, provenance: MODEL })]);
    expect(byField.get('existence')?.writes.map((w) => w.revision)).toEqual([c.address]);
  });

  it('shows an object as any revision saw it, and diffs two of them', () => {
    const { x0, x1, x2, root, a, b, c, merger } = story();
    expect(objectAt(merger, X, root.address).record).toEqual(x0);
    expect(objectAt(merger, X, a.address).record).toEqual(x1);
    expect(objectAt(merger, X, b.address).record).toEqual(x2);
    expect(diffRecords(objectAt(merger, X, a.address).record, objectAt(merger, X, c.address).record)).toEqual([
      { field: 'classId', path: ['classId'], before: 'car', after: 'van' },
      { field: 'cuboid.size', path: ['cuboid', 'size'], before: [4, 2, 1.5], after: [5, 2, 1.5] },
    ]);
    expect(diffRecords(null, x0)[0]).toEqual({ field: 'existence', path: [], before: false, after: true });
  });

  it('diffs two merged states', () => {
    const { root, merger } = story();
    const before = new Merger().addAll([root]).state();
    expect(diffStates(before, merger.state())).toEqual([{ entity: 'object', id: X, change: 'changed', fields: [expect.objectContaining({ field: 'classId' }), expect.objectContaining({ field: 'cuboid.center' }), expect.objectContaining({ field: 'cuboid.size' })] }]);
    expect(diffStates(new Merger().state(), before)).toEqual([expect.objectContaining({ id: X, change: 'added' })]);
  });

  it('reverts an object to an earlier revision as a change on the heads', () => {
    const { x0, root, c, merger } = story();
    const plan = revertOperations(merger, X, root.address, { stamp: { author: 'reviewer', at: 40 } });
    expect(plan.parents).toEqual([c.address]);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].after).toEqual({ ...x0, author: 'reviewer', updatedAt: 40 });
    merger.add(makeRevision({ writer: 3, parents: [...plan.parents], createdAt: 40, changes: plan.changes }));
    expect(merger.state().records.get(X)).toEqual({ ...x0, author: 'reviewer', updatedAt: 40 });
    expect(revertOperations(merger, X, root.address, { stamp: { author: 'reviewer', at: 40 } }).changes).toEqual([]);
  });

  it('reverts past a delete by making the record again', () => {
    const { x0, root, c, merger } = story();
    const del = makeRevision({ writer: 1, parents: [c.address], createdAt: 50, changes: [{ objectId: X, before: merger.state().records.get(X) ?? null, after: null }] });
    merger.add(del);
    const plan = revertOperations(merger, X, root.address);
    expect(plan.changes).toEqual([{ objectId: X, before: null, after: x0 }]);
  });

  it('settles a conflict with a change that keeps the value shown', () => {
    const x = cuboidRecord(X);
    const root = makeRevision({ writer: 0, changes: [{ objectId: X, before: null, after: x }] });
    const a = makeRevision({ writer: 1, parents: [root.address], createdAt: 5, changes: [{ objectId: X, before: x, after: { ...x, classId: 'van' } }] });
    const b = makeRevision({ writer: 2, parents: [root.address], createdAt: 6, changes: [{ objectId: X, before: x, after: { ...x, classId: 'bus', attributes: { a: 1 } } }] });
    const merger = new Merger().addAll([root, a, b]);
    const state = merger.state();
    const shown = state.records.get(X) ?? null;
    expect(shown?.classId).toBe('bus');
    const changes = changeToReach(X, shown, state.conflicts, shown);
    expect(changes).toEqual([{ objectId: X, before: { ...shown, classId: 'van' }, after: shown }]);
    merger.add(makeRevision({ writer: 3, parents: [...state.heads], createdAt: 7, changes }));
    expect(merger.state().conflicts).toEqual([]);
    expect(merger.state().records.get(X)).toMatchObject({ classId: 'bus', attributes: { a: 1 } });
    expect(blame(merger, X).find((f) => f.field === 'classId')?.writes.map((w) => w.author)).toEqual([keyIdOf(3)]);
  });

  it('keeps lane revisions out of the shared history unless asked', () => {
    const { c, merger } = story();
    const current = merger.state().records.get(X) ?? null;
    const lane = makeRevision({ writer: 4, parents: [c.address], createdAt: 60, lane: 'replica-1', changes: [{ objectId: X, before: current, after: current && { ...current, classId: 'bus' } }] });
    merger.add(lane);
    expect(objectHistory(merger, X).map((t) => t.revision)).not.toContain(lane.address);
    expect(objectHistory(merger, X, { lane: 'replica-1' }).map((t) => t.revision)).toContain(lane.address);
    expect(objectHistory(merger, X, { allLanes: true })).toHaveLength(5);
    expect(objectAt(merger, X, lane.address).record?.classId).toBe('bus');
    expect(merger.state().records.get(X)?.classId).toBe('van');
  });
});
