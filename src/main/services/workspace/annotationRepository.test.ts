import { randomUUID } from 'node:crypto';
import { isCuboidRecord } from '../../../core/annotations/guards';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnotationChange, Operation } from '../../../core/editor/changes';
import { Editor } from '../../../core/editor/editor';
import { quatFromYaw } from '../../../core/geometry/quaternion';
import { canonicalJson, type AnnotationRecord, type CuboidAnnotation } from '../../../core/model/annotation';
import { ConflictError, InvalidOperationError, type AnnotationRepository } from './annotationRepository';
import { Workspace } from './workspace';
import { seededRandom } from '../../../core/random/seededRandom';

const SCENE = '11111111-1111-4111-8111-111111111111';
const OTHER_SCENE = '22222222-2222-4222-8222-222222222222';
/** A UUID per short name, in the names' order, so listings read like the names. */
const id = (name: string) => `00000000-0000-4000-8000-${Buffer.from(name).toString('hex').padEnd(12, '0')}`;
const FRAME_0 = id('f0');
const FRAME_1 = id('f1');

let dir: string;
let ws: Workspace;
let repo: AnnotationRepository;
let opCounter = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-repo-'));
  ws = Workspace.open(dir);
  repo = ws.annotations;
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

function rec(name: string, over: Partial<CuboidAnnotation> = {}): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: id(name),
    trackId: id(name),
    sceneId: SCENE,
    frameId: FRAME_0,
    classId: 'car',
    cuboid: { frame: 'lidar', center: [1, 2, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(0.3) },
    attributes: { occluded: false },
    ontologyVersion: 1,
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...over,
  };
}

function op(changes: AnnotationChange[], over: Partial<Operation> = {}): Operation {
  return {
    opId: randomUUID(),
    sceneId: SCENE,
    author: 'ann',
    at: 1_700_000_000_000 + ++opCounter,
    label: 'test',
    changes,
    ...over,
  };
}

const create = (r: CuboidAnnotation) => op([{ objectId: r.objectId, before: null, after: r }], { sceneId: r.sceneId });
const update = (before: CuboidAnnotation, after: CuboidAnnotation) => op([{ objectId: before.objectId, before, after }]);
const remove = (r: CuboidAnnotation) => op([{ objectId: r.objectId, before: r, after: null }]);

function snapshot(): { objects: string; log: string; head: number } {
  return {
    objects: canonicalJson([...repo.listScene(SCENE), ...repo.listScene(OTHER_SCENE)]),
    log: canonicalJson(repo.operationsSince(0, 100_000)),
    head: repo.headSeq(),
  };
}

/** What a stack trace line looks like: `at fn (file.ts:12:5)`. */
const STACK_FRAME = /\n|\bat .*:\d+:\d+/;

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}

