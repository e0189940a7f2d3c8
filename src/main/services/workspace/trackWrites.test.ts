import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Editor } from '../../../core/editor/editor';
import { testCuboid } from '../../../core/editor/testEditor';
import { Workspace } from './workspace';

const SCENE = '11111111-1111-4111-8111-111111111111';
const FRAMES = Array.from({ length: 40 }, (_, i) => `22222222-2222-4222-8222-${i.toString(16).padStart(12, '0')}`);

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

describe('writing a track', () => {
  it('an edit of one keyframe writes that row and one log entry, not the track', () => {
    const editor = new Editor({ sceneId: SCENE, author: 'ann', ontologyVersion: 1, frameOrder: FRAMES });
    editor.onOperation((op) => ws.annotations.apply(op));
    const first = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    for (let f = 4; f < FRAMES.length; f += 4) editor.createCuboid({ frameId: FRAMES[f], classId: 'car', cuboid: testCuboid(f), trackId: first.trackId });
    const db = (ws.annotations as unknown as { db: Database.Database }).db;
    const rowsBefore = new Map(db.prepare<[], { object_id: string; record: string }>('SELECT object_id, record FROM annotations').all().map((r) => [r.object_id, r.record]));
    expect(rowsBefore.size).toBe(10);
    const edited = editor.trackOf(first.trackId)!.keyframes[5].record;

    const written = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    const before = written.get()!.n;
    editor.updateCuboid(edited.objectId, { cuboid: { center: [50, 1, 0.8] } });
    expect(written.get()!.n - before).toBe(2); // the keyframe's row and the operation

    const rowsAfter = db.prepare<[], { object_id: string; record: string }>('SELECT object_id, record FROM annotations').all();
    expect(rowsAfter.filter((r) => r.record !== rowsBefore.get(r.object_id)).map((r) => r.object_id)).toEqual([edited.objectId]);
    expect(editor.trackAt(first.trackId, 22)!.cuboid.center[0]).toBeCloseTo(37, 12);
  });
});
