import { describe, expect, it } from 'vitest';
import { attributeProblems, defaultAttributes, staticAttributeConflicts } from './attributes';
import { testOntology } from './testOntology';

const o = testOntology();
const kinds = (classId: string, attributes: Record<string, string | number | boolean>) =>
  attributeProblems({ classId, attributes }, o).map((p) => `${p.key}:${p.kind}`);

describe('attributeProblems', () => {
  it('passes a record whose values fit its class, inherited attributes included', () => {
    expect(kinds('car', { occlusion: 'partial', truncation: 0.5, parked: true, note: 'ok' })).toEqual([]);
    expect(kinds('pedestrian', {})).toEqual([]);
  });

  it('flags a required attribute without a value', () => {
    expect(attributeProblems({ classId: 'car', attributes: {} }, o)).toEqual([{ key: 'occlusion', kind: 'missing-required', message: 'Occlusion is required' }]);
  });

  it('flags wrong types, values out of range, unlisted options, text too long and keys the class does not define', () => {
    expect(kinds('car', { occlusion: 'total', truncation: 2, parked: 'yes', note: 'x'.repeat(21), colour: 'red' })).toEqual([
      'parked:wrong-type',
      'occlusion:not-an-option',
      'truncation:out-of-range',
      'note:too-long',
      'colour:undefined-attribute',
    ]);
    expect(kinds('car', { occlusion: 3, truncation: '0.5' })).toEqual(['occlusion:wrong-type', 'truncation:wrong-type']);
  });

  it('flags a class the ontology does not have, and nothing else', () => {
    expect(kinds('tram', { occlusion: 'none' })).toEqual(['null:unknown-class']);
  });

  it('starts a new record with the defaults of its class and its ancestors', () => {
    expect(defaultAttributes(o, 'car')).toEqual({ parked: false });
    expect(defaultAttributes(o, 'pedestrian')).toEqual({});
  });
});

describe('staticAttributeConflicts', () => {
  it('flags every keyframe of a track whose per-object attribute differs, and not its per-frame ones', () => {
    const k = (objectId: string, attributes: Record<string, string | number | boolean>) => ({ objectId, classId: 'car', attributes });
    expect(staticAttributeConflicts([k('a', { parked: true, occlusion: 'none' }), k('b', { parked: true, occlusion: 'heavy' })], o).size).toBe(0);
    const found = staticAttributeConflicts([k('a', { parked: true }), k('b', { parked: false }), k('c', {})], o);
    expect([...found.keys()]).toEqual(['a', 'b', 'c']);
    expect(found.get('a')).toEqual([{ key: 'parked', kind: 'static-differs', message: 'Parked is one value per object, but its keyframes hold true, false, null' }]);
  });
});
