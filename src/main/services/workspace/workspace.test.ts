import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quatFromYaw } from '../../../core/geometry/quaternion';
import type { CuboidAnnotation } from '../../../core/model/annotation';
import { isUuid } from '../../../core/model/ids';
import { Workspace, WORKSPACE_DB_FILE } from './workspace';
import { WorkspaceDbError } from './workspaceDb';

const SCENE = '11111111-1111-4111-8111-111111111111';
const FRAME = '44444444-4444-4444-8444-444444444444';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const OPS = ['0a000000-0000-4000-8000-000000000001', '0a000000-0000-4000-8000-000000000002', '0a000000-0000-4000-8000-000000000003'];
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cairn-ws-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function rec(objectId: string, classId = 'car'): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId,
    trackId: objectId,
    sceneId: SCENE,
    frameId: FRAME,
    classId,
    cuboid: { frame: 'lidar', center: [0.1 + 0.2, -1 / 3, 1e-7], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(1.234) },
    attributes: { occluded: true, truncation: 0.25, note: 'ünïcödé ✓' },
    ontologyVersion: 1,
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  };
}

describe('Workspace', () => {
  it('creates the folder and the database, with a UUID workspace id', () => {
    const dir = join(root, 'nested', 'ws');
    const ws = Workspace.open(dir);
    try {
      expect(ws.dir).toBe(dir);
      expect(existsSync(join(dir, WORKSPACE_DB_FILE))).toBe(true);
      expect(isUuid(ws.workspaceId)).toBe(true);
      expect(ws.createdAt).toBeGreaterThan(1_600_000_000_000);
    } finally {
      ws.close();
    }
    expect(ws.isOpen).toBe(false);
    ws.close(); // idempotent
  });

  it('reopening a closed workspace shows the same data, log and id', () => {
    const dir = join(root, 'ws');
    const ws = Workspace.open(dir);
    const a = rec(A);
    const b = rec(B);
    ws.annotations.apply({ opId: OPS[0], sceneId: SCENE, author: 'ann', at: 1, label: 'create', changes: [{ objectId: A, before: null, after: a }] });
    ws.annotations.apply({ opId: OPS[1], sceneId: SCENE, author: 'ann', at: 2, label: 'create', changes: [{ objectId: B, before: null, after: b }] });
    ws.annotations.apply({ opId: OPS[2], sceneId: SCENE, author: 'ann', at: 3, label: 'edit', changes: [{ objectId: B, before: b, after: rec(B, 'truck') }] });
    const id = ws.workspaceId;
    const created = ws.createdAt;
    const scene = ws.annotations.listScene(SCENE);
    const log = ws.annotations.operationsSince(0);
    ws.close();

    const again = Workspace.open(dir);
    try {
      expect(again.workspaceId).toBe(id);
      expect(again.createdAt).toBe(created);
      expect(again.annotations.listScene(SCENE)).toEqual(scene);
      expect(again.annotations.listScene(SCENE)).toEqual([a, rec(B, 'truck')]); // exact round trip, floats included
      expect(again.annotations.operationsSince(0)).toEqual(log);
      expect(again.annotations.apply({ opId: OPS[1], sceneId: SCENE, author: 'ann', at: 2, label: 'create', changes: [{ objectId: B, before: null, after: b }] })).toEqual({ seq: 2, duplicate: true });
    } finally {
      again.close();
    }
  });

  it('a corrupt workspace.sqlite gets an error naming the file, and is left as it was', () => {
    const dir = join(root, 'ws');
    Workspace.open(dir).close();
    const file = join(dir, WORKSPACE_DB_FILE);
    const garbage = Buffer.from('this is not a database, just some bytes that overwrote it '.repeat(100));
    writeFileSync(file, garbage);
    let error: unknown;
    try {
      Workspace.open(dir).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WorkspaceDbError);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });
});
