import { parseOntology, type AttributeDefinition, type Ontology, type OntologyClass } from './schema';
import type { Migration, MigrationStep, SizeRule } from './steps';

/**
 * The next version being edited: its definition and the steps that take records there. Each edit
 * changes both together, so what the editor shows and what the migration does cannot disagree.
 * The functions return a new draft, or throw an Error naming what is wrong (an unknown class).
 */
export interface OntologyDraft {
  /** The version the draft starts from. */
  readonly base: Ontology;
  readonly ontology: Ontology;
  readonly migration: Migration;
}

export function startDraft(current: Ontology): OntologyDraft {
  return { base: current, ontology: { ...current, version: current.version + 1 }, migration: { fromVersion: current.version, steps: [] } };
}

/**
 * The classes that can hold records at this point of the draft: the base version's, as the steps
 * so far have renamed, merged and split them. A class the draft added holds none, so an edit of
 * one needs no step.
 */
export function classesWithRecords(draft: OntologyDraft): Set<string> {
  const live = new Set(draft.base.classes.map((c) => c.classId));
  for (const s of draft.migration.steps) {
    if (s.op === 'renameClass') {
      live.delete(s.from);
      live.add(s.to);
    } else if (s.op === 'mergeClasses') {
      for (const id of s.from) live.delete(id);
      live.add(s.into);
    } else if (s.op === 'splitClass') {
      live.delete(s.from);
      for (const id of [...s.rules.map((r) => r.to), s.otherwise]) live.add(id);
    }
  }
  return live;
}

function withStep(draft: OntologyDraft, classes: OntologyClass[], relations: Ontology['relations'], step: MigrationStep | null): OntologyDraft {
  return {
    base: draft.base,
    ontology: parseOntology({ ...draft.ontology, classes, relations }, `version ${draft.ontology.version}`),
    migration: step ? { ...draft.migration, steps: [...draft.migration.steps, step] } : draft.migration,
  };
}

function requireClass(draft: OntologyDraft, classId: string): OntologyClass {
  const c = draft.ontology.classes.find((x) => x.classId === classId);
  if (!c) throw new Error(`no class "${classId}" in the draft`);
  return c;
}

/** Class ids replaced in parents and relations (a relation listing a class twice after a merge lists it once). */
function replaceIds(draft: OntologyDraft, classes: OntologyClass[], map: (id: string) => string[]): [OntologyClass[], Ontology['relations']] {
  const one = (id: string) => map(id)[0];
  const nextClasses = classes.map((c) => (c.parentId !== undefined && one(c.parentId) !== c.parentId ? { ...c, parentId: one(c.parentId) } : c));
  const relations = draft.ontology.relations.map((r) => ({
    ...r,
    subjectClasses: [...new Set(r.subjectClasses.flatMap(map))],
    objectClasses: [...new Set(r.objectClasses.flatMap(map))],
  }));
  return [nextClasses, relations];
}

export function addClass(draft: OntologyDraft, cls: Omit<OntologyClass, 'attributes'> & { attributes?: OntologyClass['attributes'] }): OntologyDraft {
  return withStep(draft, [...draft.ontology.classes, { attributes: [], ...cls }], draft.ontology.relations, null);
}

/** Name, colour, parent or default size: no record changes. */
export function updateClass(draft: OntologyDraft, classId: string, patch: Partial<Pick<OntologyClass, 'name' | 'color' | 'parentId' | 'defaultSize'>>): OntologyDraft {
  requireClass(draft, classId);
  const classes = draft.ontology.classes.map((c) => {
    if (c.classId !== classId) return c;
    const next = { ...c, ...patch };
    if (patch.parentId === undefined && 'parentId' in patch) delete (next as { parentId?: string }).parentId;
    return next;
  });
  return withStep(draft, classes, draft.ontology.relations, null);
}

export function renameClass(draft: OntologyDraft, from: string, to: string): OntologyDraft {
  requireClass(draft, from);
  const map = (id: string) => [id === from ? to : id];
  const [classes, relations] = replaceIds(draft, draft.ontology.classes.map((c) => (c.classId === from ? { ...c, classId: to } : c)), map);
  return withStep(draft, classes, relations, classesWithRecords(draft).has(from) ? { op: 'renameClass', from, to } : null);
}

