import { revisionOperation, type Provenance } from '../../../../core/revisions';
import { createTestEditor, testCuboid } from '../../../../core/editor/testEditor';
import { FolderStoreWriter } from '../folderStore';
import { generateSigningKey, type SigningKey } from '../keyFiles';

export const T0 = 1_700_000_000_000;
export const SCENE = '00000000-0000-4000-8000-00000000a000';
const FRAME = '00000000-0000-4000-8000-00000000f001';

export interface SmallHistory {
  readonly store: FolderStoreWriter;
  readonly admin: SigningKey;
  readonly alice: SigningKey;
  readonly bob: SigningKey;
  readonly reviewer: SigningKey;
  /** In the order written: alice's create, alice's move, bob's create, alice's merge, bob's model-made box. */
  readonly revisions: readonly string[];
}

/**
 * A store with an admin, two annotators and a reviewer, five revisions from the editor's own
 * operations (a create, a move, a concurrent create, a merge of both lines, a model's proposal)
 * and both annotators' heads.
 */
export function writeSmallHistory(dir: string): SmallHistory {
  const admin = generateSigningKey();
  const [alice, bob, reviewer] = [generateSigningKey(), generateSigningKey(), generateSigningKey()];
  const store = FolderStoreWriter.create(dir, admin, { name: 'admin', createdAt: T0 });
  for (const [key, role, name] of [[alice, 'annotator', 'alice'], [bob, 'annotator', 'bob'], [reviewer, 'reviewer', 'rita']] as const) {
    store.writeKeyRecord(admin, { action: 'register', keyId: key.keyId, publicKey: key.publicKey, role, name, validFrom: T0, createdAt: T0 + 1 });
  }
  const { editor, operations, tick } = createTestEditor({ sceneId: SCENE });
  const human = { kind: 'human', tool: 'cuboid' } as const;
  const revision = (author: SigningKey, parents: string[], at: number, ops: typeof operations, provenance: Provenance = human) =>
    store.writeRevision(author, {
      parents,
      createdAt: at,
      ontologyVersion: 1,
      sceneId: SCENE,
      operations: ops.map((op) => revisionOperation(op, provenance)),
      message: `${ops.length} operation(s)`,
    });

  const car = editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(5, 1) });
  const r1 = revision(alice, [], T0 + 10, operations.splice(0));
  tick(10);
  editor.updateCuboid(car.objectId, { cuboid: { center: [5.5, 1, 0.8] } });
  const r2 = revision(alice, [r1], T0 + 20, operations.splice(0));
  editor.createCuboid({ frameId: FRAME, classId: 'pedestrian', cuboid: { ...testCuboid(9, -2), size: [0.6, 0.6, 1.7] } });
  const r3 = revision(bob, [r1], T0 + 21, operations.splice(0));
  const r4 = revision(alice, [r2, r3], T0 + 30, []);
  editor.createCuboid({ frameId: FRAME, classId: 'car', cuboid: testCuboid(20, 4, 0.3) });
  const model: Provenance = { kind: 'model', name: 'pointpillars', version: '1.2.0', sha256: 'ab'.repeat(32), parameters: { scoreThreshold: 0.5, classes: ['car'] } };
  const r5 = revision(bob, [r4], T0 + 40, operations.splice(0), model);
  store.writeHead(alice, [r4], T0 + 30);
  store.writeHead(bob, [r5], T0 + 40);
  return { store, admin, alice, bob, reviewer, revisions: [r1, r2, r3, r4, r5] };
}
