import { describe, expect, it } from 'vitest';
import { newRelationRecord } from '../annotations/relation/edit';
import { applyMigration } from './migration';
import { parseOntology } from './schema';
import { testOntology, testRecord } from './testOntology';

const AT = 1_800_000_000_000;
const v1 = testOntology();
const truck = testRecord('truck');
const car = testRecord('car', { occlusion: 'none' });
const follows = newRelationRecord(
  { subjectTrackId: car.trackId, objectTrackId: truck.trackId, predicate: 'follows', firstFrameId: car.frameId, lastFrameId: car.frameId },
  { objectId: '40000000-0000-4000-8000-000000000001', trackId: '40000000-0000-4000-8000-000000000001', sceneId: car.sceneId, ontologyVersion: 1, author: 'a', at: 1 },
);
/** Version 2: truck renamed lorry (the relation names vehicle, so it still joins both), relations as given. */
const v2 = (relations: unknown[]) =>
  parseOntology({ ...JSON.parse(JSON.stringify(v1)), version: 2, classes: v1.classes.map((c) => (c.classId === 'truck' ? { ...c, classId: 'lorry' } : c)), relations });
const rename = { fromVersion: 1, steps: [{ op: 'renameClass' as const, from: 'truck', to: 'lorry' }] };

describe('a migration and the relations', () => {
  it('stamps a relation with the new version and leaves its predicate and ends alone: class steps are about objects', () => {
    const out = applyMigration([car, truck, follows], v1, v2(v1.relations as unknown[]), rename, AT);
    expect(out.records.map((r) => [r.kind, r.classId, r.ontologyVersion])).toEqual([['cuboid', 'car', 2], ['cuboid', 'lorry', 2], ['relation', 'follows', 2]]);
    expect(out.records[2]).toEqual({ ...follows, ontologyVersion: 2, updatedAt: AT });
    expect(out.flagged).toEqual([]);
  });

  it('flags a relation whose predicate the new version no longer has', () => {
    const out = applyMigration([car, truck, follows], v1, v2([]), rename, AT);
    expect(out.flagged).toEqual([{ objectId: follows.objectId, reason: 'version 2 has no relation "follows"' }]);
  });
});
