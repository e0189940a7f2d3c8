import type { ScenarioCondition, ScenarioQuery } from '../../core/scenarios/query';

/** The query builder's fields as typed; empty ones add no condition. */
export interface ScenarioForm {
  readonly classId: string;
  readonly atLeast: string;
  readonly within: string;
  readonly outcome: '' | 'TP' | 'FP' | 'FN';
  readonly metadata: string;
  readonly speedAbove: string;
}

export const EMPTY_FORM: ScenarioForm = { classId: '', atLeast: '1', within: '', outcome: '', metadata: '', speedAbove: '' };

const numberOf = (text: string): number | null => {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 ? n : null;
};

/** The described query the form says, or why it says none. */
export function queryOfForm(form: ScenarioForm): { query: ScenarioQuery } | { problem: string } {
  const conditions: ScenarioCondition[] = [];
  if (form.classId) {
    const atLeast = numberOf(form.atLeast);
    if (atLeast === null || !Number.isInteger(atLeast)) return { problem: '"at least" must be a whole number' };
    const within = form.within.trim() ? numberOf(form.within) : undefined;
    if (within === null || within === 0) return { problem: '"within" must be a distance in metres above 0' };
    conditions.push({ count: { class: form.classId, ...(within !== undefined ? { within } : {}) }, atLeast });
  }
  if (form.outcome) conditions.push({ outcome: form.outcome });
  if (form.metadata.trim()) conditions.push({ metadata: form.metadata.trim() });
  if (form.speedAbove.trim()) {
    const speed = numberOf(form.speedAbove);
    if (speed === null) return { problem: 'the ego speed must be a number of m/s' };
    conditions.push({ egoSpeedAbove: speed });
  }
  if (conditions.length === 0) return { problem: 'choose at least one condition' };
  return { query: conditions };
}

/** A saved query back into the form, where the form can show it (null where it cannot). */
export function formOfQuery(query: ScenarioQuery): ScenarioForm | null {
  let form: ScenarioForm = { ...EMPTY_FORM };
  for (const c of Array.isArray(query) ? query : [query]) {
    if ('count' in c && c.count.class && !form.classId && c.atMost === undefined && Object.keys(c.count).every((k) => k === 'class' || k === 'within')) {
      form = { ...form, classId: c.count.class, atLeast: String(c.atLeast ?? 1), within: c.count.within === undefined ? '' : String(c.count.within) };
    } else if ('outcome' in c && !c.class && !form.outcome) form = { ...form, outcome: c.outcome };
    else if ('metadata' in c && !form.metadata) form = { ...form, metadata: c.metadata };
    else if ('egoSpeedAbove' in c && !form.speedAbove) form = { ...form, speedAbove: String(c.egoSpeedAbove) };
    else return null;
  }
  return form;
}