describe('AnnotationRepository: writing through operations', () => {
  it('creates, updates and deletes, and the log records each operation in order', () => {
    const a = rec('a');
    const b = rec('b', { frameId: FRAME_1, classId: 'pedestrian' });
    expect(repo.apply(create(a))).toEqual({ seq: 1, duplicate: false });
    expect(repo.apply(create(b))).toEqual({ seq: 2, duplicate: false });
    expect(repo.listScene(SCENE)).toEqual([a, b]);
    expect(repo.listFrame(SCENE, FRAME_1)).toEqual([b]);

    const a2 = rec('a', { cuboid: { ...a.cuboid, center: [5, 6, 0.9] }, attributes: { occluded: true, note: 'x' }, updatedAt: a.updatedAt + 5 });
    expect(repo.apply(update(a, a2)).seq).toBe(3);
    expect(repo.get(id('a'))).toEqual(a2);

    expect(repo.apply(remove(b)).seq).toBe(4);
    expect(repo.get(id('b'))).toBeNull();
    expect(repo.listScene(SCENE)).toEqual([a2]);

    const log = repo.operationsSince(0);
    expect(log.map((o) => o.seq)).toEqual([1, 2, 3, 4]);
    expect(log[2].changes).toEqual([{ objectId: id('a'), before: a, after: a2 }]);
    expect(repo.operationsSince(2, 1).map((o) => o.seq)).toEqual([3]);
    expect(repo.headSeq()).toBe(4);
    expect(canonicalJson(repo.rebuildFromLog(SCENE))).toBe(canonicalJson(repo.listScene(SCENE)));
  });

  it('stores the record as canonical JSON beside the generic columns every kind has', () => {
    const a = rec('a', { trackId: id('track'), cuboid: { frame: 'ego', center: [1.5, -2.25, 0.75], size: [4, 2, 1.5], rotation: [0, 0, 0.6, 0.8] } });
    repo.apply(create(a));
    const db = (repo as unknown as { db: import('better-sqlite3').Database }).db;
    const row = db.prepare('SELECT * FROM annotations WHERE object_id = ?').get(id('a')) as Record<string, unknown>;
    expect(row).toEqual({
      object_id: id('a'), scene_id: SCENE, track_id: id('track'), frame_id: FRAME_0, kind: 'cuboid', class_id: 'car',
      record: canonicalJson(a),
    });
    expect(JSON.parse(row.record as string)).toEqual(a);
  });

  it('lists the keyframes of one track', () => {
    const track = id('track');
    const k0 = rec('k0', { trackId: track });
    const k1 = rec('k1', { trackId: track, frameId: FRAME_1 });
    repo.apply(create(k0));
    repo.apply(create(k1));
    repo.apply(create(rec('other')));
    expect(repo.listTrack(SCENE, track)).toEqual([k0, k1]);
    expect(repo.listTrack(OTHER_SCENE, track)).toEqual([]);
  });

  it('keeps scenes apart', () => {
    const a = rec('a');
    const o = rec('o', { sceneId: OTHER_SCENE });
    repo.apply(create(a));
    repo.apply(create(o));
    expect(repo.listScene(SCENE)).toEqual([a]);
    expect(repo.listScene(OTHER_SCENE)).toEqual([o]);
    expect(repo.rebuildFromLog(OTHER_SCENE)).toEqual([o]);
  });

  it('applies a multi-change operation atomically, including several changes to one object', () => {
    const a = rec('a');
    const a2 = rec('a', { classId: 'truck' });
    const b = rec('b');
    repo.apply(op([
      { objectId: id('a'), before: null, after: a },
      { objectId: id('b'), before: null, after: b },
      { objectId: id('a'), before: a, after: a2 },
    ]));
    expect(repo.listScene(SCENE)).toEqual([a2, b]);
    expect(repo.rebuildFromLog(SCENE)).toEqual([a2, b]);
  });
});

describe('AnnotationRepository: conflicts', () => {
  it('rejects a stale before, names the object and the differing fields, and writes nothing', () => {
    const a = rec('a');
    const a2 = rec('a', { classId: 'truck', updatedAt: a.updatedAt + 1 });
    repo.apply(create(a));
    repo.apply(update(a, a2));
    const before = snapshot();

    const stale = update(a, rec('a', { classId: 'bus' }));
    const err = thrown(() => repo.apply(stale));
    expect(err).toBeInstanceOf(ConflictError);
    const c = err as ConflictError;
    expect(c.objectId).toBe(id('a'));
    expect(c.opId).toBe(stale.opId);
    expect(c.fields).toEqual(['classId', 'updatedAt']);
    expect(c.actual).toEqual(a2);
    expect(c.message).toContain(`object ${id('a')}`);
    expect(c.message).toContain('classId, updatedAt');
    expect(snapshot()).toEqual(before);
  });

  it('rejects creating an object that exists and deleting or updating one that does not', () => {
    const a = rec('a');
    repo.apply(create(a));
    const before = snapshot();

    const dup = thrown(() => repo.apply(create(rec('a', { classId: 'bus' }))));
    expect(dup).toBeInstanceOf(ConflictError);
    expect(dup.message).toContain('expects it not to exist');

    const ghost = rec('ghost');
    const del = thrown(() => repo.apply(remove(ghost)));
    expect(del).toBeInstanceOf(ConflictError);
    expect(del.message).toContain('expects it to exist');
    expect(thrown(() => repo.apply(update(ghost, rec('ghost', { classId: 'bus' }))))).toBeInstanceOf(ConflictError);
    expect(snapshot()).toEqual(before);
  });

  it('a conflict on a later change leaves the earlier changes of the same operation unwritten', () => {
    const a = rec('a');
    repo.apply(create(a));
    const before = snapshot();
    const err = thrown(() =>
      repo.apply(op([
        { objectId: id('b'), before: null, after: rec('b') },
        { objectId: id('a'), before: a, after: rec('a', { classId: 'bus' }) },
        { objectId: id('c'), before: rec('c'), after: null },
      ])),
    );
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).objectId).toBe(id('c'));
    expect(repo.get(id('b'))).toBeNull();
    expect(snapshot()).toEqual(before);
  });

  it('compares before canonically: key order does not matter', () => {
    const a = rec('a');
    repo.apply(create(a));
    const reordered = JSON.parse(
      '{"updatedAt":1700000000000,"createdAt":1700000000000,"author":"ann","ontologyVersion":1,"attributes":{"occluded":false},' +
        `"cuboid":{"rotation":${JSON.stringify(a.cuboid.rotation)},"size":[4.5,1.9,1.6],"center":[1,2,0.8],"frame":"lidar"},` +
        `"classId":"car","frameId":"${FRAME_0}","sceneId":"${SCENE}","trackId":"${id('a')}","objectId":"${id('a')}","kind":"cuboid"}`,
    ) as CuboidAnnotation;
    expect(repo.apply(update(reordered, rec('a', { classId: 'van' }))).duplicate).toBe(false);
    expect(repo.get(id('a'))?.classId).toBe('van');
  });
});

