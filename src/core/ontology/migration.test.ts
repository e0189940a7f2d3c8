import { describe, expect, it } from 'vitest';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { applyMigration, migrateChain, migrationProblems } from './migration';
import { parseOntology, type Ontology, type OntologyInput } from './schema';
import type { Migration, MigrationStep } from './steps';
import { testOntology, testRecord } from './testOntology';

const AT = 1_800_000_000_000;
const v1 = testOntology();

/** The next version of `from`, its classes edited by `edit` (a JSON copy, so tests write plain objects). */
function nextVersion(from: Ontology, edit: (classes: Record<string, unknown>[]) => void): Ontology {
  const body = JSON.parse(JSON.stringify(from)) as OntologyInput & { classes: Record<string, unknown>[] };
  edit(body.classes);
  return parseOntology({ ...body, version: from.version + 1 });
}
const cls = (classes: Record<string, unknown>[], id: string) => classes.find((c) => c.classId === id)! as { attributes: Record<string, unknown>[] } & Record<string, unknown>;
const steps = (from: Ontology, ...list: MigrationStep[]): Migration => ({ fromVersion: from.version, steps: list });
const byId = (records: readonly { objectId: string; classId: string; attributes: object }[]) =>
  Object.fromEntries(records.map((r) => [r.objectId, { classId: r.classId, attributes: r.attributes }]));

