import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { FolderStoreWriter } from '../../src/main/services/revisions/folderStore';
import { generateSigningKey, type SigningKey } from '../../src/main/services/revisions/keyFiles';

const T0 = 1_700_000_000_000;
const SCENE = '00000000-0000-4000-8000-00000000a000';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** What the bench wrote, kept beside the store so a rerun verifies the same folder without rewriting it. */
interface Manifest {
  readonly revisions: number;
  readonly writers: number;
}

/**
 * A store of `revisions` small revisions by `writers` annotators, as a team's history looks: each
 * writer edits its own boxes one operation per revision, building on its last revision, and every
 * 50th revision merges another writer's line. Each revision holds one box change (about 1.3 KB).
 */
export function makeRevisionStore(dir: string, revisions: number, writers: number, log: (s: string) => void): void {
  const manifestFile = path.join(dir, '..', `${path.basename(dir)}.bench.json`);
  if (existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    if (m.revisions === revisions && m.writers === writers) {
      log(`reusing ${dir} (${revisions.toLocaleString('en-US')} revisions, ${writers} writers)\n`);
      return;
    }
    throw new Error(`${dir} holds another bench store (${m.revisions} revisions, ${m.writers} writers): remove it or give --dir`);
  }
  const admin = generateSigningKey();
  const store = FolderStoreWriter.create(dir, admin, { name: 'admin', createdAt: T0 });
  const keys: SigningKey[] = [];
  for (let w = 0; w < writers; w++) {
    const key = generateSigningKey();
    store.writeKeyRecord(admin, { action: 'register', keyId: key.keyId, publicKey: key.publicKey, role: 'annotator', name: `writer ${w}`, validFrom: T0, createdAt: T0 + 1 });
    keys.push(key);
  }
  const last: (string | null)[] = keys.map(() => null);
  const started = performance.now();
  for (let i = 0; i < revisions; i++) {
    const w = i % writers;
    const at = T0 + 1000 + i;
    const objectId = uuid(1 + w * 1_000_000 + Math.floor(i / writers / 10));
    const record = {
      kind: 'cuboid' as const,
      objectId,
      trackId: uuid(0x800000000 + w),
      sceneId: SCENE,
      frameId: uuid(0x900000000 + (i % 1000)),
      classId: 'car',
      ontologyVersion: 1,
      attributes: { occluded: i % 3 === 0 },
      author: `writer ${w}`,
      createdAt: at,
      updatedAt: at,
      cuboid: { frame: 'lidar', center: [(i % 97) * 0.5, (i % 89) * 0.25, 0.8] as const, size: [4.5, 1.9, 1.6] as const, rotation: quatFromYaw((i % 360) * 0.0174533) },
    };
    const parents = [last[w], i % 50 === 49 ? last[(w + 1) % writers] : null].filter((p): p is string => p !== null);
    last[w] = store.writeRevision(keys[w], {
      parents,
      createdAt: at,
      ontologyVersion: 1,
      sceneId: SCENE,
      operations: [{ opId: uuid(0x100000000 + i), label: 'edit cuboid', at, changes: [{ objectId, before: null, after: record, provenance: { kind: 'human', tool: 'cuboid' } }] }],
      message: '',
    });
    if ((i + 1) % 10_000 === 0) log(`wrote ${(i + 1).toLocaleString('en-US')}/${revisions.toLocaleString('en-US')} revisions (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  keys.forEach((key, w) => store.writeHead(key, [last[w]!], T0 + 1000 + revisions));
  writeFileSync(manifestFile, JSON.stringify({ revisions, writers } satisfies Manifest));
}
