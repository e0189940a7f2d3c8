import type { AnnotationRecord } from '../annotations/registry';
import type { AttributeValue } from '../annotations/recordFields';
import { CAIRN, type OlAttributes, type OlNamed } from './openlabelTypes';

/**
 * A record's own fields (objectId, class, author, times, ontology version) and its attributes as
 * the OpenLABEL attributes of its element, so a record comes back field for field.
 */
export function recordAttributes(r: AnnotationRecord, extra: { readonly text?: readonly OlNamed<string>[]; readonly boolean?: readonly OlNamed<boolean>[] } = {}): OlAttributes {
  const text: OlNamed<string>[] = [
    { name: CAIRN.objectId, val: r.objectId },
    { name: CAIRN.classId, val: r.classId },
    { name: CAIRN.author, val: r.author },
    ...(extra.text ?? []),
  ];
  const num: OlNamed<number>[] = [
    { name: CAIRN.createdAt, val: r.createdAt },
    { name: CAIRN.updatedAt, val: r.updatedAt },
    { name: CAIRN.ontologyVersion, val: r.ontologyVersion },
  ];
  const boolean: OlNamed<boolean>[] = [...(extra.boolean ?? [])];
  for (const [name, value] of Object.entries(r.attributes)) pushAttribute({ text, num, boolean }, name, value);
  return { text, num, ...(boolean.length ? { boolean } : {}) };
}

function pushAttribute(into: { text: OlNamed<string>[]; num: OlNamed<number>[]; boolean: OlNamed<boolean>[] }, name: string, value: AttributeValue): void {
  if (typeof value === 'string') into.text.push({ name, val: value });
  else if (typeof value === 'number') into.num.push({ name, val: value });
  else into.boolean.push({ name, val: value });
}
