/**
 * Child process for killWriter.test.ts: opens the workspace in argv[2] and applies operations in
 * a loop, printing `committed <opId> <sha256 of the canonical operation>` after each apply
 * returns. The parent SIGKILLs it mid-stream. It stops by itself after a bounded time so a
 * lost parent never leaves it running.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isCuboidRecord } from '../../../core/annotations/guards';
import type { Operation } from '../../../core/editor/changes';
import { quatFromYaw } from '../../../core/geometry/quaternion';
import { canonicalJson, type CuboidAnnotation } from '../../../core/model/annotation';
import { Workspace } from './workspace';

const SCENE = '33333333-3333-4333-8333-333333333333';
const FRAMES = Array.from({ length: 7 }, () => randomUUID());
const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: killWriter.fixture.ts <workspace dir>\n');
  process.exit(2);
}

const ws = Workspace.open(dir);
const live = new Map<string, CuboidAnnotation>(ws.annotations.listScene(SCENE).filter(isCuboidRecord).map((r) => [r.objectId, r]));
const deadline = Date.now() + 30_000;
let n = 0;

while (Date.now() < deadline && n < 1_000_000) {
  n++;
  const t = Date.now();
  const ids = [...live.keys()];
  const r = Math.random();
  let op: Operation;
  if (ids.length < 5 || r < 0.3) {
    const objectId = randomUUID();
    const after: CuboidAnnotation = {
      kind: 'cuboid',
      objectId,
      trackId: objectId,
      sceneId: SCENE,
      frameId: FRAMES[n % 7],
      classId: 'car',
      cuboid: { frame: 'lidar', center: [Math.random() * 80, Math.random() * 40 - 20, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(Math.random() * 6) },
      attributes: { n },
      ontologyVersion: 1,
      author: 'writer',
      createdAt: t,
      updatedAt: t,
    };
    op = { opId: randomUUID(), sceneId: SCENE, author: 'writer', at: t, label: 'create cuboid', changes: [{ objectId, before: null, after }] };
  } else {
    const a = live.get(ids[Math.floor(Math.random() * ids.length)])!;
    const b = live.get(ids[Math.floor(Math.random() * ids.length)])!;
    if (r < 0.4 && a.objectId !== b.objectId) {
      op = { opId: randomUUID(), sceneId: SCENE, author: 'writer', at: t, label: 'delete 2 objects', changes: [
        { objectId: a.objectId, before: a, after: null },
        { objectId: b.objectId, before: b, after: null },
      ] };
    } else {
      const after: CuboidAnnotation = {
        ...a,
        cuboid: { ...a.cuboid, center: [a.cuboid.center[0] + Math.random(), a.cuboid.center[1], a.cuboid.center[2]] },
        attributes: { ...a.attributes, n },
        updatedAt: t,
      };
      op = { opId: randomUUID(), sceneId: SCENE, author: 'writer', at: t, label: 'edit cuboid', changes: [{ objectId: a.objectId, before: a, after }] };
    }
  }
  ws.annotations.apply(op);
  for (const c of op.changes) {
    if (c.after?.kind === 'cuboid') live.set(c.objectId, c.after);
    else live.delete(c.objectId);
  }
  // Pipes are synchronous on Linux: when this returns the line is in the parent's pipe.
  process.stdout.write(`committed ${op.opId} ${createHash('sha256').update(canonicalJson(op)).digest('hex')}\n`);
}
ws.close();
