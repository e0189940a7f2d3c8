import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../../../core/editor/testEditor';
import { canonicalJson } from '../../../core/model/annotation';
import { listStoreFiles, verifyFolderStore } from '../revisions/verifyFolder';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { Workspace } from '../workspace/workspace';
import { createSyncEngine } from './createSyncEngine';
import { commitLocalRevisions } from './localRevisions';
import { SCENE, syncFixture, T0 } from './testing/syncFixture';

const here = fileURLToPath(new URL('.', import.meta.url));
const childScript = join(here, 'killMidPush.fixture.ts');
const repoRoot = resolve(here, '../../../..');
const REVISIONS = 40;
const BOXES_PER_REVISION = 25;
const KILL_AFTER = 17;
/** Only a bound for a lost child: the kill itself waits for the child's line, never for a time. */
const WAIT_MS = 60_000;

let fixture: ReturnType<typeof syncFixture> | undefined;
afterEach(() => {
  fixture?.close();
  fixture = undefined;
});

/** Runs the child until it says it stopped mid-push, SIGKILLs it there and waits until it is gone. */
async function syncUntilKilled(dir: string, storeDir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, storeDir, String(KILL_AFTER)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  let timer: NodeJS.Timeout | undefined;
  try {
    const pushed = await new Promise<number>((res, rej) => {
      timer = setTimeout(() => rej(new Error(`no word from the child in ${WAIT_MS} ms; stderr:\n${stderr}`)), WAIT_MS);
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = /^pushed (\d+)$/.exec(line);
        if (m) res(Number(m[1]));
        else rej(new Error(`unexpected line from the child: ${line}`));
      });
      void exited.then((signal) => rej(new Error(`the child exited before the kill point (signal ${signal}); stderr:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    return pushed;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }
}

const revisionFiles = (storeDir: string, keyId: string) => listStoreFiles(storeDir).filter((f) => f.startsWith(`annotations/${keyId}/revisions/`));
const boxes = (ws: Workspace) => ws.annotations.listScene(SCENE).map((r) => canonicalJson({ objectId: r.objectId, classId: r.classId, cuboid: r.kind === 'cuboid' ? r.cuboid : null })).sort();

describe('a push killed part-way', () => {
  it('resumes with a fresh engine: every revision arrives, the store verifies, another workspace pulls the same records', async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    let clock = T0 + 10_000;
    for (let r = 0; r < REVISIONS; r++) {
      for (let b = 0; b < BOXES_PER_REVISION; b++) alice.editor.createCuboid({ frameId: `00000000-0000-4000-8000-${String(r).padStart(12, '0')}`, classId: 'car', cuboid: testCuboid(b * 5, r) });
      commitLocalRevisions(alice.workspace, alice.key, { ontologyVersion: 1, now: ++clock });
    }
    expect(alice.workspace.sync.totals().unpushed).toBe(REVISIONS);
    const dir = alice.workspace.dir;
    alice.workspace.close();

    expect(await syncUntilKilled(dir, fixture.storeDir)).toBe(KILL_AFTER);
    // Killed mid-push: the revisions put so far are whole, the one being written is only a dot-named temp file, no head yet.
    expect(revisionFiles(fixture.storeDir, alice.key.keyId)).toHaveLength(KILL_AFTER);
    const revisionsDir = join(fixture.storeDir, 'annotations', alice.key.keyId, 'revisions');
    expect(readdirSync(revisionsDir).filter((n) => n.startsWith('.'))).toHaveLength(1);
    expect(listStoreFiles(fixture.storeDir)).not.toContain(`annotations/${alice.key.keyId}/head.json`);

    const reopened = Workspace.open(dir);
    try {
      const engine = createSyncEngine(reopened, { ontologyVersion: () => 1, open: (location) => new FolderSharedStore(location) });
      const status = await engine.syncNow();
      await engine.close();
      expect(status.state).toBe('idle');
      expect(status.ahead).toEqual({ operations: 0, revisions: 0 });
      expect(revisionFiles(fixture.storeDir, alice.key.keyId)).toHaveLength(REVISIONS);

      const verified = await verifyFolderStore(fixture.storeDir);
      expect(verified.findings.filter((f) => f.status !== 'ok')).toEqual([]);
      expect(verified.usable.size).toBe(REVISIONS);
      expect(verified.findings.some((f) => f.path === `annotations/${alice.key.keyId}/head.json`)).toBe(true);

      const pulling = createSyncEngine(bob.workspace, { ontologyVersion: () => 1, open: (location) => new FolderSharedStore(location) });
      expect((await pulling.connect(fixture.storeDir)).state).toBe('idle');
      await pulling.close();
      expect(boxes(bob.workspace)).toHaveLength(REVISIONS * BOXES_PER_REVISION);
      expect(boxes(bob.workspace)).toEqual(boxes(reopened));
    } finally {
      reopened.close();
    }
  }, 180_000);
});
