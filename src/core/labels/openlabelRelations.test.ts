import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { RelationAnnotation } from '../annotations/relation/schema';
import { canonicalJson } from '../model/annotation';
import { uuidFromName } from '../model/uuidFromName';
import { lostCount } from './conversionManifest';
import { generatedLabelSet } from './generatedLabels';
import type { LabelSet } from './labelSet';
import { readOpenLabel } from './openlabelRead';
import { OPENLABEL_1_0_DERIVED_SCHEMA } from './openlabelSchema';
import { writeOpenLabel } from './openlabelWrite';

const validate = new Ajv({ allErrors: true, strict: false }).compile(OPENLABEL_1_0_DERIVED_SCHEMA);

function relation(set: LabelSet, n: number, subject: string, object: string, first: number, last: number, predicate = 'follows'): RelationAnnotation {
  const objectId = uuidFromName(set.sceneId, `relation|${n}`);
  return {
    kind: 'relation',
    objectId,
    trackId: uuidFromName(set.sceneId, `relation-track|${n}`),
    sceneId: set.sceneId,
    frameId: set.frames[first].frameId,
    classId: predicate,
    ontologyVersion: 2,
    attributes: { confidence: 0.5, note: 'on the ramp', certain: false },
    author: 'ann',
    createdAt: 1000 + n,
    updatedAt: 2000 + n,
    relation: { subjectTrackId: subject, objectTrackId: object, lastFrameId: set.frames[last].frameId },
  };
}

const tracksOf = (set: LabelSet) => [...new Set(set.records.map((r) => r.trackId))];
const sorted = (rs: readonly RelationAnnotation[] | undefined) => [...(rs ?? [])].map(canonicalJson).sort();

describe('OpenLABEL relations', () => {
  it('round-trip field for field: subject, object, predicate, frame range and the record’s fields and attributes', () => {
    const base = generatedLabelSet({ seed: 3, frames: 6, tracks: 3, poses: true });
    const [a, b, c] = tracksOf(base);
    const relations = [relation(base, 1, a, b, 0, 5), relation(base, 2, b, c, 2, 3, 'overtakes'), relation(base, 3, c, a, 4, 4)];
    const set: LabelSet = { ...base, relations };
    const { document, manifest } = writeOpenLabel(set);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    expect(manifest.lost).toEqual([]);
    expect(manifest.written).toBe(set.records.length + 3);
    const written = document.openlabel.relations![relations[1].objectId];
    expect(written).toMatchObject({
      name: relations[1].objectId,
      type: 'overtakes',
      rdf_subjects: [{ uid: b, type: 'object' }],
      rdf_objects: [{ uid: c, type: 'object' }],
      frame_intervals: [{ frame_start: 2, frame_end: 3 }],
    });
    // Each frame it holds on lists it, as OpenLABEL frames do.
    expect(Object.keys((document.openlabel.frames!['3'] as { relations?: object }).relations ?? {}).sort()).toEqual([relations[0].objectId, relations[1].objectId].sort());
    expect((document.openlabel.frames!['1'] as { relations?: object }).relations).toEqual({ [relations[0].objectId]: {} });

    const back = readOpenLabel(JSON.parse(JSON.stringify(document)), { source: 'relations.json' });
    expect(back.manifest.lost).toEqual([]);
    expect(sorted(back.set.relations)).toEqual(sorted(relations));
    expect(back.manifest.written).toBe(set.records.length + 3);
  });

  it('refuse a relation to an object the export does not hold (a ground-truth object), listing it as lost', () => {
    const base = generatedLabelSet({ seed: 4, frames: 3, tracks: 2 });
    const [a] = tracksOf(base);
    const groundTruthTrack = uuidFromName(base.sceneId, 'a ground-truth object');
    const dangling = relation(base, 7, a, groundTruthTrack, 0, 2);
    const { document, manifest } = writeOpenLabel({ ...base, relations: [dangling] });
    expect(document.openlabel.relations).toBeUndefined();
    expect(lostCount(manifest, 'relation')).toBe(1);
    expect(manifest.lost[0].why).toMatch(new RegExp(`its object ${groundTruthTrack} is not among the exported objects \\(a relation to an object of the dataset's ground truth`));
    expect(manifest.written).toBe(base.records.length);
  });

  it('read another tool’s relations: one record per subject × object pair and per frame interval; frames listing it when it has no intervals; actions refused', () => {
    const cuboid = (x: number) => ({ object_data: { cuboid: [{ name: 'c', val: [x, 0, 0, 0, 0, 0, 1, 4, 2, 1.5] }] } });
    const doc = {
      openlabel: {
        metadata: { schema_version: '1.0.0' },
        objects: { '0': { name: 'a', type: 'Car' }, '1': { name: 'b', type: 'Car' }, '2': { name: 'c', type: 'Car' } },
        actions: { '0': { name: 'braking', type: 'Braking' } },
        relations: {
          '0': { name: 'r0', type: 'isNear', rdf_subjects: [{ uid: '0', type: 'object' }], rdf_objects: [{ uid: '1', type: 'object' }, { uid: '2', type: 'object' }], frame_intervals: [{ frame_start: 0, frame_end: 0 }, { frame_start: 2, frame_end: 3 }] },
          '1': { name: 'r1', type: 'follows', rdf_subjects: [{ uid: '2', type: 'object' }], rdf_objects: [{ uid: '0', type: 'object' }] },
          '2': { name: 'r2', type: 'performs', rdf_subjects: [{ uid: '0', type: 'object' }], rdf_objects: [{ uid: '0', type: 'action' }] },
        },
        frames: {
          '0': { objects: { '0': cuboid(0), '1': cuboid(5), '2': cuboid(10) } },
          '1': { objects: { '0': cuboid(1), '2': cuboid(11) }, relations: { '1': {} } },
          '2': { objects: { '0': cuboid(2), '1': cuboid(7) }, relations: { '1': {} } },
          '3': { objects: { '0': cuboid(3) } },
        },
      },
    };
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    const { set, manifest } = readOpenLabel(doc, { source: 'other.json', now: 9 });
    const frameIndex = new Map(set.frames.map((f) => [f.frameId, f.index]));
    const trackClassX = new Map(set.records.filter((r) => r.frameId === set.frames[0].frameId).map((r) => [r.trackId, r.cuboid.center[0]]));
    const summary = (set.relations ?? []).map((r) => `${trackClassX.get(r.relation.subjectTrackId)} ${r.classId} ${trackClassX.get(r.relation.objectTrackId)} [${frameIndex.get(r.frameId)}, ${frameIndex.get(r.relation.lastFrameId)}]`).sort();
    expect(summary).toEqual(['0 isNear 10 [0, 0]', '0 isNear 10 [2, 3]', '0 isNear 5 [0, 0]', '0 isNear 5 [2, 3]', '10 follows 0 [1, 2]']);
    expect(set.relations!.every((r) => r.createdAt === 9 && r.author === 'openlabel import')).toBe(true);
    expect(lostCount(manifest, 'relation')).toBe(1);
    expect(manifest.lost.find((l) => l.field === 'relation')!.why).toMatch(/links action "0"; Cairn relations join objects only; other.json: relations.2/);
    expect(lostCount(manifest, 'actions')).toBe(1);
  });
});
