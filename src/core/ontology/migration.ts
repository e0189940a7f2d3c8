import type { AnnotationRecord } from '../annotations/registry';
import type { AttributeValue } from '../annotations/recordFields';
import { attributeProblems } from './attributes';
import { attributesOf, findClass, isKindOf, type AttributeDefinition, type Ontology } from './schema';
import type { Migration, MigrationStep, SizeRule } from './steps';

/** A record a migration could not carry over cleanly: it was migrated, and needs a person to look at it. */
export interface FlaggedRecord {
  readonly objectId: string;
  readonly reason: string;
}

export interface MigrationResult {
  /** Every input record as it is under the new version (ontologyVersion set to it), in input order. */
  readonly records: AnnotationRecord[];
  readonly flagged: FlaggedRecord[];
}

export interface MigrationProblem {
  /** Dotted path into the migration (`steps.2.from`) or the new ontology. */
  readonly path: string;
  readonly message: string;
}

/**
 * Why `migration` cannot take records of `from` to `to`: a version that does not follow on, a step
 * naming a class that does not exist at that point, an attribute the new version does not define,
 * or a class of the old version the steps leave without a place in the new one (which would
 * strand its records). Empty when it can.
 */
export function migrationProblems(from: Ontology, to: Ontology, migration: Migration): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  if (to.ontologyId !== from.ontologyId) problems.push({ path: 'ontology.ontologyId', message: `must stay "${from.ontologyId}"` });
  if (migration.fromVersion !== from.version) problems.push({ path: 'migration.fromVersion', message: `must be ${from.version}, the version it starts from` });
  if (to.version !== from.version + 1) problems.push({ path: 'ontology.version', message: `must be ${from.version + 1} (the next after ${from.version})` });
  const live = new Set(from.classes.map((c) => c.classId));
  const need = (id: string, path: string) => {
    if (!live.has(id)) problems.push({ path, message: `no class "${id}" at this step (classes are named as the steps before leave them)` });
  };
  // A class the new version adds has no records yet; steps on its attributes are harmless.
  const needForAttributes = (id: string, path: string) => {
    if (!live.has(id) && !findClass(to, id)) need(id, path);
  };
  const target = (id: string, path: string) => {
    if (!findClass(to, id)) problems.push({ path, message: `no class "${id}" in version ${to.version}` });
  };
  migration.steps.forEach((step, i) => {
    const at = `migration.steps.${i}`;
    switch (step.op) {
      case 'renameClass':
        need(step.from, `${at}.from`);
        target(step.to, `${at}.to`);
        live.delete(step.from);
        live.add(step.to);
        break;
      case 'mergeClasses':
        step.from.forEach((id, j) => need(id, `${at}.from.${j}`));
        target(step.into, `${at}.into`);
        for (const id of step.from) live.delete(id);
        live.add(step.into);
        break;
      case 'splitClass':
        need(step.from, `${at}.from`);
        step.rules.forEach((r, j) => target(r.to, `${at}.rules.${j}.to`));
        target(step.otherwise, `${at}.otherwise`);
        live.delete(step.from);
        for (const id of [...step.rules.map((r) => r.to), step.otherwise]) live.add(id);
        break;
      case 'addAttribute':
      case 'retypeAttribute': {
        needForAttributes(step.classId, `${at}.classId`);
        const d = newDefinition(to, migration.steps.slice(i + 1), step.classId, step.key);
        if (!d && !movedOnLater(migration.steps.slice(i + 1), step.key)) problems.push({ path: `${at}.key`, message: `version ${to.version} defines no attribute "${step.key}" for class "${step.classId}"` });
        else if (d && step.op === 'addAttribute' && step.value !== undefined && convert(step.value, d) === undefined) {
          problems.push({ path: `${at}.value`, message: `${JSON.stringify(step.value)} is not a value of ${d.type} attribute "${d.key}"` });
        }
        break;
      }
      case 'renameAttribute':
        needForAttributes(step.classId, `${at}.classId`);
        if (!newDefinition(to, migration.steps.slice(i + 1), step.classId, step.to) && !movedOnLater(migration.steps.slice(i + 1), step.to)) {
          problems.push({ path: `${at}.to`, message: `version ${to.version} defines no attribute "${step.to}" for class "${step.classId}"` });
        }
        break;
      case 'removeAttribute':
        needForAttributes(step.classId, `${at}.classId`);
        break;
    }
  });
  for (const id of [...live].sort()) {
    if (!findClass(to, id)) {
      problems.push({ path: 'migration.steps', message: `class "${id}" of version ${from.version} has no place in version ${to.version}: rename, merge or split it` });
    }
  }
  return problems;
}

