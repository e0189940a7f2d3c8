import { describe, expect, it } from 'vitest';
import { addAttribute, addClass, mergeClasses, removeAttribute, renameAttribute, renameClass, retypeAttribute, splitClass, startDraft, updateClass } from './draft';
import { applyMigration, migrationProblems } from './migration';
import { testOntology, testRecord } from './testOntology';

const v1 = testOntology();

describe('ontology drafts', () => {
  it('renames a class everywhere it is named: parents, relations and the migration', () => {
    const d = renameClass(startDraft(v1), 'vehicle', 'motor_vehicle');
    expect(d.ontology.version).toBe(2);
    expect(d.ontology.classes.find((c) => c.classId === 'car')!.parentId).toBe('motor_vehicle');
    expect(d.ontology.relations[0].subjectClasses).toEqual(['motor_vehicle']);
    expect(d.migration).toEqual({ fromVersion: 1, steps: [{ op: 'renameClass', from: 'vehicle', to: 'motor_vehicle' }] });
    expect(migrationProblems(v1, d.ontology, d.migration)).toEqual([]);
  });

  it('builds a version any sequence of edits can migrate to', () => {
    let d = startDraft(v1);
    d = addClass(d, { classId: 'bus', name: 'Bus', color: '#dc2626', defaultSize: [11, 2.6, 3.2], parentId: 'vehicle' });
    d = addAttribute(d, 'bus', { key: 'doors', name: 'Doors', type: 'number', scope: 'object', required: false, min: 1 });
    d = mergeClasses(d, ['truck', 'bus'], 'bus');
    d = splitClass(d, 'pedestrian', [{ classId: 'adult', name: 'Adult', when: { dimension: 'height', min: 1.4 } }, { classId: 'child', name: 'Child' }], 'child');
    d = addAttribute(d, 'car', { key: 'lights', name: 'Lights', type: 'bool', scope: 'frame', required: true }, false);
    d = renameAttribute(d, 'car', 'note', 'comment');
    d = retypeAttribute(d, 'car', { key: 'truncation', name: 'Truncation', type: 'enum', scope: 'frame', required: false, options: ['low', 'high'] });
    d = removeAttribute(d, 'car', 'comment');
    d = updateClass(d, 'car', { color: '#000000', name: 'Automobile' });
    expect(d.ontology.classes.map((c) => c.classId)).toEqual(['vehicle', 'car', 'adult', 'child', 'bus']);
    expect(d.migration.steps.map((s) => s.op)).toEqual(['addAttribute', 'mergeClasses', 'splitClass', 'addAttribute', 'renameAttribute', 'retypeAttribute', 'removeAttribute']);
    expect(migrationProblems(v1, d.ontology, d.migration)).toEqual([]);

    const truck = testRecord('truck');
    const car = testRecord('car', { occlusion: 'none', note: 'x', truncation: 0.2 });
    const out = applyMigration([truck, car], v1, d.ontology, d.migration, 5);
    expect(out.records.map((r) => [r.classId, r.attributes])).toEqual([
      ['bus', {}],
      ['car', { occlusion: 'none', lights: false, truncation: 0.2 }],
    ]);
    expect(out.flagged.map((f) => f.objectId)).toEqual([car.objectId]);
  });

  it('names what an edit gets wrong', () => {
    expect(() => renameClass(startDraft(v1), 'tram', 'x')).toThrow('no class "tram" in the draft');
    expect(() => renameClass(startDraft(v1), 'truck', 'car')).toThrow('version 2: invalid ontology at classes.2.classId: duplicate class id "car" (also classes.1)');
  });
});