describe('applyMigration', () => {
  it('renames a class: its records follow, others keep theirs; every record is stamped with the new version', () => {
    const v2 = nextVersion(v1, (c) => void (cls(c, 'truck').classId = 'lorry'));
    const truck = testRecord('truck');
    const walker = testRecord('pedestrian');
    const out = applyMigration([truck, walker], v1, v2, steps(v1, { op: 'renameClass', from: 'truck', to: 'lorry' }), AT);
    expect(out.records.map((r) => [r.classId, r.ontologyVersion, r.updatedAt])).toEqual([['lorry', 2, AT], ['pedestrian', 2, AT]]);
    expect(out.flagged).toEqual([]);
  });

  it('merges classes into one', () => {
    const v2 = nextVersion(v1, (c) => c.splice(c.findIndex((x) => x.classId === 'truck'), 1));
    const records = [testRecord('truck'), testRecord('car', { occlusion: 'none' })];
    const out = applyMigration(records, v1, v2, steps(v1, { op: 'mergeClasses', from: ['truck', 'car'], into: 'car' }), AT);
    expect(out.records.map((r) => r.classId)).toEqual(['car', 'car']);
    // The former truck has no occlusion, which car requires: migrated and flagged, not refused.
    expect(out.flagged).toEqual([{ objectId: records[0].objectId, reason: 'Occlusion is required' }]);
  });

  it('splits a class by the size of each track, the whole track together; what no rule takes goes to the default and is flagged', () => {
    const v2 = nextVersion(v1, (c) => {
      c.splice(c.findIndex((x) => x.classId === 'truck'), 1);
      c.push({ classId: 'van', name: 'Van', color: '#123456', defaultSize: [5, 2, 2.2], parentId: 'vehicle' });
      c.push({ classId: 'lorry', name: 'Lorry', color: '#654321', defaultSize: [10, 2.5, 3.5], parentId: 'vehicle' });
    });
    const size = (l: number): Partial<CuboidAnnotation> => ({ cuboid: { frame: 'lidar', center: [0, 0, 0], size: [l, 2, 2], rotation: [0, 0, 0, 1] } });
    const small = testRecord('truck', {}, size(5));
    const bigA = testRecord('truck', {}, size(9));
    // A keyframe of the big truck's track that alone looks small: the track's mean (8 m) decides.
    const bigB = testRecord('truck', {}, { ...size(7), trackId: bigA.trackId });
    const huge = testRecord('truck', {}, size(30));
    const migration = steps(v1, {
      op: 'splitClass',
      from: 'truck',
      rules: [
        { to: 'van', when: { dimension: 'length', max: 6 } },
        { to: 'lorry', when: { dimension: 'length', min: 6, max: 20 } },
      ],
      otherwise: 'lorry',
    });
    const out = applyMigration([small, bigA, bigB, huge], v1, v2, migration, AT);
    expect(out.records.map((r) => r.classId)).toEqual(['van', 'lorry', 'lorry', 'lorry']);
    expect(out.flagged).toEqual([{ objectId: huge.objectId, reason: 'split of "truck": no size rule matched, so it went to "lorry"; check its class' }]);
  });

  it('adds an attribute: records get the step value or the new default; a required one with neither is flagged', () => {
    const v2 = nextVersion(v1, (c) => {
      cls(c, 'truck').attributes = [
        { key: 'axles', name: 'Axles', type: 'number', min: 2, default: 2 },
        { key: 'trailer', name: 'Trailer', type: 'enum', options: ['none', 'one', 'two'], required: true },
      ];
    });
    const truck = testRecord('truck');
    const withAxles = testRecord('truck', { axles: 3 });
    const out = applyMigration([truck, withAxles], v1, v2, steps(v1, { op: 'addAttribute', classId: 'truck', key: 'axles' }, { op: 'addAttribute', classId: 'truck', key: 'trailer' }), AT);
    expect(out.records.map((r) => r.attributes)).toEqual([{ axles: 2 }, { axles: 3 }]);
    expect(out.flagged.map((f) => f.reason)).toEqual(['Trailer is required', 'Trailer is required']);

    const given = applyMigration([truck], v1, v2, steps(v1, { op: 'addAttribute', classId: 'truck', key: 'trailer', value: 'none' }), AT);
    expect(given.records[0].attributes).toEqual({ trailer: 'none' });
    expect(given.flagged).toEqual([]);
  });

  it('adds an attribute to a parent class: records of its subclasses get it too', () => {
    const v2 = nextVersion(v1, (c) => void cls(c, 'vehicle').attributes.push({ key: 'emergency', name: 'Emergency', type: 'bool', default: false }));
    const out = applyMigration([testRecord('car', { occlusion: 'none' }), testRecord('pedestrian')], v1, v2, steps(v1, { op: 'addAttribute', classId: 'vehicle', key: 'emergency' }), AT);
    expect(out.records.map((r) => r.attributes)).toEqual([{ occlusion: 'none', emergency: false }, {}]);
  });

  it('removes an attribute only where a step says so', () => {
    const v2 = nextVersion(v1, (c) => void (cls(c, 'car').attributes = cls(c, 'car').attributes.filter((a) => a.key !== 'note')));
    const car = testRecord('car', { occlusion: 'none', note: 'blue' });
    const out = applyMigration([car], v1, v2, steps(v1, { op: 'removeAttribute', classId: 'car', key: 'note' }), AT);
    expect(out.records[0].attributes).toEqual({ occlusion: 'none' });
    // Without the step the value stays, and the record is flagged for it.
    const kept = applyMigration([car], v1, v2, steps(v1), AT);
    expect(kept.records[0].attributes).toEqual({ occlusion: 'none', note: 'blue' });
    expect(kept.flagged[0].reason).toBe('"note" is not an attribute of class "car"');
  });

  it('renames an attribute, flagging a record where the new key is already taken', () => {
    const v2 = nextVersion(v1, (c) => void (cls(c, 'car').attributes.find((a) => a.key === 'note')!.key = 'comment'));
    const plain = testRecord('car', { occlusion: 'none', note: 'blue' });
    const clash = testRecord('car', { occlusion: 'none', note: 'blue', comment: 'red' });
    const out = applyMigration([plain, clash], v1, v2, steps(v1, { op: 'renameAttribute', classId: 'car', from: 'note', to: 'comment' }), AT);
    expect(byId(out.records)[plain.objectId].attributes).toEqual({ occlusion: 'none', comment: 'blue' });
    expect(byId(out.records)[clash.objectId].attributes).toEqual({ occlusion: 'none', note: 'blue', comment: 'red' });
    expect(out.flagged.map((f) => f.objectId)).toEqual([clash.objectId]);
    expect(out.flagged[0].reason).toMatch(/^kept "comment" and "note": renaming "note" would overwrite a value; "note" is not an attribute/);
  });

  it('retypes an attribute: values that convert are converted, a map is tried first, the rest are kept and flagged', () => {
    const v2 = nextVersion(v1, (c) => {
      const a = cls(c, 'car').attributes;
      a[a.findIndex((x) => x.key === 'truncation')] = { key: 'truncation', name: 'Truncation', type: 'enum', options: ['low', 'high'] };
      a[a.findIndex((x) => x.key === 'note')] = { key: 'note', name: 'Note', type: 'number', scope: 'object' };
    });
    const records = [
      testRecord('car', { occlusion: 'none', truncation: 0.1, note: '42' }),
      testRecord('car', { occlusion: 'none', truncation: 0.9, note: 'blue' }),
      testRecord('car', { occlusion: 'none', truncation: 0.5 }),
    ];
    const migration = steps(
      v1,
      { op: 'retypeAttribute', classId: 'car', key: 'truncation', map: { '0.1': 'low', '0.9': 'high' } },
      { op: 'retypeAttribute', classId: 'car', key: 'note' },
    );
    const out = applyMigration(records, v1, v2, migration, AT);
    expect(out.records.map((r) => r.attributes)).toEqual([
      { occlusion: 'none', truncation: 'low', note: 42 },
      { occlusion: 'none', truncation: 'high', note: 'blue' },
      { occlusion: 'none', truncation: 0.5 },
    ]);
    expect(out.flagged.map((f) => [f.objectId, f.reason.slice(0, f.reason.indexOf('kept') + 4)])).toEqual([
      [records[1].objectId, 'Note: "blue" does not convert to number; the old value is kept'],
      [records[2].objectId, 'Truncation: 0.5 does not convert to enum; the old value is kept'],
    ]);
  });

  it('refuses records of another version', () => {
    const v2 = nextVersion(v1, () => {});
    expect(() => applyMigration([testRecord('car', {}, { ontologyVersion: 2 })], v1, v2, steps(v1), AT)).toThrow(/is of ontology version 2, not 1/);
  });
});

