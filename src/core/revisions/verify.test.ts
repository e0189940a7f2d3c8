import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RevisionCrypto } from './revisionCrypto';
import { revisionBodySchema } from './schema';
import { checkRevision, resolveAncestry, verifyStore } from './verify';

/** Hashes for real; accepts no signature (nothing here gets that far). */
const crypto: RevisionCrypto = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  keyIdOf: (hex) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex'),
  verify: () => false,
};
const registry = { rootKeyId: null, keys: new Map() };
const A = 'a'.repeat(64);

describe('checkRevision on bad input', () => {
  it('reports, never throws, whatever the text', () => {
    const texts = ['', '{', 'null', '[]', '"x"', '{"body":{},"signature":"00"}', `{"body":[],"signature":"${'0'.repeat(128)}"}`, '{"body":{"a":1},"signature":"' + '0'.repeat(128) + '"}', '\u0000', '{"__proto__":{"x":1}}'];
    for (let i = 0; i < 200; i++) texts.push(String.fromCharCode(...Array.from({ length: i % 40 }, (_, k) => (k * 7919 + i * 31) % 0x3000)));
    for (const text of texts) {
      const { finding } = checkRevision({ path: `annotations/${A}/revisions/${A}.json`, text }, registry, crypto);
      expect(finding.status, text).not.toBe('ok');
      expect(finding.message.length).toBeGreaterThan(0);
    }
    expect(checkRevision({ path: 'elsewhere.json', text: '{}' }, registry, crypto).finding).toMatchObject({ status: 'malformed', message: expect.stringContaining('not a revision path') });
  });

  it('reports a store with nothing in it without throwing', () => {
    const result = verifyStore({ store: null, keys: [], revisions: [], heads: [] }, crypto);
    expect(result.findings).toEqual([{ path: 'store.json', kind: 'store', address: null, status: 'malformed', message: 'the store has no store.json naming its root key' }]);
  });
});

describe('the revision schema', () => {
  const record = (sceneId: string) => ({
    kind: 'cuboid',
    objectId: '00000000-0000-4000-8000-000000000001',
    trackId: '00000000-0000-4000-8000-000000000002',
    sceneId,
    frameId: '00000000-0000-4000-8000-000000000003',
    classId: 'car',
    ontologyVersion: 1,
    attributes: {},
    author: 'a',
    createdAt: 1,
    updatedAt: 1,
    cuboid: { frame: 'lidar', center: [1, 2, 3], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] },
  });
  const body = (sceneId: string, provenance: unknown = { kind: 'interpolation' }) => ({
    format: 'cairn.revision',
    version: 1,
    parents: [],
    author: { keyId: A },
    createdAt: 1,
    ontologyVersion: 1,
    sceneId: '00000000-0000-4000-8000-00000000000a',
    operations: [{ opId: '00000000-0000-4000-8000-000000000009', label: 'create', at: 1, changes: [{ objectId: '00000000-0000-4000-8000-000000000001', before: null, after: record(sceneId), provenance }] }],
    message: '',
  });

  it('takes the editor\'s records with their provenance, and refuses a record of another scene or an unknown field', () => {
    expect(revisionBodySchema.safeParse(body('00000000-0000-4000-8000-00000000000a')).success).toBe(true);
    const other = revisionBodySchema.safeParse(body('00000000-0000-4000-8000-00000000000b'));
    expect(other.error?.issues[0]).toMatchObject({ path: ['operations', 0, 'changes', 0, 'after', 'sceneId'] });
    expect(revisionBodySchema.safeParse({ ...body('00000000-0000-4000-8000-00000000000a'), extra: 1 }).success).toBe(false);
    const model = { kind: 'model', name: 'm', version: '1', sha256: 'AB'.repeat(32), parameters: {} };
    expect(revisionBodySchema.safeParse(body('00000000-0000-4000-8000-00000000000a', model)).error?.issues[0].message).toMatch(/lowercase hex/);
  });

  it('takes the optional raw data (lineage) and refuses a malformed hash in it; a body without it parses as before', () => {
    const scene = '00000000-0000-4000-8000-00000000000a';
    const rawData = [{ frameId: '00000000-0000-4000-8000-000000000003', files: [{ stream: 'lidar', path: 'lidar/0001.bin', sha256: 'ab'.repeat(32) }], calibration: 'cd'.repeat(32) }];
    expect(revisionBodySchema.parse({ ...body(scene), rawData }).rawData).toEqual(rawData);
    expect(revisionBodySchema.parse(body(scene)).rawData).toBeUndefined();
    const upper = [{ ...rawData[0], calibration: 'CD'.repeat(32) }];
    expect(revisionBodySchema.safeParse({ ...body(scene), rawData: upper }).error?.issues[0]).toMatchObject({ path: ['rawData', 0, 'calibration'] });
    expect(revisionBodySchema.safeParse({ ...body(scene), rawData: [{ ...rawData[0], extra: 1 }] }).success).toBe(false);
  });
});

describe('resolveAncestry', () => {
  it('walks a 30,000-deep chain (deeper than the call stack goes) without recursion and excludes what sits on a bad link', () => {
    const parentsOf = new Map<string, string[]>();
    const id = (i: number) => i.toString(16).padStart(64, '0');
    for (let i = 0; i < 30_000; i++) parentsOf.set(id(i), i === 0 ? [] : [id(i - 1)]);
    const good = resolveAncestry(parentsOf, new Set(parentsOf.keys()));
    expect([...good.values()].every((v) => v === null)).toBe(true);
    parentsOf.delete(id(15_000));
    const cut = resolveAncestry(parentsOf, new Set([...parentsOf.keys(), id(15_000)]));
    expect(cut.get(id(14_999))).toBeNull();
    expect(cut.get(id(15_001))).toBe(`parent ${id(15_000)} is excluded`);
    expect(cut.get(id(29_999))).toBe(`parent ${id(29_998)} is excluded`);
  });

  it('refuses a cycle rather than looping', () => {
    const parentsOf = new Map([[A, ['b'.repeat(64)]], ['b'.repeat(64), [A]]]);
    const verdict = resolveAncestry(parentsOf, new Set(parentsOf.keys()));
    expect([...verdict.values()].every((v) => v !== null)).toBe(true);
  });
});
