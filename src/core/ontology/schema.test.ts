import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributesOf, isKindOf, ontologySchema, parseOntology, relationAllowed, type OntologyInput } from './schema';
import { testOntology } from './testOntology';

const base = (): OntologyInput => JSON.parse(JSON.stringify(testOntology())) as OntologyInput;

/** An ontology as plain JSON, for a case to break. */
type Editable = { classes: Record<string, unknown>[]; relations: Record<string, unknown>[] };

function problemOf(edit: (o: Editable) => void): string {
  const o = base() as unknown as Editable;
  edit(o);
  const parsed = ontologySchema.safeParse(o);
  if (parsed.success) return 'accepted';
  const first = parsed.error.issues[0];
  return `${first.path.join('.')}: ${first.message}`;
}

describe('ontology schema', () => {
  it('reads the shipped default ontology, with every class typed', () => {
    const file = path.resolve(__dirname, '../../../resources/ontology/default.json');
    const o = parseOntology(JSON.parse(readFileSync(file, 'utf8')), file);
    expect(o.version).toBe(2);
    expect(o.classes.map((c) => c.classId)).toContain('car');
    expect(attributesOf(o, 'car').map((a) => `${a.key}:${a.type}:${a.scope}`)).toEqual(['occlusion:enum:frame', 'truncation:number:frame', 'parked:bool:object']);
  });

  it('fills defaults: scope frame, not required, no attributes, no relations', () => {
    const o = parseOntology({ ontologyId: 'x', version: 1, name: 'X', classes: [{ classId: 'a', name: 'A', color: '#000000', defaultSize: [1, 1, 1], attributes: [{ key: 'k', name: 'K', type: 'bool' }] }] });
    expect(o.classes[0].attributes[0]).toEqual({ key: 'k', name: 'K', type: 'bool', scope: 'frame', required: false });
    expect(o.relations).toEqual([]);
  });

  it('inherits attributes down the class hierarchy, root first', () => {
    const o = testOntology();
    expect(attributesOf(o, 'car').map((a) => a.key)).toEqual(['parked', 'occlusion', 'truncation', 'note']);
    expect(attributesOf(o, 'pedestrian')).toEqual([]);
    expect(isKindOf(o, 'car', 'vehicle')).toBe(true);
    expect(isKindOf(o, 'pedestrian', 'vehicle')).toBe(false);
  });

  const cases: [string, (o: Editable) => void, string][] = [
    ['a duplicate class id', (o) => { o.classes[1].classId = 'vehicle'; }, 'classes.1.classId: duplicate class id "vehicle" (also classes.0)'],
    ['an unknown parent', (o) => { o.classes[1].parentId = 'lorry'; }, 'classes.1.parentId: no class "lorry" in this ontology'],
    ['a parent cycle', (o) => { o.classes[0].parentId = 'car'; }, 'classes.0.parentId: class "vehicle" is its own ancestor (through "vehicle")'],
    ['a bad colour', (o) => { o.classes[0].color = 'red'; }, 'classes.0.color: must be an sRGB colour #rrggbb'],
    ['an enum default not among the options', (o) => { (o.classes[1].attributes as Record<string, unknown>[])[0].default = 'total'; }, 'classes.1.attributes.0: attribute "occlusion": default "total" is not one of its options'],
    ['min above max', (o) => { Object.assign((o.classes[1].attributes as Record<string, unknown>[])[1], { min: 2, max: 1 }); }, 'classes.1.attributes.1: attribute "truncation": min 2 is above max 1'],
    ['a number default out of range', (o) => { (o.classes[1].attributes as Record<string, unknown>[])[1].default = 3; }, 'classes.1.attributes.1: attribute "truncation": default 3 is outside [0, 1]'],
    ['a duplicate attribute', (o) => { (o.classes[1].attributes as Record<string, unknown>[])[1].key = 'occlusion'; }, 'classes.1.attributes.1.key: duplicate attribute "occlusion" in class "car"'],
    ['an inherited attribute redefined', (o) => { (o.classes[1].attributes as Record<string, unknown>[])[2].key = 'parked'; }, 'classes.1.attributes.2.key: "parked" is already defined by an ancestor of "car"'],
    ['an unknown type', (o) => { (o.classes[1].attributes as Record<string, unknown>[])[0].type = 'colour'; }, 'classes.1.attributes.0.type: Invalid input'],
    ['an unknown field', (o) => { o.classes[0].icon = 'x'; }, 'classes.0: Unrecognized key: "icon"'],
    ['a relation to an unknown class', (o) => { (o.relations[0].objectClasses as string[]).push('tram'); }, 'relations.0.objectClasses.1: no class "tram" in this ontology'],
  ];
  it.each(cases)('refuses %s, naming it', (_what, edit, message) => {
    expect(problemOf(edit)).toBe(message);
  });

  it('allows a relation between the classes it names and their subclasses only', () => {
    const o = testOntology();
    expect(relationAllowed(o, 'follows', 'car', 'truck')).toBe(true);
    expect(relationAllowed(o, 'follows', 'pedestrian', 'car')).toBe(false);
    expect(relationAllowed(o, 'overtakes', 'car', 'car')).toBe(false);
  });

  it('names the file and the field when parsing fails', () => {
    expect(() => parseOntology({ ontologyId: 'x', version: 0, name: 'X', classes: [] }, 'my.json')).toThrow(/^my\.json: invalid ontology at version: .* \(and 1 more problem\)$/);
  });
});
