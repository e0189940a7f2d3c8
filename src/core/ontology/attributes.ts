import type { AttributeValue } from '../annotations/recordFields';
import { attributesOf, findClass, type AttributeDefinition, type Ontology } from './schema';

/** One thing wrong with a record's attributes under an ontology version. */
export interface AttributeProblem {
  /** The attribute's key, or null for a problem with the record's class itself. */
  readonly key: string | null;
  readonly kind: 'unknown-class' | 'missing-required' | 'wrong-type' | 'out-of-range' | 'not-an-option' | 'too-long' | 'undefined-attribute' | 'static-differs';
  readonly message: string;
}

/** Why `value` does not fit `definition`, or null when it does. */
export function valueProblem(definition: AttributeDefinition, value: AttributeValue): AttributeProblem | null {
  const key = definition.key;
  const wrong = (expected: string): AttributeProblem => ({
    key,
    kind: 'wrong-type',
    message: `${definition.name} must be ${expected}, not ${JSON.stringify(value)}`,
  });
  switch (definition.type) {
    case 'enum':
      if (typeof value !== 'string') return wrong(`one of ${definition.options.join(', ')}`);
      if (!definition.options.includes(value)) {
        return { key, kind: 'not-an-option', message: `${definition.name} "${value}" is not one of ${definition.options.join(', ')}` };
      }
      return null;
    case 'bool':
      return typeof value === 'boolean' ? null : wrong('true or false');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong('a number');
      if ((definition.min !== undefined && value < definition.min) || (definition.max !== undefined && value > definition.max)) {
        return { key, kind: 'out-of-range', message: `${definition.name} ${value} is outside [${definition.min ?? '-∞'}, ${definition.max ?? '∞'}]` };
      }
      return null;
    case 'text':
      if (typeof value !== 'string') return wrong('text');
      if (value.length > definition.maxLength) return { key, kind: 'too-long', message: `${definition.name} is longer than ${definition.maxLength} characters` };
      return null;
  }
}

/**
 * Everything wrong with a record's class and attributes under `ontology`: a class it does not
 * have, a required attribute without a value, a value of the wrong type or outside its range, a
 * value for an attribute the class does not define. Empty when the record fits. Used to flag
 * records (the object list, a migration's report), never to refuse a write: a record made under
 * an older version stays editable until it is fixed.
 */
export function attributeProblems(
  record: { readonly classId: string; readonly attributes: Readonly<Record<string, AttributeValue>> },
  ontology: Pick<Ontology, 'classes'>,
): AttributeProblem[] {
  if (!findClass(ontology, record.classId)) {
    return [{ key: null, kind: 'unknown-class', message: `class "${record.classId}" is not in this ontology` }];
  }
  const definitions = attributesOf(ontology, record.classId);
  const problems: AttributeProblem[] = [];
  for (const d of definitions) {
    const value = Object.prototype.hasOwnProperty.call(record.attributes, d.key) ? record.attributes[d.key] : undefined;
    if (value === undefined) {
      if (d.required) problems.push({ key: d.key, kind: 'missing-required', message: `${d.name} is required` });
      continue;
    }
    const p = valueProblem(d, value);
    if (p) problems.push(p);
  }
  const known = new Set(definitions.map((d) => d.key));
  for (const key of Object.keys(record.attributes).sort()) {
    if (!known.has(key)) problems.push({ key, kind: 'undefined-attribute', message: `"${key}" is not an attribute of class "${record.classId}"` });
  }
  return problems;
}

/** The values a new record of this class starts with: every attribute's default, where it has one. */
export function defaultAttributes(ontology: Pick<Ontology, 'classes'>, classId: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const d of attributesOf(ontology, classId)) if (d.default !== undefined) out[d.key] = d.default;
  return out;
}

/**
 * Static (per-object) attributes whose keyframes disagree: a track holds one value for them, so a
 * keyframe that differs (written by another build, or made before the attribute was static) is
 * flagged by objectId with the values seen.
 */
export function staticAttributeConflicts(
  keyframes: readonly { readonly objectId: string; readonly classId: string; readonly attributes: Readonly<Record<string, AttributeValue>> }[],
  ontology: Pick<Ontology, 'classes'>,
): Map<string, AttributeProblem[]> {
  const out = new Map<string, AttributeProblem[]>();
  if (keyframes.length < 2) return out;
  for (const d of attributesOf(ontology, keyframes[0].classId)) {
    if (d.scope !== 'object') continue;
    const seen = [...new Set(keyframes.map((k) => JSON.stringify(k.attributes[d.key] ?? null)))];
    if (seen.length < 2) continue;
    const problem: AttributeProblem = { key: d.key, kind: 'static-differs', message: `${d.name} is one value per object, but its keyframes hold ${seen.join(', ')}` };
    for (const k of keyframes) out.set(k.objectId, [...(out.get(k.objectId) ?? []), problem]);
  }
  return out;
}
