import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../core/editor/testEditor';
import { runDiff } from './diffCommand';
import { runLog } from './logCommand';
import { runSync } from './syncCommand';
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
