import { z } from 'zod';
import { MAX_CUBOID_EDGE, MIN_CUBOID_EDGE } from '../geometry/cuboid';
import { text } from '../model/text';
import { plausibilitySettingsSchema } from '../plausibility/settings';

/**
 * The one definition of an ontology version: the TS types, the host's validation of files and
 * calls, and the published JSON Schema (resources/schema/cairn-ontology-v1.schema.json) derive
 * from it. Rules one field cannot state alone (ids unique, parents acyclic, defaults within their
 * attribute's range) are in `ontologySchema`'s refinement, each naming the path it found wrong.
 */

export const MAX_CLASSES = 512;
export const MAX_ATTRIBUTES_PER_CLASS = 64;
export const MAX_ENUM_OPTIONS = 256;
export const MAX_RELATIONS = 256;

/** Ids are stored in records and compared exactly, so they are kept to a plain, portable alphabet. */
const identifier = text(128, 1).regex(/^[A-Za-z0-9_.:-]+$/, { error: 'must use only letters, digits, _ . : -' });
const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be an sRGB colour #rrggbb' });
const edge = z.number().min(MIN_CUBOID_EDGE).max(MAX_CUBOID_EDGE);

/** Where an attribute's value lives: one value for the whole track, or one per keyframe. */
export const attributeScopeSchema = z.enum(['object', 'frame']);

const attributeCommon = {
  key: identifier,
  name: text(128, 1),
  /** 'object': the same value on every keyframe of a track (static); 'frame': may differ per keyframe. */
  scope: attributeScopeSchema.default('frame'),
  /** A record without a value for a required attribute is flagged in the object list. */
  required: z.boolean().default(false),
};

const enumAttribute = z.strictObject({
  type: z.literal('enum'),
  ...attributeCommon,
  options: z.array(identifier).min(1).max(MAX_ENUM_OPTIONS).readonly(),
  default: identifier.optional(),
});
const boolAttribute = z.strictObject({
  type: z.literal('bool'),
  ...attributeCommon,
  default: z.boolean().optional(),
});
const numberAttribute = z.strictObject({
  type: z.literal('number'),
  ...attributeCommon,
  min: z.number().optional(),
  max: z.number().optional(),
  /** The increment an editor steps by; values are not forced onto it. */
  step: z.number().positive().optional(),
  default: z.number().optional(),
});
const textAttribute = z.strictObject({
  type: z.literal('text'),
  ...attributeCommon,
  maxLength: z.int().min(1).max(4096).default(4096),
  default: text(4096).optional(),
});