/**
 * Takes records made under `from` to `to` (records of another version are refused: migrate them
 * along the chain with `migrateChain`). Every record comes back stamped with the new version; one
 * that a step could not carry over (a value that does not convert, a split that fell to its
 * default, a required attribute without a value) is kept as close to what it was as possible and
 * listed in `flagged` with the reasons. Nothing is dropped: a removed attribute is removed only
 * because a step says so.
 */
export function applyMigration(records: readonly AnnotationRecord[], from: Ontology, to: Ontology, migration: Migration, at: number): MigrationResult {
  const problems = migrationProblems(from, to, migration);
  if (problems.length > 0) throw new Error(`migration ${from.version} → ${to.version}: ${problems[0].path}: ${problems[0].message}`);
  const working = records.map((r) => {
    if (r.ontologyVersion !== from.version) throw new Error(`record ${r.objectId} is of ontology version ${r.ontologyVersion}, not ${from.version}`);
    return { ...r, attributes: { ...r.attributes } } as Mutable;
  });
  // A relation's class is its predicate: the class and attribute steps are about objects, not edges.
  const objects = working.filter((r) => r.kind !== 'relation');
  const reasons = new Map<string, string[]>();
  const flag = (objectId: string, reason: string) => {
    const list = reasons.get(objectId) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(objectId, list);
  };

  migration.steps.forEach((step, i) => {
    const later = migration.steps.slice(i + 1);
    switch (step.op) {
      case 'renameClass':
        for (const r of objects) if (r.classId === step.from) r.classId = step.to;
        break;
      case 'mergeClasses':
        for (const r of objects) if (step.from.includes(r.classId)) r.classId = step.into;
        break;
      case 'splitClass':
        splitTracks(objects, step, flag);
        break;
      case 'addAttribute': {
        const d = newDefinition(to, later, step.classId, step.key);
        if (!d) break; // a later step removes or renames it again
        const value = step.value !== undefined ? convert(step.value, d) : d.default;
        if (value === undefined) break;
        for (const r of matching(objects, to, step.classId)) if (r.attributes[step.key] === undefined) r.attributes[step.key] = value;
        break;
      }
      case 'removeAttribute':
        for (const r of matching(objects, to, step.classId)) delete r.attributes[step.key];
        break;
      case 'renameAttribute':
        for (const r of matching(objects, to, step.classId)) {
          if (!(step.from in r.attributes)) continue;
          if (step.to in r.attributes) {
            flag(r.objectId, `kept "${step.to}" and "${step.from}": renaming "${step.from}" would overwrite a value`);
            continue;
          }
          r.attributes[step.to] = r.attributes[step.from];
          delete r.attributes[step.from];
        }
        break;
      case 'retypeAttribute': {
        const d = newDefinition(to, later, step.classId, step.key);
        if (!d) break; // a later step removes or renames it again
        for (const r of matching(objects, to, step.classId)) {
          const old = r.attributes[step.key];
          if (old === undefined) continue;
          const mapped = step.map?.[JSON.stringify(old)];
          const value = convert(mapped ?? old, d);
          if (value === undefined) flag(r.objectId, `${d.name}: ${JSON.stringify(old)} does not convert to ${d.type}; the old value is kept`);
          else r.attributes[step.key] = value;
        }
        break;
      }
    }
  });

  const out = working.map((r) => {
    if (r.kind === 'relation') {
      if (!to.relations.some((x) => x.predicate === r.classId)) flag(r.objectId, `version ${to.version} has no relation "${r.classId}"`);
    } else for (const p of attributeProblems(r, to)) flag(r.objectId, p.message);
    return { ...r, ontologyVersion: to.version, updatedAt: Math.max(r.updatedAt, at) } as AnnotationRecord;
  });
  const flagged = out.filter((r) => reasons.has(r.objectId)).map((r) => ({ objectId: r.objectId, reason: reasons.get(r.objectId)!.join('; ') }));
  return { records: out, flagged };
}

/** One version of an ontology with the migration that led to it from the version before (none for the first). */
export interface OntologyVersion {
  readonly ontology: Ontology;
  readonly migration: Migration | null;
}

/**
 * Takes records of any earlier version to `target`, one version at a time along `versions` (each
 * version once, any order). A record flagged on the way stays flagged, with every reason.
 */