describe('AnnotationRepository: idempotent retries', () => {
  it('re-applying a stored opId returns the original seq, duplicate = true, and writes nothing', () => {
    const a = rec('a');
    const first = create(a);
    expect(repo.apply(first)).toEqual({ seq: 1, duplicate: false });
    const a2 = rec('a', { classId: 'truck' });
    repo.apply(update(a, a2));
    const before = snapshot();
    // The retry's before (null) is stale by now; it is still recognised as the stored op.
    expect(repo.apply(first)).toEqual({ seq: 1, duplicate: true });
    expect(repo.apply(structuredClone(first))).toEqual({ seq: 1, duplicate: true });
    expect(snapshot()).toEqual(before);
  });

  it('refuses a reused opId with different content', () => {
    const a = rec('a');
    const first = create(a);
    repo.apply(first);
    const before = snapshot();
    const err = thrown(() => repo.apply({ ...first, label: 'something else' }));
    expect(err).toBeInstanceOf(InvalidOperationError);
    expect(err.message).toContain(first.opId);
    expect(err.message).toContain('different content');
    expect(snapshot()).toEqual(before);
  });
});

describe('AnnotationRepository: malformed operations', () => {
  const a = rec('a');
  const after = (r: unknown) => op([{ objectId: id('n'), before: null, after: r as CuboidAnnotation }]);
  const bad: Array<[string, () => Operation, string]> = [
    ['NaN centre', () => create(rec('n', { cuboid: { ...a.cuboid, center: [Number.NaN, 0, 0] } })), 'changes.0.after.cuboid.center.0: Invalid input: expected number'],
    ['infinite size', () => create(rec('n', { cuboid: { ...a.cuboid, size: [Infinity, 1, 1] } })), 'changes.0.after.cuboid.size.0:'],
    ['tiny size', () => create(rec('n', { cuboid: { ...a.cuboid, size: [0, 1, 1] } })), 'changes.0.after.cuboid.size.0: must be at least 0.01 m'],
    ['huge size', () => create(rec('n', { cuboid: { ...a.cuboid, size: [1e308, 1e308, 1e308] } })), 'changes.0.after.cuboid.size.0: must be at most 1000 m'],
    ['far centre', () => create(rec('n', { cuboid: { ...a.cuboid, center: [0, 2e7, 0] } })), 'changes.0.after.cuboid.center.1: must be within ±10000000 m'],
    ['non-unit quaternion', () => create(rec('n', { cuboid: { ...a.cuboid, rotation: [0, 0, 0, 2] } })), 'changes.0.after.cuboid.rotation: must be a unit quaternion'],
    ['short centre', () => create(rec('n', { cuboid: { ...a.cuboid, center: [1, 2] as unknown as [number, number, number] } })), 'changes.0.after.cuboid.center'],
    ['record of another scene', () => after(rec('n', { sceneId: OTHER_SCENE })), `changes.0.after.sceneId: must equal the operation's sceneId ${SCENE}`],
    ['objectId mismatch', () => after(rec('m')), `changes.0.after.objectId: must equal the change's objectId ${id('n')}`],
    ['frameId not a UUID', () => create(rec('n', { frameId: 'frame-0' })), 'changes.0.after.frameId: Invalid UUID'],
    ['bad attribute', () => create(rec('n', { attributes: { x: { nested: 1 } as unknown as string } })), 'changes.0.after.attributes.x: must be a string, a finite number or a boolean'],
    ['empty attribute key', () => create(rec('n', { attributes: { '': 1 } })), 'changes.0.after.attributes: key "" must not be empty'],
    ['NUL in a frame name', () => create(rec('n', { cuboid: { ...a.cuboid, frame: 'lidar\0' } })), 'changes.0.after.cuboid.frame: must not contain a NUL character'],
    ['lone surrogate', () => create(rec('n', { attributes: { note: 'broken \ud800 text' } })), 'changes.0.after.attributes.note: must be valid Unicode'],
    ['unknown record field', () => after({ ...rec('n'), extra: 1 }), 'changes.0.after.extra: unknown field'],
    ['record of 0.1.0 (no kind, track or ontology version)', () => after((({ kind: _k, trackId: _t, ontologyVersion: _v, ...old }) => old)(rec('n'))), 'changes.0.after.kind:'],
    ['unknown kind', () => after({ ...rec('n'), kind: 'polygon' }), 'changes.0.after.kind:'],
    ['trackId not a UUID', () => create(rec('n', { trackId: 'car-1' })), 'changes.0.after.trackId: Invalid UUID'],
    ['no ontology version', () => after({ ...rec('n'), ontologyVersion: undefined }), 'changes.0.after.ontologyVersion:'],
    ['ontology version 0', () => create(rec('n', { ontologyVersion: 0 })), 'changes.0.after.ontologyVersion: Too small'],
    ['NaN at', () => op([{ objectId: id('n'), before: null, after: rec('n') }], { at: Number.NaN }), 'at: Invalid input: expected number'],
    ['fractional timestamp', () => create(rec('n', { createdAt: 1.5 })), 'changes.0.after.createdAt:'],
    ['opId not a UUID', () => op([{ objectId: id('n'), before: null, after: rec('n') }], { opId: '' }), 'opId: Invalid UUID'],
    ['no changes', () => op([]), 'changes: must hold at least one change'],
    ['neither before nor after', () => op([{ objectId: id('n'), before: null, after: null }]), 'changes.0: has neither before nor after'],
    ['bad before', () => op([{ objectId: id('a'), before: rec('a', { createdAt: Number.NaN }), after: null }]), 'changes.0.before.createdAt:'],
  ];

  it.each(bad)('%s: clear error naming the field, nothing written', (_name, make, message) => {
    repo.apply(create(a));
    const before = snapshot();
    const badOp = make();
    const err = thrown(() => repo.apply(badOp));
    expect(err).toBeInstanceOf(InvalidOperationError);
    expect(err.message).toContain(message);
    expect(err.message).not.toMatch(STACK_FRAME);
    expect(snapshot()).toEqual(before);
  });

  it('an invalid record later in an operation leaves the valid earlier change unwritten', () => {
    const err = thrown(() =>
      repo.apply(op([
        { objectId: id('ok'), before: null, after: rec('ok') },
        { objectId: id('n'), before: null, after: rec('n', { updatedAt: Infinity }) },
      ])),
    );
    expect(err).toBeInstanceOf(InvalidOperationError);
    expect(err.message).toContain('changes.1.after.updatedAt');
    expect(repo.get(id('ok'))).toBeNull();
    expect(repo.headSeq()).toBe(0);
  });

  it('rejects bad paging arguments', () => {
    expect(() => repo.operationsSince(-1)).toThrow(RangeError);
    expect(() => repo.operationsSince(0, 0)).toThrow(RangeError);
  });
});

