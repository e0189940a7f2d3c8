import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { AnnotationRecord } from '../../src/core/annotations/registry';
import { canonicalText } from '../../src/core/revisions/canonical';
import type { RevisionBody } from '../../src/core/revisions/schema';
import { signedText } from '../../src/core/revisions/signed';
import { withField } from '../../src/core/sync/fields';
import { mergeRevisions } from '../../src/core/sync/merger';
import type { AddressedRevision, MergedState } from '../../src/core/sync/types';
import type { Workload } from './workload';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const PROVENANCE = { kind: 'human', tool: 'bench' } as const;

/**
 * The workload as our own revision log: one signed revision per commit, stored as the folder
 * store stores it (canonical text of body and signature). Each writer builds on its heads; a sync
 * takes the other writer's heads as well.
 */
export function buildOwnLog(workload: Workload): string[] {
  const keys = new Map<number, { keyId: string; privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'] }>();
  const keyOf = (w: number) => {
    let k = keys.get(w);
    if (!k) {
      const pair = generateKeyPairSync('ed25519');
      const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
      keys.set(w, (k = { keyId: createHash('sha256').update(raw).digest('hex'), privateKey: pair.privateKey }));
    }
    return k;
  };
  const parentsOf = new Map<string, readonly string[]>();
  const records = new Map<number, Map<string, AnnotationRecord>>();
  const heads = new Map<number, string[]>();
  const texts: string[] = [];
  const local = (w: number) => {
    let m = records.get(w);
    if (!m) records.set(w, (m = new Map()));
    return m;
  };

  for (const step of workload.steps) {
    if (step.kind === 'sync') {
      if (!records.get(step.writer)?.size) records.set(step.writer, new Map(local(step.from)));
      heads.set(step.writer, maximal([...(heads.get(step.writer) ?? []), ...(heads.get(step.from) ?? [])], parentsOf));
      continue;
    }
    const w = step.writer;
    const map = local(w);
    const changes = step.edits.map((e) => {
      if (e.kind === 'create') {
        map.set(e.record.objectId, e.record);
        return { objectId: e.record.objectId, before: null, after: e.record, provenance: PROVENANCE };
      }
      const before = map.get(e.objectId) as AnnotationRecord;
      if (e.kind === 'delete') {
        map.delete(e.objectId);
        return { objectId: e.objectId, before, after: null, provenance: PROVENANCE };
      }
      const after = withField({ ...before, updatedAt: step.createdAt, author: `writer-${w}` }, e.path, e.value);
      map.set(e.objectId, after);
      return { objectId: e.objectId, before, after, provenance: PROVENANCE };
    });
    const key = keyOf(w);
    const body: RevisionBody = {
      format: 'cairn.revision',
      version: 1,
      parents: [...(heads.get(w) ?? [])].sort(),
      author: { keyId: key.keyId },
      createdAt: step.createdAt,
      ontologyVersion: 1,
      sceneId: workload.sceneId,
      operations: [{ opId: opIdOf(texts.length), label: 'edit', at: step.createdAt, changes }],
      message: '',
    };
    const bodyText = canonicalText(body);
    const address = sha256(bodyText);
    parentsOf.set(address, body.parents);
    heads.set(w, [address]);
    texts.push(signedText(bodyText, sign(null, Buffer.from(bodyText, 'utf8'), key.privateKey).toString('hex')));
  }
  return texts;
}

const opIdOf = (n: number) => `00000000-0000-4000-8004-${n.toString(16).padStart(12, '0')}`;

/** The heads among `candidates`: those no other candidate descends from. */
function maximal(candidates: readonly string[], parentsOf: ReadonlyMap<string, readonly string[]>): string[] {
  const unique = [...new Set(candidates)];
  const below = new Set<string>();
  const stack = unique.flatMap((c) => parentsOf.get(c) ?? []);
  while (stack.length) {
    const a = stack.pop() as string;
    if (below.has(a)) continue;
    below.add(a);
    stack.push(...(parentsOf.get(a) ?? []));
  }
  return unique.filter((c) => !below.has(c));
}

/**
 * Cold merge: each stored text parsed and addressed, then all merged. The address is the hash of
 * the body's bytes as stored (the store holds canonical text only; checking that, and the
 * signatures, is verify's work, measured by bench/revisions).
 */
export function mergeOwnLog(texts: readonly string[]): MergedState {
  const revisions: AddressedRevision[] = texts.map((text) => {
    const envelope = JSON.parse(text) as { body: RevisionBody };
    return { address: sha256(text.slice('{"body":'.length, text.lastIndexOf(',"signature":'))), body: envelope.body };
  });
  return mergeRevisions(revisions);
}
