import { afterEach, describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../core/agreement';
import { testCuboid } from '../../../core/editor/testEditor';
import { openSigned, revisionBodySchema } from '../../../core/revisions';
import { replicasOfScene } from '../../agreement/storeReplicas';
import { createNodeRevisionCrypto } from '../revisions/nodeCrypto';
import { writeAssignment } from '../review/reviewStore';
import { FolderSharedStore } from '../sharedStore/folderSharedStore';
import { SyncEngine } from './syncEngine';
import { FRAME, SCENE, syncFixture, T0, type Annotator } from './testing/syncFixture';

const crypto = createNodeRevisionCrypto();
let fixture: ReturnType<typeof syncFixture>;
const engines: SyncEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  fixture?.close();
});

function engineFor(a: Annotator, clock: { t: number }): SyncEngine {
  const engine = new SyncEngine(a.workspace, {
    key: a.key,
    crypto,
    open: (location) => new FolderSharedStore(location),
    now: () => ++clock.t,
    ontologyVersion: () => 1,
    onApplied: (ops) => {
      for (const { op } of ops) a.editor.applyRemote(op.changes, op.trackSettings);
    },
  });
  engines.push(engine);
  return engine;
}

const centres = (a: Annotator) => a.workspace.annotations.listScene(SCENE).map((r) => (r.kind === 'cuboid' ? r.cuboid.center[0] : NaN)).sort((x, y) => x - y);

describe('blind replicas through the sync', () => {
  it("assigned annotators write in their own lanes and never see each other's work; agreement reads both lanes", async () => {
    fixture = syncFixture(['lead', 'anna', 'bert']);
    const [lead, anna, bert] = fixture.annotators;
    const clock = { t: T0 + 10_000 };
    const [l, a, b] = [lead, anna, bert].map((x) => engineFor(x, clock));
    // A box the lead drew before assigning: the shared base both replicas start from.
    lead.editor.createCuboid({ frameId: FRAME, classId: 'truck', cuboid: testCuboid(40, 0) });
    await l.connect(fixture.storeDir);
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

    // Each labels the same car, half a metre apart, offline; then both sync twice.
    anna.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(10, 0) });
    bert.editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(10.5, 0) });
    for (const e of [a, b]) expect(await e.connect(fixture.storeDir)).toMatchObject({ state: 'idle' });
    for (const e of [a, b, l]) expect((await e.syncNow()).state).toBe('idle');

    expect(anna.workspace.sync.lanes()).toEqual(new Map([[SCENE, 'anna-1']]));
    expect(centres(anna)).toEqual([10, 40]);
    expect(centres(bert)).toEqual([10.5, 40]);
    // The lead, in no lane, sees the shared history: neither replica until a consensus is made.
    expect(centres(lead)).toEqual([40]);
    const lanesOf = (x: Annotator) =>
      x.workspace.sync
        .sceneRevisions(SCENE)
        .filter((r) => r.author === x.key.keyId)
        .map((r) => revisionBodySchema.parse((openSigned(r.text) as { body: unknown }).body).lane);
    expect(lanesOf(anna)).toEqual(['anna-1']);
    expect(lanesOf(bert)).toEqual(['bert-1']);
    expect(lanesOf(lead)).toEqual([undefined]);

    const { input } = replicasOfScene(l, SCENE, [FRAME]);
    expect(input.annotators.map((x) => x.annotator)).toEqual(['anna', 'bert']);
    const result = computeAgreement(input, { metric: 'centre', threshold: 1 });
    // Both replicas hold the shared truck (identical) and their own car (0.5 m apart).
    expect(result.pairs[0].overall).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(result.pairs[0].overall.meanCentreError).toBeCloseTo(0.25, 12);
  });
});
