import { mkdtempSync, rmSync } from 'node:fs';
import { asCuboid } from '../../../core/annotations/guards';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Editor } from '../../../core/editor/editor';
import { testCuboid } from '../../../core/editor/testEditor';
import { editRange } from '../../../core/tracks/editRange';
import { propagateRange } from '../../../core/tracks/propagateRange';
import { setTrackInterpolation } from '../../../core/tracks/trackSettingsEdit';
import type { TrackSettings } from '../../../core/tracks/trackSettings';
import { TrackSettingsConflictError } from './annotationRepository';
import { Workspace } from './workspace';

const SCENE = '11111111-1111-4111-8111-111111111111';
const frameIds = (n: number) => Array.from({ length: n }, (_, i) => `22222222-2222-4222-8222-${i.toString(16).padStart(12, '0')}`);
const FRAMES = frameIds(40);

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-track-writes-'));
  ws = Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

function dbOf(workspace: Workspace): Database.Database {
  return (workspace.annotations as unknown as { db: Database.Database }).db;
}

/** Rows inserted, updated or deleted by `act`, as SQLite counts them. */
function rowsWritten(db: Database.Database, act: () => unknown): number {
  const total = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  const before = total.get()!.n;
  act();
  return total.get()!.n - before;
}

function editorFor(frames: readonly string[], workspace = ws, initialTrackSettings?: ReadonlyMap<string, TrackSettings>): Editor {
  const editor = new Editor({ sceneId: SCENE, author: 'ann', ontologyVersion: 1, frameOrder: frames, initial: workspace.annotations.listScene(SCENE), initialTrackSettings });
  editor.onOperation((op) => workspace.annotations.apply(op));
  return editor;
}

describe('writing a track', () => {
  it('an edit of one keyframe writes that row and one log entry, not the track', () => {
    const editor = editorFor(FRAMES);
    const first = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    for (let f = 4; f < FRAMES.length; f += 4) editor.createCuboid({ frameId: FRAMES[f], classId: 'car', cuboid: testCuboid(f), trackId: first.trackId });
    const db = dbOf(ws);
    const rowsBefore = new Map(db.prepare<[], { object_id: string; record: string }>('SELECT object_id, record FROM annotations').all().map((r) => [r.object_id, r.record]));
    expect(rowsBefore.size).toBe(10);
    const edited = editor.trackOf(first.trackId)!.keyframes[5].record;

    expect(rowsWritten(db, () => editor.updateCuboid(edited.objectId, { cuboid: { center: [50, 1, 0.8] } }))).toBe(2); // the keyframe's row and the operation

    const rowsAfter = db.prepare<[], { object_id: string; record: string }>('SELECT object_id, record FROM annotations').all();
    expect(rowsAfter.filter((r) => r.record !== rowsBefore.get(r.object_id)).map((r) => r.object_id)).toEqual([edited.objectId]);
    expect(asCuboid(editor.trackAt(first.trackId, 22)).cuboid.center[0]).toBeCloseTo(37, 12);
  });

  it('on a 1,000-frame track an edit touches only the frames it changes: one keyframe, a setting, a range of ten', async () => {
    const frames = frameIds(1000);
    const editor = editorFor(frames);
    const db = dbOf(ws);
    const first = editor.createCuboid({ frameId: frames[0], classId: 'car', cuboid: testCuboid() });
    const filled = await propagateRange(editor, { trackId: first.trackId, fromFrameIndex: 0, toFrameIndex: 999, mode: 'copy' });
    expect(filled).toMatchObject({ ok: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM annotations').get()).toEqual({ n: 1000 });
    const keyframes = editor.trackOf(first.trackId)!.keyframes;

    expect(rowsWritten(db, () => editor.updateCuboid(keyframes[500].record.objectId, { cuboid: { center: [3, 1, 0.8] } }))).toBe(2);
    expect(rowsWritten(db, () => setTrackInterpolation(editor, first.trackId, { centre: 'catmull-rom' }))).toBe(2); // the track's row and the operation
    expect(rowsWritten(db, () => editRange(editor, first.trackId, 10, 19, { translate: [0, 1, 0] }))).toBe(11);
    expect(rowsWritten(db, () => editor.undo())).toBe(11);
  });
});

describe('track settings in the workspace', () => {
  it('commit with the operation and are there after a reopen; the defaults are no row', () => {
    const editor = editorFor(FRAMES);
    const a = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    setTrackInterpolation(editor, a.trackId, { centre: 'catmull-rom', size: 'linear' });
    expect(ws.annotations.listTrackSettingsPage(SCENE, { limit: 10 })).toEqual({ tracks: [{ trackId: a.trackId, settings: { centre: 'catmull-rom', size: 'linear' } }], lastTrackId: null });
    const logged = ws.annotations.operationsSince(0).at(-1)!;
    expect(logged).toMatchObject({ label: 'track: spline path, unlock size', changes: [], trackSettings: [{ trackId: a.trackId, before: null }] });
    expect(ws.annotations.operationsSince(0)[0].trackSettings).toBeUndefined();

    ws.close();
    ws = Workspace.open(dir);
    const page = ws.annotations.listTrackSettingsPage(SCENE, { limit: 10 });
    const reopened = editorFor(FRAMES, ws, new Map(page.tracks.map((t) => [t.trackId, t.settings])));
    expect(reopened.trackSettingsOf(a.trackId)).toEqual({ centre: 'catmull-rom', size: 'linear' });
    expect(ws.annotations.rebuildFromLog(SCENE)).toEqual(ws.annotations.listScene(SCENE));

    setTrackInterpolation(reopened, a.trackId, { centre: 'linear', size: 'locked' });
    expect(ws.annotations.listTrackSettingsPage(SCENE, { limit: 10 }).tracks).toEqual([]);
  });

  it('refuses a settings change whose before is stale, writing nothing', () => {
    const editor = editorFor(FRAMES);
    const a = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    const db = dbOf(ws);
    const op = { opId: '44444444-4444-4444-8444-444444444444', sceneId: SCENE, author: 'ann', at: 1, label: 'stale', changes: [], trackSettings: [{ trackId: a.trackId, before: { centre: 'catmull-rom' as const }, after: null }] };
    let thrown: unknown;
    expect(rowsWritten(db, () => {
      try {
        ws.annotations.apply(op);
      } catch (e) {
        thrown = e;
      }
    })).toBe(0);
    expect(thrown).toBeInstanceOf(TrackSettingsConflictError);
    expect((thrown as Error).message).toMatch(/settings of track/);
  });

  it('pages a scene’s tracks in trackId order', () => {
    const editor = editorFor(FRAMES);
    const ids = Array.from({ length: 5 }, (_, i) => editor.createCuboid({ frameId: FRAMES[i], classId: 'car', cuboid: testCuboid(i) }).trackId);
    for (const id of ids) setTrackInterpolation(editor, id, { size: 'linear' });
    const first = ws.annotations.listTrackSettingsPage(SCENE, { limit: 3 });
    const second = ws.annotations.listTrackSettingsPage(SCENE, { afterTrackId: first.lastTrackId!, limit: 3 });
    expect(first.tracks).toHaveLength(3);
    expect(second.lastTrackId).toBeNull();
    expect([...first.tracks, ...second.tracks].map((t) => t.trackId)).toEqual([...ids].sort());
  });
});
