import type { AnnotationRecord } from '../annotations/registry';
import { originOf, shapeOf, writtenValue, type EntityEffect, type EntityType, type EntityValue } from './effects';
import { EXISTENCE, unitField, unitPath, unitsOf, valueKey, withUnits, type UnitKey, type UnitValue } from './fields';
import { precedesOrIs, recencyCompare, type RevisionNode } from './revisionGraph';
import type { Conflict, ConflictValue, WriteInfo } from './types';

/** A revision's effect on the entity that no later write of a unit (in the view) supersedes. */
interface CurrentWrite {
  readonly node: RevisionNode;
  readonly effect: EntityEffect;
}

/** One current write of one unit, with the value it wrote (undefined: absent). */
export interface UnitWrite extends CurrentWrite {
  readonly value: UnitValue;
}

/** The current writes of one unit, as the resolution and blame see them. */
export interface UnitState {
  readonly unit: UnitKey;
  /** By (createdAt, address): the last is the one shown. */
  readonly writes: readonly UnitWrite[];
}

export interface ResolvedEntity {
  readonly value: EntityValue | null;
  readonly conflicts: readonly Conflict[];
}

/** One write, or several concurrent ones: most units have one, so no array is kept for them. */
type Writes = CurrentWrite | CurrentWrite[];

const listOf = (w: Writes | undefined): readonly CurrentWrite[] => (w === undefined ? [] : Array.isArray(w) ? w : [w]);

/**
 * One entity's merge: per unit, the writes that no descendant write of the unit supersedes (an
 * antichain of the causal order). Revisions arrive parents first, so a new write supersedes
 * exactly the current writes that are its ancestors, and after any arrival order the set is the
 * same: the maximal writes of the unit.
 *
 * Creations write every unit, so they are kept apart, whole: a unit's writes are the maximal
 * ones among its edits and the creations. A record made once and never edited is then the
 * creating revision's own record object, with no per-unit bookkeeping at all.
 */
export class EntityMerge {
  private readonly edits = new Map<UnitKey, Writes>();
  private creations: CurrentWrite[] = [];

  constructor(
    readonly entity: EntityType,
    readonly id: string,
  ) {}

  apply(node: RevisionNode, effect: EntityEffect): void {
    const w: CurrentWrite = { node, effect };
    if (effect.created) {
      this.creations = this.creations.filter((c) => !precedesOrIs(c.node, node));
      this.creations.push(w);
      return;
    }
    for (const unit of effect.writes.keys()) {
      const current = this.edits.get(unit);
      if (current === undefined) this.edits.set(unit, w);
      else if (!Array.isArray(current)) this.edits.set(unit, precedesOrIs(current.node, node) ? w : [current, w]);
      else {
        const next = current.filter((c) => !precedesOrIs(c.node, node));
        next.push(w);
        this.edits.set(unit, next.length === 1 ? next[0] : next);
      }
    }
  }

  /** Every unit's current writes, sorted by unit (the arrival order must not show in the result). */
  unitStates(): UnitState[] {
    const units = new Set<UnitKey>(this.edits.keys());
    if (this.creations.length) units.add(EXISTENCE);
    const shape = shapeOf(this.entity);
    for (const c of this.creations) if (c.effect.after) for (const u of unitsOf(c.effect.after, shape).keys()) units.add(u);
    const out: UnitState[] = [];
    for (const unit of [...units].sort()) {
      const all = [...listOf(this.edits.get(unit)), ...this.creations];
      const current = all.filter((w) => !all.some((o) => o.node !== w.node && precedesOrIs(w.node, o.node)));
      const writes = current.map((w) => ({ ...w, value: writtenValue(w.effect, unit) })).sort((a, b) => recencyCompare(a.node, b.node));
      out.push({ unit, writes });
    }
    return out;
  }

  resolve(): ResolvedEntity {
    const only = this.creations.length === 1 ? this.creations[0] : undefined;
    if (only && this.edits.size === 0) return { value: only.effect.after, conflicts: [] };
    // Usually every edit descends from the one creation: then only the edited units need resolving.
    const edited = only?.effect.after && [...this.edits.values()].every((w) => listOf(w).every((e) => precedesOrIs(only.node, e.node)));
    const units = edited ? this.editedUnitStates() : this.unitStates();
    const existence = units.find((u) => u.unit === EXISTENCE)?.writes ?? [];
    // A concurrent delete and edit keep the record: deleting it would hide the edit.
    if (!existence.some((w) => w.value === true)) return { value: null, conflicts: [] };
    const conflicts: Conflict[] = [];
    // The creation still holds the units no edit wrote, so its record counts for the bookkeeping too.
    let latest: UnitWrite | undefined = edited ? { ...only, value: true } : undefined;
    const chosen = new Map<UnitKey, UnitValue>();
    for (const { unit, writes } of units) {
      for (const w of writes) if (w.effect.after && (!latest || this.laterSource(w, latest))) latest = w;
      const shown = unit === EXISTENCE ? true : writes[writes.length - 1].value;
      chosen.set(unit, shown);
      if (writes.length > 1 && new Set(writes.map((w) => valueKey(w.value))).size > 1) conflicts.push(this.conflict(unit, writes, shown));
    }
    const template = edited ? only.effect.after : latest?.effect.after;
    if (!template || !latest?.effect.after) return { value: null, conflicts: [] };
    return { value: withBookkeeping(withUnits(template, chosen), latest.effect.after, shapeOf(this.entity).bookkeeping), conflicts };
  }

  /** The edited units only, when the creation is an ancestor of every edit (the other units are the creation's). */
  private editedUnitStates(): UnitState[] {
    const out: UnitState[] = [];
    for (const unit of [...this.edits.keys()].sort()) {
      const writes = listOf(this.edits.get(unit)).map((w) => ({ ...w, value: writtenValue(w.effect, unit) }));
      out.push({ unit, writes: writes.length > 1 ? writes.sort((a, b) => recencyCompare(a.node, b.node)) : writes });
    }
    return out;
  }

  /** The bookkeeping (author, times) shown is that of the latest record among the current writes. */
  private laterSource(a: UnitWrite, b: UnitWrite): boolean {
    if (this.entity === 'object') {
      const d = (a.effect.after as AnnotationRecord).updatedAt - (b.effect.after as AnnotationRecord).updatedAt;
      if (d !== 0) return d > 0;
    }
    return recencyCompare(a.node, b.node) > 0;
  }

  private conflict(unit: UnitKey, writes: readonly UnitWrite[], shown: UnitValue): Conflict {
    const values: ConflictValue[] = writes.map((w) => ({ ...writeInfo(w, unit), value: w.value === undefined ? null : w.value }));
    return {
      entity: this.entity,
      id: this.id,
      kind: unit === EXISTENCE ? 'delete-edit' : 'field',
      field: unitField(unit),
      path: unitPath(unit),
      values,
      provisional: shown === undefined ? null : shown,
    };
  }
}

function withBookkeeping<T extends EntityValue>(value: T, from: EntityValue, keys: ReadonlySet<string>): T {
  if (!keys.size) return value;
  const out: Record<string, unknown> = { ...value };
  for (const k of keys) {
    const v = (from as Record<string, unknown>)[k];
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as T;
}

export function writeInfo(w: UnitWrite, unit: UnitKey): WriteInfo {
  const origin = originOf(w.effect, unit);
  return { revision: w.node.address, author: w.node.body.author.keyId, createdAt: w.node.body.createdAt, provenance: origin.provenance, opId: origin.opId };
}
