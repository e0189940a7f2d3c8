import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { asCuboid } from '../../../core/annotations/guards';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annotationRecordSchema } from '../../../core/annotations/registry';
import { Editor } from '../../../core/editor/editor';
import { quatFromYaw } from '../../../core/geometry/quaternion';
import { canonicalJson } from '../../../core/model/annotation';
import { Workspace, WORKSPACE_DB_FILE } from './workspace';
import { MIGRATIONS } from './workspaceDb';

/** What testing/README.md says the 0.1.0 script wrote. */
const FIXTURE = join(__dirname, 'testing', 'workspace-0.1.0.sqlite');
const SCENE = '5ce0e000-0000-4000-8000-000000000001';
const FRAME_1 = 'f0000000-0000-4000-8000-000000000001';
const FRAME_2 = 'f0000000-0000-4000-8000-000000000002';
const id = (n: number) => `0b1ec700-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const T0 = 1_700_000_000_000;
// The 0.1.0 editor drew record and operation ids from one counter, so records took the odd ones.
const CAR = id(1);
const PEDESTRIAN = id(3);
const PARKED = id(5);
const TRUCK = id(7);

let dir: string;
let ws: Workspace;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-migrate-'));
  copyFileSync(FIXTURE, join(dir, WORKSPACE_DB_FILE));
  ws = Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

function closeTo(actual: readonly number[], expected: readonly number[]): void {
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 12));
}

describe('a workspace written by Cairn 0.1.0', () => {
  it('opens at the newest schema with every record a cuboid keyframe of its own track, made under ontology version 1', () => {
    const records = ws.annotations.listScene(SCENE);
    expect(records.map((r) => r.objectId)).toEqual([CAR, PARKED, TRUCK]);
    for (const r of records) {
      expect(annotationRecordSchema.parse(r)).toEqual(r);
      expect(r).toMatchObject({ kind: 'cuboid', trackId: r.objectId, ontologyVersion: 1, sceneId: SCENE, author: 'release-0.1.0' });
    }
    const [edited, parked, truck] = [CAR, PARKED, TRUCK].map((x) => asCuboid(records.find((r) => r.objectId === x)));
    expect(edited).toMatchObject({ frameId: FRAME_1, classId: 'truck', attributes: { occluded: false } });
    expect(edited.updatedAt).toBeGreaterThan(edited.createdAt);
    closeTo(edited.cuboid.center, [10.5, 2.2, 0.85]);
    closeTo(edited.cuboid.rotation, quatFromYaw(0.3));
    expect(parked).toMatchObject({ frameId: FRAME_2, classId: 'car', attributes: { note: 'parked', visibility: 0.75 } });
    closeTo(parked.cuboid.center, [12, 2.1, 0.8]);
    expect(truck).toMatchObject({ frameId: FRAME_2, classId: 'truck', cuboid: { frame: 'lidar', size: [8, 2.5, 3.2] } });
    expect(ws.annotations.listFrame(SCENE, FRAME_2).map((r) => r.objectId)).toEqual([PARKED, TRUCK]);
    const page = ws.annotations.listScenePage(SCENE, { limit: 2, maxBytes: 1 << 20 });
    expect(page.records.map((r) => r.objectId)).toEqual(records.slice(0, 2).map((r) => r.objectId));
    expect(ws.annotations.listScenePage(SCENE, { afterObjectId: page.lastObjectId!, limit: 2, maxBytes: 1 << 20 }).records).toEqual(records.slice(2));
  });

  it('keeps the operation log: every operation, in order, in the new shape, replaying to the working copy', () => {
    const log = ws.annotations.operationsSince(0);
    expect(log.map((o) => o.label)).toEqual([
      'create cuboid', 'create cuboid', 'create cuboid', 'create cuboid', 'edit cuboid', 'delete object', 'delete object', 'undo delete object',
    ]);
    expect(log.map((o) => o.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const op of log) {
      for (const c of op.changes) {
        for (const r of [c.before, c.after]) if (r) expect(annotationRecordSchema.parse(r)).toMatchObject({ kind: 'cuboid', trackId: c.objectId, ontologyVersion: 1 });
      }
    }
    expect(log[5].changes).toEqual([{ objectId: PEDESTRIAN, before: expect.objectContaining({ classId: 'pedestrian' }), after: null }]);
    expect(canonicalJson(ws.annotations.rebuildFromLog(SCENE))).toBe(canonicalJson(ws.annotations.listScene(SCENE)));
  });

  it('takes new operations on the migrated records: an edit, a second keyframe of an old track, and a delete', () => {
    let clock = T0 + 1_000_000;
    const editor = new Editor({
      sceneId: SCENE, author: 'now', ontologyVersion: 2, frameOrder: [FRAME_1, FRAME_2],
      initial: ws.annotations.listScene(SCENE), now: () => ++clock,
    });
    editor.onOperation((op) => ws.annotations.apply(op));
    editor.updateCuboid(CAR, { classId: 'car' });
    const second = editor.createCuboid({ frameId: FRAME_2, classId: 'car', trackId: CAR, cuboid: { ...asCuboid(editor.get(CAR)).cuboid, center: [14, 2.4, 0.85] } });
    editor.deleteObjects([TRUCK]);
    expect(second.ontologyVersion).toBe(2);
    expect(editor.trackOf(CAR)!.keyframes.map((k) => k.record.objectId)).toEqual([CAR, second.objectId]);
    expect(ws.annotations.listTrack(SCENE, CAR).map((r) => r.objectId).sort()).toEqual([CAR, second.objectId].sort());
    expect(ws.annotations.listScene(SCENE)).toEqual(editor.all().sort((a, b) => (a.objectId < b.objectId ? -1 : 1)));
    expect(canonicalJson(ws.annotations.rebuildFromLog(SCENE))).toBe(canonicalJson(ws.annotations.listScene(SCENE)));
  });

  it('leaves the fixture itself as 0.1.0 wrote it (the test works on a copy)', () => {
    expect(readFileSync(FIXTURE).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(readFileSync(FIXTURE).readUInt32BE(60)).toBe(2); // user_version: schema 2
    expect(MIGRATIONS.length).toBeGreaterThan(2);
  });
});