describe('AnnotationRepository: the table equals the replayed log', () => {
  const rng = seededRandom;

  it.each([1, 2, 3])('after 200 editor operations with undo and redo (seed %i)', (seed) => {
    const random = rng(seed);
    let clock = 1_700_000_000_000;
    const editor = new Editor({ ontologyVersion: 1, sceneId: SCENE, author: 'ann', now: () => ++clock, newId: randomUUID });
    const applied: Operation[] = [];
    const results: number[] = [];
    editor.onOperation((o) => {
      applied.push(o);
      const r = repo.apply(o);
      expect(r.duplicate).toBe(false);
      results.push(r.seq);
    });
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const frames = [FRAME_0, FRAME_1, id('f2')];
    const labels = { undo: 0, redo: 0 };

    while (applied.length < 200) {
      const objects = editor.all().filter(isCuboidRecord);
      const r = random();
      if (objects.length === 0 || r < 0.2) {
        editor.createCuboid({
          frameId: pick(frames),
          classId: pick(['car', 'truck', 'pedestrian']),
          cuboid: { frame: 'lidar', center: [random() * 50, random() * 50 - 25, 0.8], size: [4, 2, 1.5], rotation: quatFromYaw(random() * 6) },
          attributes: random() < 0.5 ? { occluded: random() < 0.5 } : {},
        });
      } else if (r < 0.45) {
        const o = pick(objects);
        editor.updateCuboid(o.objectId, { cuboid: { center: [o.cuboid.center[0] + random(), o.cuboid.center[1], 0.8], rotation: quatFromYaw(random() * 6) } });
      } else if (r < 0.55) {
        const o = pick(objects);
        editor.beginGesture('drag');
        for (let i = 0; i < 3; i++) editor.updateCuboid(o.objectId, { cuboid: { center: [random() * 10, random() * 10, 0.8] } });
        editor.endGesture();
      } else if (r < 0.62) {
        const ids = objects.filter(() => random() < 0.3).map((o) => o.objectId);
        editor.deleteObjects(ids.length > 0 ? ids : [pick(objects).objectId]);
      } else if (r < 0.67) {
        editor.updateCuboid(pick(objects).objectId, { classId: pick(['car', 'bus']), attributes: { parked: random() < 0.5, lane: Math.floor(random() * 3) } });
      } else if (r < 0.87) {
        if (editor.undo()) labels.undo++;
      } else {
        if (editor.redo()) labels.redo++;
      }
    }

    // The sequence really exercised inverse operations.
    expect(labels.undo).toBeGreaterThan(10);
    expect(labels.redo).toBeGreaterThan(3);
    expect(applied.some((o) => o.changes.some((c) => c.before === null && c.after !== null))).toBe(true);
    expect(applied.some((o) => o.changes.some((c) => c.after === null))).toBe(true);
    expect(results).toEqual(applied.map((_, i) => i + 1));

    const table = repo.listScene(SCENE);
    const expected = editor.all().sort((x, y) => (x.objectId < y.objectId ? -1 : 1));
    expect(canonicalJson(table)).toBe(canonicalJson(expected));
    expect(canonicalJson(repo.rebuildFromLog(SCENE))).toBe(canonicalJson(table));
    expect(canonicalJson(repo.operationsSince(0, 10_000).map(({ seq: _seq, ...o }) => o))).toBe(canonicalJson(applied));
  });
});

