import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../core/editor/testEditor';
import { runDiff } from './diffCommand';
import { runLog } from './logCommand';
import { runSync } from './syncCommand';
import { lineageScene } from './services/lineage/testing/lineageScene';
import { FolderSharedStore } from './services/sharedStore/folderSharedStore';
import { createSyncEngine } from './services/sync/createSyncEngine';
import { FRAME, SCENE, syncFixture } from './services/sync/testing/syncFixture';

let fixture: ReturnType<typeof syncFixture>;
afterEach(() => fixture?.close());

function capture() {
  let text = '';
  return { write: (t: string) => (text += t), get text() { return text; } };
}

async function run(command: typeof runSync, args: string[]) {
  const out = capture();
  const err = capture();
  const code = await command(args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('cairn sync, log and diff', () => {
  it('sync shares edits between two workspaces; log tells an object’s lineage; diff lists what changed between revisions', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    const ws = (name: string) => path.join(fixture.root, name);
    const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });

    const first = await run(runSync, ['--workspace', ws('alice'), '--store', fixture.storeDir]);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ state: 'idle', role: 'admin', ahead: { operations: 0, revisions: 0 } });
    expect((await run(runSync, ['--workspace', ws('bob'), '--store', fixture.storeDir])).code).toBe(0);
    expect(bob.workspace.annotations.get(car.objectId)?.classId).toBe('car');

    bob.editor.applyRemote([{ objectId: car.objectId, before: null, after: bob.workspace.annotations.get(car.objectId)! }]);
    bob.editor.updateCuboid(car.objectId, { classId: 'truck' });
    expect((await run(runSync, ['--workspace', ws('bob')])).code).toBe(0);
    expect((await run(runSync, ['--workspace', ws('alice')])).code).toBe(0);
    expect(alice.workspace.annotations.get(car.objectId)?.classId).toBe('truck');

    const json = path.join(fixture.root, 'log.json');
    const html = path.join(fixture.root, 'log.html');
    const log = await run(runLog, ['--workspace', ws('alice'), '--scene', SCENE, '--object', car.objectId, '--json', json, '--html', html]);
    expect(log.code, log.err).toBe(0);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.changes.map((c: { author: { name: string; role: string }; fields: string[] }) => [c.author.name, c.author.role, c.fields.includes('classId')])).toEqual([
      ['alice', 'admin', true],
      ['bob', 'annotator', true],
    ]);
    expect(doc.fields.find((f: { field: string }) => f.field === 'classId')).toMatchObject({ value: 'truck', setBy: [{ author: { name: 'bob' } }] });
    expect(readFileSync(html, 'utf8')).toContain('Who set each field');
    expect(log.out.split('\n')[0]).toContain('bob (annotator)');

    const scene = await run(runLog, ['--workspace', ws('alice'), '--scene', SCENE]);
    expect(scene.code).toBe(0);
    const revisions = scene.out.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(revisions).toHaveLength(2);

    const diff = await run(runDiff, ['--workspace', ws('alice'), '--scene', SCENE, revisions[1], revisions[0]]);
    expect(diff.code, diff.err).toBe(1);
    expect(diff.out).toContain(`~ object ${car.objectId}`);
    expect(diff.out).toContain('classId: "car" -> "truck"');
    expect((await run(runDiff, ['--workspace', ws('alice'), '--scene', SCENE, revisions[0], revisions[0]])).code).toBe(0);
  });

  it('sync --scene records the raw data lineage in the revisions it signs, as the app does: file hashes and calibration, verified by the other side', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    const ws = (name: string) => path.join(fixture.root, name);
    const { data, sweep, image } = lineageScene(fixture.root);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
    const synced = await run(runSync, ['--workspace', ws('alice'), '--store', fixture.storeDir, '--scene', data]);
    expect(synced.code, synced.err).toBe(0);
    alice.editor.updateCuboid(car.objectId, { classId: 'truck' });
    // Without --scene the CLI knows no raw data of this scene: that revision records none, and says nothing wrong.
    expect((await run(runSync, ['--workspace', ws('alice')])).code).toBe(0);

    const b = createSyncEngine(bob.workspace, { ontologyVersion: () => 1, open: (l) => new FolderSharedStore(l) });
    try {
      expect((await b.connect(fixture.storeDir)).excluded).toBe(0);
      const touches = b.history(SCENE, car.objectId).touches;
      expect(touches.map((t) => t.rawData)).toEqual([
        { frameId: FRAME, files: [{ stream: 'lidar', path: 'lidar/0.bin', sha256: sha(sweep) }, { stream: 'cam', path: 'cam/0.png', sha256: sha(image) }], calibration: expect.stringMatching(/^[0-9a-f]{64}$/) },
        null,
      ]);
    } finally {
      await b.close();
    }
    const log = await run(runLog, ['--workspace', ws('alice'), '--scene', SCENE, '--object', car.objectId]);
    expect(log.out).toContain(`on lidar/0.bin sha256:${sha(sweep).slice(0, 12)}, cam/0.png sha256:${sha(image).slice(0, 12)}`);

    const nowhere = await run(runSync, ['--workspace', ws('alice'), '--scene', path.join(fixture.root, 'no-such-scene')]);
    expect([nowhere.code, nowhere.err]).toEqual([1, expect.stringContaining('no-such-scene')]);
  });

  it('names the problem: no store yet, an unknown revision, a missing argument', async () => {
    fixture = syncFixture(['alice']);
    const ws = path.join(fixture.root, 'alice');
    const none = await run(runSync, ['--workspace', ws]);
    expect([none.code, none.err]).toEqual([1, expect.stringContaining('no shared store yet')]);
    const unknown = await run(runDiff, ['--workspace', ws, '--scene', SCENE, 'abcdef', '123456']);
    expect([unknown.code, unknown.err]).toEqual([2, expect.stringContaining('has no revision abcdef')]);
    expect((await run(runDiff, ['--workspace', ws, '--scene', SCENE, 'abcdef'])).code).toBe(2);
    expect((await run(runLog, ['--workspace', ws])).err).toContain('give the scene with --scene ID');
  });
});
