import { testCuboid } from '../../../../core/editor/testEditor';
import { createNodeRevisionCrypto } from '../../revisions/nodeCrypto';
import { writeAssignment } from '../../review/reviewStore';
import { FolderSharedStore } from '../../sharedStore/folderSharedStore';
import { SyncEngine } from '../syncEngine';
import { FRAME, SCENE, syncFixture, T0, type Annotator } from './syncFixture';

const crypto = createNodeRevisionCrypto();

export interface BlindScene {
  readonly fixture: ReturnType<typeof syncFixture>;
  readonly lead: Annotator;
  readonly anna: Annotator;
  readonly bert: Annotator;
  readonly engines: { readonly lead: SyncEngine; readonly anna: SyncEngine; readonly bert: SyncEngine };
  /** Closes the engines and removes the fixture. */
  close(): Promise<void>;
}

/**
 * A lead (the store's admin) who drew a truck in the shared history, then assigned frame FRAME of
 * SCENE blind to Anna and Bert (lanes anna-1, bert-1); each labelled the same car half a metre
 * apart (x 10 and 10.5) offline, and all three synced until nothing moved.
 */
export async function blindScene(): Promise<BlindScene> {
  const fixture = syncFixture(['lead', 'anna', 'bert']);
  const [lead, anna, bert] = fixture.annotators;
  const clock = { t: T0 + 10_000 };
  const engineFor = (a: Annotator) =>
    new SyncEngine(a.workspace, {
      key: a.key,
      crypto,
      open: (location) => new FolderSharedStore(location),
      now: () => ++clock.t,
      ontologyVersion: () => 1,
      onApplied: (ops) => {
        for (const { op } of ops) a.editor.applyRemote(op.changes, op.trackSettings);
      },
    });
  const engines = { lead: engineFor(lead), anna: engineFor(anna), bert: engineFor(bert) };
  lead.editor.createCuboid({ frameId: FRAME, classId: 'truck', cuboid: testCuboid(40, 0) });
  await engines.lead.connect(fixture.storeDir);
  await writeAssignment(new FolderSharedStore(fixture.storeDir), lead.key, {
    assignmentId: '00000000-0000-4000-8000-0000000a5500',
    sceneId: SCENE,
    frames: { kind: 'sequence', frameCount: 1 },
    annotators: [
      { keyId: anna.key.keyId, lane: 'anna-1' },
      { keyId: bert.key.keyId, lane: 'bert-1' },
    ],
    overlap: { rate: 1, replicas: 2 },
    supersedes: [],
    createdAt: T0 + 20_000,
    message: 'frame 0, blind, both',
  });
  anna.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(10, 0) });
  bert.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(10.5, 0) });
  for (const e of [engines.anna, engines.bert]) {
    const s = await e.connect(fixture.storeDir);
    if (s.state !== 'idle') throw new Error(`blindScene: ${s.message}`);
  }
  for (const e of [engines.anna, engines.bert, engines.lead]) await e.syncNow();
  return {
    fixture,
    lead,
    anna,
    bert,
    engines,
    close: async () => {
      for (const e of Object.values(engines)) await e.close();
      fixture.close();
    },
  };
}

export { FRAME, SCENE };
