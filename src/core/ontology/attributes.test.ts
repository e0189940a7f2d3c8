import { describe, expect, it } from 'vitest';
import { attributeProblems, defaultAttributes } from './attributes';
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
