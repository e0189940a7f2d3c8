import { describe, expect, it } from 'vitest';
import { scenarioQuerySchema } from '../../core/scenarios/query';
import { EMPTY_FORM, formOfQuery, queryOfForm } from './scenarioForm';

describe('the scenario query builder form', () => {
  it('says the issue\'s example as conditions the host accepts, and reads them back', () => {
    const form = { ...EMPTY_FORM, classId: 'pedestrian', atLeast: '3', within: '20', outcome: 'FN' as const, metadata: ' night ', speedAbove: '10' };
    const made = queryOfForm(form);
    expect(made).toEqual({ query: [{ count: { class: 'pedestrian', within: 20 }, atLeast: 3 }, { outcome: 'FN' }, { metadata: 'night' }, { egoSpeedAbove: 10 }] });
    if (!('query' in made)) throw new Error('no query');
    expect(scenarioQuerySchema.safeParse(made.query).success).toBe(true);
    expect(formOfQuery(made.query)).toEqual({ ...form, metadata: 'night' });
  });

  it('names what is wrong instead of a query', () => {
    expect(queryOfForm(EMPTY_FORM)).toEqual({ problem: 'choose at least one condition' });
    expect(queryOfForm({ ...EMPTY_FORM, classId: 'car', atLeast: '2.5' })).toHaveProperty('problem');
    expect(queryOfForm({ ...EMPTY_FORM, classId: 'car', within: '-3' })).toHaveProperty('problem');
    expect(queryOfForm({ ...EMPTY_FORM, speedAbove: 'fast' })).toHaveProperty('problem');
  });

  it('leaves a query it cannot show to the SQL-free list only', () => {
    expect(formOfQuery({ count: { class: 'car', source: 'prediction' } })).toBeNull();
    expect(formOfQuery([{ egoSpeedBelow: 3 }])).toBeNull();
  });
});
