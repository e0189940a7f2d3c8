import type { AnnotationRecord } from '../annotations/registry';
import type { EntityEffect, EntityType, EntityValue, UnitWrite } from './effects';
import { EXISTENCE, unitField, unitPath, valueKey, withUnits, type UnitKey, type UnitValue } from './fields';
import { precedesOrIs, recencyCompare, type RevisionNode } from './revisionGraph';
import type { Conflict, ConflictValue } from './types';

/** A write that no later write of the same unit (in the view) descends from. */
export interface CurrentWrite {
  readonly node: RevisionNode;
  readonly write: UnitWrite;
  readonly after: EntityValue | null;
}

export interface ResolvedEntity {
  readonly value: EntityValue | null;
  readonly conflicts: readonly Conflict[];
}

/** The current writes of one unit, as the resolution and blame see them. */
export interface UnitState {
  readonly unit: UnitKey;
  readonly writes: readonly CurrentWrite[];
}

const ABSENT_KEY = valueKey(undefined);

/**
 * One entity's merge: per unit, the set of writes not superseded by a descendant write (an
 * antichain of the causal order). Revisions arrive parents first, so a new write supersedes
 * exactly the current writes that are its ancestors, and the set after any arrival order is the
 * same: the maximal writes of the unit.
 */
export class EntityMerge {
  private readonly units = new Map<UnitKey, CurrentWrite[]>();
  /** The maximal revisions that made the entity from nothing: each writes absent to every unit it leaves out. */
  private creations: Array<CurrentWrite & { readonly wrote: ReadonlyMap<UnitKey, UnitWrite> }> = [];

  constructor(
    readonly entity: EntityType,
    readonly id: string,
  ) {}

  apply(node: RevisionNode, effect: EntityEffect): void {
    for (const [unit, write] of effect.writes) {
      const current = this.units.get(unit);
      const next: CurrentWrite[] = current ? current.filter((c) => !precedesOrIs(c.node, node)) : [];
      next.push({ node, write, after: effect.after });
      this.units.set(unit, next);
    }
    if (effect.created) {
      const existence = effect.writes.get(EXISTENCE);
      if (existence) this.creations = [...this.creations.filter((c) => !precedesOrIs(c.node, node)), { node, write: existence, after: effect.after, wrote: effect.writes }];
    }
  }

  /** Every unit's current writes, the absent writes of creations included. */
  unitStates(): UnitState[] {
    const out: UnitState[] = [];
    for (const [unit, explicit] of this.units) out.push({ unit, writes: unit === EXISTENCE ? explicit : this.withCreations(unit, explicit) });
    // Arrival order decides the map's order; the merged value and its conflicts must not depend on it.
    return out.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
  }

  private withCreations(unit: UnitKey, explicit: readonly CurrentWrite[]): readonly CurrentWrite[] {
    const implicit = this.creations.filter((c) => !c.wrote.has(unit));
    if (!implicit.length) return explicit;
    const all = [...explicit, ...implicit.map((c) => ({ node: c.node, after: c.after, write: { ...c.write, value: undefined, key: ABSENT_KEY } }))];
    return all.filter((w) => !all.some((o) => o !== w && o.node !== w.node && precedesOrIs(w.node, o.node)));
  }

  resolve(): ResolvedEntity {
    const units = this.unitStates();
    const existence = units.find((u) => u.unit === EXISTENCE)?.writes ?? [];
    // A concurrent delete and edit keep the record: deleting it would hide the edit.
    if (!existence.some((w) => w.write.value === true)) return { value: null, conflicts: [] };
    const conflicts: Conflict[] = [];
    let base: CurrentWrite | undefined;
    const chosen = new Map<UnitKey, UnitValue>();
    for (const { unit, writes } of units) {
      for (const w of writes) if (w.after && (!base || this.laterSource(w, base))) base = w;
      const sorted = writes.slice().sort((a, b) => recencyCompare(a.node, b.node));
      const shown = unit === EXISTENCE ? true : sorted[sorted.length - 1].write.value;
      chosen.set(unit, shown);
      if (new Set(sorted.map((w) => w.write.key)).size > 1) conflicts.push(this.conflict(unit, sorted, shown));
    }
    if (!base?.after) return { value: null, conflicts: [] };
    return { value: withUnits(base.after, chosen), conflicts };
  }

  /** The bookkeeping (author, times) shown is that of the latest record among the current writes. */
  private laterSource(a: CurrentWrite, b: CurrentWrite): boolean {
    if (this.entity === 'object') {
      const d = (a.after as AnnotationRecord).updatedAt - (b.after as AnnotationRecord).updatedAt;
      if (d !== 0) return d > 0;
    }
    return recencyCompare(a.node, b.node) > 0;
  }

  private conflict(unit: UnitKey, sorted: readonly CurrentWrite[], shown: UnitValue): Conflict {
    const values: ConflictValue[] = sorted.map((w) => ({ ...writeInfo(w), value: w.write.value === undefined ? null : w.write.value }));
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

export function writeInfo(w: CurrentWrite) {
  return { revision: w.node.address, author: w.node.body.author.keyId, createdAt: w.node.body.createdAt, provenance: w.write.provenance, opId: w.write.opId };
}
