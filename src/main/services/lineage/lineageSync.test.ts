import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCuboid } from '../../../core/editor/testEditor';
import { runLog } from '../../logCommand';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { LocalStore } from '../stores/localStore';
import { createSyncEngine } from '../sync/createSyncEngine';
import { FRAME, SCENE, syncFixture } from '../sync/testing/syncFixture';
import { frameRawData } from './frameRawData';
import { RawFileHasher } from './rawFileHasher';
import { lineageScene } from './testing/lineageScene';

let fixture: ReturnType<typeof syncFixture> | undefined;
afterEach(() => fixture?.close());

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('lineage of the raw data in synced revisions', () => {
  it("records each frame's raw file hashes and calibration version in the revision, verifies for the other side, and shows it in cairn log", async () => {
    fixture = syncFixture(['alice', 'bob']);
    const [alice, bob] = fixture.annotators;
    const { manifest, data, sweep, image } = lineageScene(fixture.root);
    const hasher = new RawFileHasher();
    const store = new LocalStore('data', data);
    const open = (location: string) => new FolderSharedStore(location);
    const a = createSyncEngine(alice.workspace, { ontologyVersion: () => 1, open, rawData: (sceneId, frames) => (sceneId === SCENE ? frameRawData({ manifest, store }, frames, hasher) : Promise.resolve([])) });
    // Bob's host records nothing: his revisions carry no rawData, as revisions made before lineage did.
    const b = createSyncEngine(bob.workspace, { ontologyVersion: () => 1, open });
    try {
      const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
      expect((await a.connect(fixture.storeDir)).state).toBe('idle');
      expect((await b.connect(fixture.storeDir)).state).toBe('idle');

      bob.editor.applyRemote([{ objectId: car.objectId, before: null, after: bob.workspace.annotations.get(car.objectId)! }]);
      bob.editor.updateCuboid(car.objectId, { classId: 'truck' });
      await b.syncNow();
      expect((await a.syncNow()).excluded).toBe(0);

      const expected = { frameId: FRAME, files: [{ stream: 'lidar', path: 'lidar/0.bin', sha256: sha(sweep) }, { stream: 'cam', path: 'cam/0.png', sha256: sha(image) }], calibration: expect.stringMatching(/^[0-9a-f]{64}$/) };
      // Bob read Alice's revision from the store, verified: the lineage came through the signature check.
      const seenByBob = b.history(SCENE, car.objectId).touches;
      expect(seenByBob.map((t) => t.rawData)).toEqual([expected, null]);
      expect(hasher.filesRead).toBe(2);

      const out = { text: '', write(t: string) { this.text += t; } };
      const err = { text: '', write(t: string) { this.text += t; } };
      expect(await runLog(['--workspace', path.join(fixture.root, 'alice'), '--scene', SCENE, '--object', car.objectId], out, err), err.text).toBe(0);
      expect(out.text).toContain(`on lidar/0.bin sha256:${sha(sweep).slice(0, 12)}, cam/0.png sha256:${sha(image).slice(0, 12)}; calibration ${seenByBob[0].rawData!.calibration.slice(0, 12)}`);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("records the raw data in the workspace's own revisions too: a revert made on a frame", async () => {
    fixture = syncFixture(['alice']);
    const [alice] = fixture.annotators;
    const { manifest, data, sweep } = lineageScene(fixture.root);
    const hasher = new RawFileHasher();
    const store = new LocalStore('data', data);
    const a = createSyncEngine(alice.workspace, { ontologyVersion: () => 1, open: (l) => new FolderSharedStore(l), rawData: (_s, frames) => frameRawData({ manifest, store }, frames, hasher) });
    try {
      const car = alice.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
      expect((await a.connect(fixture.storeDir)).state).toBe('idle');
      const first = a.history(SCENE, car.objectId).touches[0].revision;
      alice.editor.updateCuboid(car.objectId, { classId: 'truck' });
      await a.syncNow();
      expect((await a.revert({ sceneId: SCENE, objectId: car.objectId, toRevision: first })).state).toBe('idle');

      const touches = a.history(SCENE, car.objectId).touches;
      expect(touches.map((t) => t.label)).toEqual([expect.any(String), expect.any(String), `Revert to ${first.slice(0, 12)}`]);
      for (const t of touches) expect(t.rawData?.files.map((f) => f.sha256)).toContain(sha(sweep));
      expect(alice.workspace.annotations.get(car.objectId)?.classId).toBe('car');
    } finally {
      await a.close();
    }
  });
});