/** `into` keeps its definition; the others go, their records becoming `into`'s. */
export function mergeClasses(draft: OntologyDraft, from: readonly string[], into: string): OntologyDraft {
  requireClass(draft, into);
  for (const id of from) requireClass(draft, id);
  const gone = new Set(from.filter((id) => id !== into));
  const map = (id: string) => [gone.has(id) ? into : id];
  const [classes, relations] = replaceIds(draft, draft.ontology.classes.filter((c) => !gone.has(c.classId)), map);
  const holding = from.filter((id) => classesWithRecords(draft).has(id));
  return withStep(draft, classes, relations, holding.length > 0 ? { op: 'mergeClasses', from: holding, into } : null);
}

/**
 * Replaces `from` by new classes (each a copy of it under a new id and name, unless it already
 * exists); tracks go to the first rule their size meets, else to `otherwise` (flagged for review).
 */
export function splitClass(
  draft: OntologyDraft,
  from: string,
  targets: readonly { classId: string; name: string; color?: string; when?: SizeRule }[],
  otherwise: string,
): OntologyDraft {
  const source = requireClass(draft, from);
  const existing = new Set(draft.ontology.classes.map((c) => c.classId));
  const made = targets
    .filter((t) => !existing.has(t.classId) || t.classId === from)
    .map((t) => ({ ...source, classId: t.classId, name: t.name, color: t.color ?? source.color }));
  const at = draft.ontology.classes.findIndex((c) => c.classId === from);
  const classes = [...draft.ontology.classes.slice(0, at), ...made, ...draft.ontology.classes.slice(at + 1)];
  const all = targets.map((t) => t.classId);
  const [nextClasses, relations] = replaceIds(draft, classes, (id) => (id === from ? all : [id]));
  const rules = targets.flatMap((t) => (t.when ? [{ to: t.classId, when: t.when }] : []));
  return withStep(draft, nextClasses, relations, classesWithRecords(draft).has(from) ? { op: 'splitClass', from, rules, otherwise } : null);
}

function editAttributes(draft: OntologyDraft, classId: string, edit: (list: AttributeDefinition[]) => AttributeDefinition[], step: MigrationStep | null): OntologyDraft {
  requireClass(draft, classId);
  const classes = draft.ontology.classes.map((c) => (c.classId === classId ? { ...c, attributes: edit([...c.attributes]) } : c));
  return withStep(draft, classes, draft.ontology.relations, step);
}

/** Existing records of the class get `value`, else the definition's default (else none: a required one is flagged). */
export function addAttribute(draft: OntologyDraft, classId: string, definition: AttributeDefinition, value?: string | number | boolean): OntologyDraft {
  return editAttributes(draft, classId, (list) => [...list, definition], { op: 'addAttribute', classId, key: definition.key, ...(value === undefined ? {} : { value }) });
}

export function removeAttribute(draft: OntologyDraft, classId: string, key: string): OntologyDraft {
  return editAttributes(draft, classId, (list) => list.filter((a) => a.key !== key), { op: 'removeAttribute', classId, key });
}

export function renameAttribute(draft: OntologyDraft, classId: string, from: string, to: string): OntologyDraft {
  return editAttributes(draft, classId, (list) => list.map((a) => (a.key === from ? { ...a, key: to } : a)), { op: 'renameAttribute', classId, from, to });
}

/** Changes the definition (its type, options or range); values are converted, those that cannot be are kept and flagged. */
export function retypeAttribute(draft: OntologyDraft, classId: string, definition: AttributeDefinition, map?: Record<string, string | number | boolean>): OntologyDraft {
  return editAttributes(draft, classId, (list) => list.map((a) => (a.key === definition.key ? definition : a)), {
    op: 'retypeAttribute',
    classId,
    key: definition.key,
    ...(map ? { map } : {}),
  });
}