describe('AnnotationRepository: scene pages', () => {
  const names = Array.from({ length: 25 }, (_, i) => `o${String(i).padStart(2, '0')}`);
  const pageAll = (limit: number, maxBytes = 1 << 20) => {
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const page = repo.listScenePage(SCENE, { afterObjectId: after, limit, maxBytes });
      pages.push(page.records.map((r) => r.objectId));
      after = page.lastObjectId ?? undefined;
    } while (after !== undefined);
    return pages;
  };

  beforeEach(() => {
    repo.apply(op(names.map((n) => ({ objectId: id(n), before: null, after: rec(n) }))));
    repo.apply(create(rec('x', { sceneId: OTHER_SCENE })));
  });

  it('pages a scene in objectId order, at most `limit` records a page, and says when it is done', () => {
    const pages = pageAll(10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(names.map(id));
    expect(repo.listScenePage(SCENE, { limit: 25, maxBytes: 1 << 20 }).lastObjectId).toBeNull();
    expect(repo.listScenePage(SCENE, { limit: 24, maxBytes: 1 << 20 }).lastObjectId).toBe(id('o23'));
  });

  it('stops a page at the byte budget, and a record larger than the budget still makes a page of one', () => {
    const oneRecord = Buffer.byteLength(canonicalJson(rec('o00')));
    const byBytes = pageAll(100, oneRecord * 3);
    expect(byBytes.map((p) => p.length)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 1]);
    expect(pageAll(100, 1).map((p) => p.length)).toEqual(names.map(() => 1));
  });

  it('lists a record that stays put exactly once while others are created, edited and deleted between pages', () => {
    const first = repo.listScenePage(SCENE, { limit: 10, maxBytes: 1 << 20 });
    repo.apply(create(rec('a'))); // before the cursor: not in the rest
    repo.apply(create(rec('z'))); // after it: in the rest
    repo.apply(remove(rec('o15')));
    repo.apply(update(rec('o05'), rec('o05', { classId: 'bus' })));
    repo.apply(update(rec('o20'), rec('o20', { classId: 'bus' })));
    const rest: AnnotationRecord[] = [];
    let after = first.lastObjectId ?? undefined;
    while (after !== undefined) {
      const page = repo.listScenePage(SCENE, { afterObjectId: after, limit: 10, maxBytes: 1 << 20 });
      rest.push(...page.records);
      after = page.lastObjectId ?? undefined;
    }
    const seen = [...first.records, ...rest].map((r) => r.objectId);
    expect(seen).toEqual([...names.filter((n) => n !== 'o15'), 'z'].map(id));
    expect(rest.find((r) => r.objectId === id('o20'))?.classId).toBe('bus');
  });
});

describe('AnnotationRepository: lifecycle', () => {
  it('refuses calls after close', () => {
    ws.close();
    expect(() => repo.listScene(SCENE)).toThrow('closed');
    expect(() => repo.apply(create(rec('a')))).toThrow('closed');
  });
});