export const attributeDefinitionSchema = z.discriminatedUnion('type', [enumAttribute, boolAttribute, numberAttribute, textAttribute]);
export const ATTRIBUTE_TYPES = ['enum', 'bool', 'number', 'text'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const ontologyClassSchema = z.strictObject({
  classId: identifier,
  name: text(128, 1),
  /** sRGB hex, used for boxes and lists. */
  color: colour,
  /** The class this one specialises; its attributes apply here too. */
  parentId: identifier.optional(),
  /** Size in metres (length, width, height) a new box of this class starts with. */
  defaultSize: z.tuple([edge, edge, edge]).readonly(),
  attributes: z.array(attributeDefinitionSchema).max(MAX_ATTRIBUTES_PER_CLASS).readonly().default([]),
});

/** A scene-graph edge the annotator may draw: `subject predicate object`, limited to these classes (and their subclasses). */
export const relationDefinitionSchema = z.strictObject({
  predicate: identifier,
  name: text(128, 1).optional(),
  subjectClasses: z.array(identifier).min(1).max(MAX_CLASSES).readonly(),
  objectClasses: z.array(identifier).min(1).max(MAX_CLASSES).readonly(),
});

const ontologyShape = z.strictObject({
  /** Optional pointer to the published JSON Schema, for editors that validate as one types. */
  $schema: z.string().optional(),
  ontologyId: identifier,
  version: z.int().positive(),
  name: text(256, 1),
  classes: z.array(ontologyClassSchema).min(1).max(MAX_CLASSES).readonly(),
  relations: z.array(relationDefinitionSchema).max(MAX_RELATIONS).readonly().default([]),
  /** The plausibility checks' rules and thresholds (docs/lint.md); defaults when absent. */
  plausibility: plausibilitySettingsSchema.optional(),
});

export const ontologySchema = ontologyShape.superRefine((o, ctx) => {
  for (const { path, message } of ontologyProblems(o)) ctx.addIssue({ code: 'custom', path, message });
});

export type Ontology = z.output<typeof ontologySchema>;
export type OntologyInput = z.input<typeof ontologySchema>;
export type OntologyClass = Ontology['classes'][number];
export type AttributeDefinition = z.output<typeof attributeDefinitionSchema>;
export type RelationDefinition = Ontology['relations'][number];

interface Problem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** What the shape cannot say: unique ids, known and acyclic parents, defaults that fit their attribute. */
function ontologyProblems(o: z.output<typeof ontologyShape>): Problem[] {
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  o.classes.forEach((c, i) => {
    if (index.has(c.classId)) problems.push({ path: ['classes', i, 'classId'], message: `duplicate class id "${c.classId}" (also classes.${index.get(c.classId)})` });
    else index.set(c.classId, i);
  });
  o.classes.forEach((c, i) => {
    if (c.parentId === undefined) return;
    if (!index.has(c.parentId)) {
      problems.push({ path: ['classes', i, 'parentId'], message: `no class "${c.parentId}" in this ontology` });
      return;
    }
    const seen = new Set([c.classId]);
    for (let p: string | undefined = c.parentId; p !== undefined; p = o.classes[index.get(p)!]?.parentId) {
      if (seen.has(p)) {
        problems.push({ path: ['classes', i, 'parentId'], message: `class "${c.classId}" is its own ancestor (through "${p}")` });
        break;
      }
      seen.add(p);
      if (!index.has(p)) break;
    }
  });
  o.classes.forEach((c, i) => {
    const keys = new Map<string, number>();
    c.attributes.forEach((a, j) => {
      const at = ['classes', i, 'attributes', j];
      if (keys.has(a.key)) problems.push({ path: [...at, 'key'], message: `duplicate attribute "${a.key}" in class "${c.classId}"` });
      keys.set(a.key, j);
      problems.push(...definitionProblems(a).map((message) => ({ path: at, message })));
    });
  });
  // An attribute a class inherits must not be redefined below it: a record would have two definitions.
  if (problems.length === 0) {
    o.classes.forEach((c, i) => {
      const inherited = new Set(ancestorsOf(o.classes, c.classId).flatMap((a) => a.attributes.map((x) => x.key)));
      c.attributes.forEach((a, j) => {
        if (inherited.has(a.key)) problems.push({ path: ['classes', i, 'attributes', j, 'key'], message: `"${a.key}" is already defined by an ancestor of "${c.classId}"` });
      });
    });
  }
  o.relations.forEach((r, i) => {
    if (o.relations.findIndex((x) => x.predicate === r.predicate) !== i) problems.push({ path: ['relations', i, 'predicate'], message: `duplicate predicate "${r.predicate}"` });
    for (const side of ['subjectClasses', 'objectClasses'] as const) {
      r[side].forEach((id, j) => {
        if (!index.has(id)) problems.push({ path: ['relations', i, side, j], message: `no class "${id}" in this ontology` });
      });
    }
  });
  o.plausibility?.classes.forEach((l, i) => {
    if (!index.has(l.classId)) problems.push({ path: ['plausibility', 'classes', i, 'classId'], message: `no class "${l.classId}" in this ontology` });
    if (o.plausibility!.classes.findIndex((x) => x.classId === l.classId) !== i) problems.push({ path: ['plausibility', 'classes', i, 'classId'], message: `limits for "${l.classId}" given twice` });
  });
  return problems;
}

/** Why one attribute's definition contradicts itself (a default outside its range, min above max), or nothing. */
export function definitionProblems(a: AttributeDefinition): string[] {
  const out: string[] = [];
  switch (a.type) {
    case 'enum':
      if (new Set(a.options).size !== a.options.length) out.push(`attribute "${a.key}" lists an option twice`);
      if (a.default !== undefined && !a.options.includes(a.default)) out.push(`attribute "${a.key}": default "${a.default}" is not one of its options`);
      break;
    case 'number':
      if (a.min !== undefined && a.max !== undefined && a.min > a.max) out.push(`attribute "${a.key}": min ${a.min} is above max ${a.max}`);
      if (a.default !== undefined && ((a.min !== undefined && a.default < a.min) || (a.max !== undefined && a.default > a.max))) {
        out.push(`attribute "${a.key}": default ${a.default} is outside [${a.min ?? '-∞'}, ${a.max ?? '∞'}]`);
      }
      break;
    case 'text':
      if (a.default !== undefined && a.default.length > a.maxLength) out.push(`attribute "${a.key}": default is longer than maxLength ${a.maxLength}`);
      break;
    case 'bool':
      break;
  }
  return out;
}

export function findClass(ontology: Pick<Ontology, 'classes'>, classId: string): OntologyClass | undefined {
  return ontology.classes.find((c) => c.classId === classId);
}

/** The class's ancestors, nearest first (the ontology is assumed valid: no cycles). */
export function ancestorsOf(classes: readonly OntologyClass[], classId: string): OntologyClass[] {
  const out: OntologyClass[] = [];
  const seen = new Set([classId]);
  let parent = classes.find((c) => c.classId === classId)?.parentId;
  while (parent !== undefined && !seen.has(parent)) {
    seen.add(parent);
    const p = classes.find((c) => c.classId === parent);
    if (!p) break;
    out.push(p);
    parent = p.parentId;
  }
  return out;
}

/** Every attribute a record of this class carries: its ancestors' (root first) then its own. */
export function attributesOf(ontology: Pick<Ontology, 'classes'>, classId: string): AttributeDefinition[] {
  const own = findClass(ontology, classId);
  if (!own) return [];
  return [...ancestorsOf(ontology.classes, classId).reverse(), own].flatMap((c) => c.attributes);
}

/** Whether `classId` is `ancestorId` or one of its descendants. */
export function isKindOf(ontology: Pick<Ontology, 'classes'>, classId: string, ancestorId: string): boolean {
  return classId === ancestorId || ancestorsOf(ontology.classes, classId).some((c) => c.classId === ancestorId);
}

/** Whether `subject predicate object` is an edge the ontology allows (a class allows its subclasses). */
export function relationAllowed(ontology: Pick<Ontology, 'classes' | 'relations'>, predicate: string, subjectClass: string, objectClass: string): boolean {
  const r = ontology.relations.find((x) => x.predicate === predicate);
  if (!r) return false;
  return r.subjectClasses.some((c) => isKindOf(ontology, subjectClass, c)) && r.objectClasses.some((c) => isKindOf(ontology, objectClass, c));
}

/** Parses an ontology, throwing an Error whose message names the first bad field (`where` prefixes it: a file, a call). */
export function parseOntology(value: unknown, where = 'ontology'): Ontology {
  const parsed = ontologySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const path = first?.path.map(String).join('.') || '(root)';
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? 's' : ''})` : '';
  throw new Error(`${where}: invalid ontology at ${path}: ${first?.message}${more}`);
}
