import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/annotation';
import { newRelationRecord, patchRelationRecord } from './edit';
import { relationAnnotationSchema } from './schema';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const record = newRelationRecord(
  { subjectTrackId: id(1), objectTrackId: id(2), predicate: 'follows', firstFrameId: id(10), lastFrameId: id(12) },
  { objectId: id(3), trackId: id(3), sceneId: id(4), ontologyVersion: 2, author: 'ann', at: 1_700_000_000_000 },
);

describe('a relation record', () => {
  it('keeps its predicate as its class and its range as first frame and last frame, and parses back unchanged', () => {
    expect(record).toMatchObject({ kind: 'relation', classId: 'follows', frameId: id(10), relation: { subjectTrackId: id(1), objectTrackId: id(2), lastFrameId: id(12) } });
    const parsed = relationAnnotationSchema.parse(JSON.parse(canonicalJson(record)));
    expect(canonicalJson(parsed)).toBe(canonicalJson(record));
  });

  it('refuses a relation of an object with itself, and fields it does not define', () => {
    const loop = relationAnnotationSchema.safeParse({ ...record, relation: { ...record.relation, objectTrackId: id(1) } });
    expect(loop.success).toBe(false);
    expect(loop.error!.issues[0]).toMatchObject({ path: ['relation', 'objectTrackId'], message: 'must join two different objects' });
    expect(relationAnnotationSchema.safeParse({ ...record, relation: { ...record.relation, weight: 1 } }).success).toBe(false);
  });

  it('patches predicate and range, keeping its ends', () => {
    const patched = patchRelationRecord(record, { predicate: 'approaches', lastFrameId: id(11) });
    expect(patched).toMatchObject({ classId: 'approaches', frameId: id(10), relation: { subjectTrackId: id(1), objectTrackId: id(2), lastFrameId: id(11) } });
  });
});