export function migrateChain(records: readonly AnnotationRecord[], versions: readonly OntologyVersion[], target: number, at: number): MigrationResult {
  const byVersion = new Map(versions.map((v) => [v.ontology.version, v] as const));
  const current = new Map(records.map((r) => [r.objectId, r] as const));
  const reasons = new Map<string, string[]>();
  const oldest = Math.min(target, ...records.map((r) => r.ontologyVersion));
  for (let v = oldest; v < target; v++) {
    const from = byVersion.get(v);
    const to = byVersion.get(v + 1);
    if (!from || !to?.migration) throw new Error(`no migration from ontology version ${v} to ${v + 1}`);
    const step = [...current.values()].filter((r) => r.ontologyVersion === v);
    if (step.length === 0) continue;
    const result = applyMigration(step, from.ontology, to.ontology, to.migration, at);
    for (const r of result.records) current.set(r.objectId, r);
    for (const f of result.flagged) reasons.set(f.objectId, [...(reasons.get(f.objectId) ?? []), `v${v + 1}: ${f.reason}`]);
  }
  for (const r of current.values()) if (r.ontologyVersion > target) throw new Error(`record ${r.objectId} is of ontology version ${r.ontologyVersion}, newer than ${target}`);
  return {
    records: records.map((r) => current.get(r.objectId)!),
    flagged: [...reasons].map(([objectId, list]) => ({ objectId, reason: list.join('; ') })),
  };
}

/** A record of any kind with its shared fields writable (distributed over the kinds, so each keeps its geometry). */
type Mutable = AnnotationRecord extends infer R ? (R extends AnnotationRecord ? { -readonly [K in keyof R]: R[K] } & { attributes: Record<string, AttributeValue> } : never) : never;

/** Records of `classId` (as the steps so far have left them) or of a class the new version places under it. */
function matching(records: Mutable[], to: Ontology, classId: string): Mutable[] {
  return records.filter((r) => r.classId === classId || (findClass(to, r.classId) && findClass(to, classId) && isKindOf(to, r.classId, classId)));
}

/** Whether a later step removes or renames the attribute `key` (so the new version need not define it). */
function movedOnLater(later: readonly MigrationStep[], key: string): boolean {
  return later.some((s) => (s.op === 'removeAttribute' && s.key === key) || (s.op === 'renameAttribute' && s.from === key));
}

/** The new version's definition of `key` for the class `classId` becomes once the later steps have run. */
function newDefinition(to: Ontology, later: readonly MigrationStep[], classId: string, key: string): AttributeDefinition | undefined {
  let ids = [classId];
  for (const s of later) {
    if (s.op === 'renameClass') ids = ids.map((id) => (id === s.from ? s.to : id));
    else if (s.op === 'mergeClasses') ids = ids.map((id) => (s.from.includes(id) ? s.into : id));
    else if (s.op === 'splitClass') ids = ids.flatMap((id) => (id === s.from ? [...s.rules.map((r) => r.to), s.otherwise] : [id]));
  }
  for (const id of ids) {
    const d = attributesOf(to, id).find((a) => a.key === key);
    if (d) return d;
  }
  return undefined;
}

/** `value` as a value of `d`, or undefined when it has none (text that is not a number, an option not listed). */
export function convert(value: AttributeValue, d: AttributeDefinition): AttributeValue | undefined {
  switch (d.type) {
    case 'text': {
      const s = typeof value === 'string' ? value : String(value);
      return s.length <= d.maxLength ? s : undefined;
    }
    case 'number': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      if (typeof value === 'boolean') return value ? 1 : 0;
      const n = value.trim() === '' ? NaN : Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool': {
      if (typeof value === 'boolean') return value;
      const s = String(value).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(s)) return true;
      if (['false', 'no', '0'].includes(s)) return false;
      return undefined;
    }
    case 'enum': {
      const s = String(value);
      return d.options.includes(s) ? s : undefined;
    }
  }
}

/** Moves each track of `step.from` to the first rule its mean size meets, else to `otherwise` (flagged). */
function splitTracks(records: Mutable[], step: Extract<MigrationStep, { op: 'splitClass' }>, flag: (objectId: string, reason: string) => void): void {
  const tracks = new Map<string, Mutable[]>();
  for (const r of records) {
    if (r.classId !== step.from) continue;
    const list = tracks.get(r.trackId) ?? [];
    list.push(r);
    tracks.set(r.trackId, list);
  }
  for (const members of tracks.values()) {
    const size = meanSize(members);
    const rule = size ? step.rules.find((x) => meets(size, x.when)) : undefined;
    for (const r of members) {
      r.classId = rule ? rule.to : step.otherwise;
      if (!rule) flag(r.objectId, `split of "${step.from}": ${size ? 'no size rule matched' : 'the record has no size'}, so it went to "${step.otherwise}"; check its class`);
    }
  }
}

function meanSize(members: readonly Mutable[]): [number, number, number] | null {
  const sizes = members.flatMap((r) => (r.kind === 'cuboid' ? [r.cuboid.size] : []));
  if (sizes.length === 0) return null;
  return [0, 1, 2].map((i) => sizes.reduce((s, x) => s + x[i], 0) / sizes.length) as [number, number, number];
}

function meets(size: readonly [number, number, number], rule: SizeRule): boolean {
  const value = rule.dimension === 'volume' ? size[0] * size[1] * size[2] : size[['length', 'width', 'height'].indexOf(rule.dimension)];
  return (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value < rule.max);
}