describe('migrationProblems', () => {
  it('names a class the new version drops without a step, a step on a class that is gone, and an attribute it does not define', () => {
    const v2 = nextVersion(v1, (c) => void (cls(c, 'truck').classId = 'lorry'));
    expect(migrationProblems(v1, v2, steps(v1))).toEqual([
      { path: 'migration.steps', message: 'class "truck" of version 1 has no place in version 2: rename, merge or split it' },
    ]);
    expect(
      migrationProblems(v1, v2, steps(v1, { op: 'renameClass', from: 'truck', to: 'lorry' }, { op: 'renameClass', from: 'truck', to: 'lorry' }, { op: 'addAttribute', classId: 'lorry', key: 'axles' })),
    ).toEqual([
      { path: 'migration.steps.1.from', message: 'no class "truck" at this step (classes are named as the steps before leave them)' },
      { path: 'migration.steps.2.key', message: 'version 2 defines no attribute "axles" for class "lorry"' },
    ]);
  });

  it('wants the next version of the same ontology, starting where the migration says', () => {
    const v3 = parseOntology({ ...JSON.parse(JSON.stringify(v1)), version: 3, ontologyId: 'other' });
    expect(migrationProblems(v1, v3, { fromVersion: 2, steps: [] }).map((p) => p.path)).toEqual(['ontology.ontologyId', 'migration.fromVersion', 'ontology.version']);
  });

  it('accepts an attribute step on a class that a later step renames', () => {
    const v2 = nextVersion(v1, (c) => {
      cls(c, 'truck').classId = 'lorry';
      cls(c, 'lorry').attributes = [{ key: 'axles', name: 'Axles', type: 'number', default: 2 }];
    });
    const m = steps(v1, { op: 'addAttribute', classId: 'truck', key: 'axles' }, { op: 'renameClass', from: 'truck', to: 'lorry' });
    expect(migrationProblems(v1, v2, m)).toEqual([]);
    expect(applyMigration([testRecord('truck')], v1, v2, m, AT).records[0]).toMatchObject({ classId: 'lorry', attributes: { axles: 2 } });
  });
});

describe('migrateChain', () => {
  it('takes records of versions 1 and 2 to version 3, each through every migration after its own version', () => {
    const v2 = nextVersion(v1, (c) => {
      cls(c, 'truck').classId = 'lorry';
      cls(c, 'lorry').attributes = [{ key: 'axles', name: 'Axles', type: 'text' }];
    });
    const m2 = steps(v1, { op: 'renameClass', from: 'truck', to: 'lorry' }, { op: 'addAttribute', classId: 'lorry', key: 'axles', value: '2' });
    const v3 = nextVersion(v2, (c) => {
      c.splice(c.findIndex((x) => x.classId === 'lorry'), 1);
      cls(c, 'vehicle').attributes.push({ key: 'axles', name: 'Axles', type: 'number', min: 2 });
    });
    const m3 = steps(
      v2,
      { op: 'removeAttribute', classId: 'lorry', key: 'axles' },
      { op: 'mergeClasses', from: ['lorry'], into: 'vehicle' },
      { op: 'addAttribute', classId: 'vehicle', key: 'axles', value: 2 },
    );
    const oldTruck = testRecord('truck');
    const newLorry = testRecord('lorry', { axles: '6' }, { ontologyVersion: 2 });
    const car = testRecord('car', { occlusion: 'heavy' });
    const versions = [
      { ontology: v3, migration: m3 },
      { ontology: v1, migration: null },
      { ontology: v2, migration: m2 },
    ];
    const out = migrateChain([oldTruck, newLorry, car], versions, 3, AT);
    expect(out.records.map((r) => [r.objectId, r.classId, r.ontologyVersion, r.attributes])).toEqual([
      [oldTruck.objectId, 'vehicle', 3, { axles: 2 }],
      [newLorry.objectId, 'vehicle', 3, { axles: 2 }],
      [car.objectId, 'car', 3, { occlusion: 'heavy', axles: 2 }],
    ]);
    expect(out.flagged).toEqual([]);
  });

  it('says which migration is missing', () => {
    const v2 = nextVersion(v1, () => {});
    expect(() => migrateChain([testRecord('car')], [{ ontology: v1, migration: null }, { ontology: v2, migration: null }], 2, AT)).toThrow('no migration from ontology version 1 to 2');
  });
});
