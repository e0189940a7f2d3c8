import type { AnnotationRecord } from '../annotations/registry';
import type { Provenance, RevisionBody } from '../revisions/schema';
import type { TrackSettings } from '../tracks/trackSettings';
import { changedUnits, EXISTENCE, RECORD_SHAPE, TRACK_SETTINGS_SHAPE, unitsOf, unitValueOf, type UnitKey, type UnitShape, type UnitValue } from './fields';

/** What the merge keeps: annotation records by objectId, track settings by trackId. */
export type EntityType = 'object' | 'track';
export type EntityValue = AnnotationRecord | TrackSettings;

export interface WriteOrigin {
  readonly provenance: Provenance;
  readonly opId: string;
}

/**
 * One revision's net effect on one entity. A creation (before null) writes every unit: the ones
 * its record holds, and every other as absent, so an attribute of a deleted record does not come
 * back with the record made anew. It is kept whole (`after`), not split into units: most records
 * are created once and never edited, and then the merged record is that very object.
 */
export interface EntityEffect extends WriteOrigin {
  readonly entity: EntityType;
  readonly id: string;
  /** The entity as the revision left it (null: deleted); the merged value's bookkeeping comes from it. */
  readonly after: EntityValue | null;
  readonly created: boolean;
  /** What an edit or a delete writes, existence included; empty for a creation. */
  readonly writes: ReadonlyMap<UnitKey, UnitValue>;
  /** Per unit, the step that last changed it, where the revision changed the entity more than once. */
  readonly origins: ReadonlyMap<UnitKey, WriteOrigin> | null;
}

export const entityKey = (entity: EntityType, id: string): string => (entity === 'object' ? 'o:' : 't:') + id;

export const shapeOf = (entity: EntityType): UnitShape => (entity === 'object' ? RECORD_SHAPE : TRACK_SETTINGS_SHAPE);

/** The value an effect writes to a unit (existence: whether the entity is there). */
export function writtenValue(effect: EntityEffect, unit: UnitKey): UnitValue {
  if (unit === EXISTENCE) return effect.after !== null;
  return effect.created ? unitValueOf(effect.after as EntityValue, unit) : effect.writes.get(unit);
}

export function originOf(effect: EntityEffect, unit: UnitKey): WriteOrigin {
  return effect.origins?.get(unit) ?? effect;
}

interface Step extends WriteOrigin {
  readonly before: EntityValue | null;
  readonly after: EntityValue | null;
}

/**
 * A revision is applied atomically, so what it writes is its net change per entity: first before,
 * last after. A unit set and set back within one revision is not written. Each written unit keeps
 * the provenance of the step that last changed it (a model's proposal then a person's fix of the
 * class: the class is the person's, the box the model's).
 */
export function revisionEffects(body: RevisionBody): EntityEffect[] {
  const steps = new Map<string, { entity: EntityType; id: string; steps: Step[] }>();
  const push = (entity: EntityType, id: string, step: Step) => {
    const key = entityKey(entity, id);
    const entry = steps.get(key);
    if (entry) entry.steps.push(step);
    else steps.set(key, { entity, id, steps: [step] });
  };
  for (const op of body.operations) {
    for (const c of op.changes) push('object', c.objectId, { before: c.before, after: c.after, provenance: c.provenance, opId: op.opId });
    for (const t of op.trackSettings ?? []) push('track', t.trackId, { before: t.before, after: t.after, provenance: t.provenance, opId: op.opId });
  }
  const out: EntityEffect[] = [];
  for (const { entity, id, steps: list } of steps.values()) {
    const shape = shapeOf(entity);
    const first = list[0];
    const last = list[list.length - 1];
    const created = first.before === null && last.after !== null;
    out.push({
      entity,
      id,
      after: last.after,
      created,
      writes: created ? NOTHING : written(first.before, last.after, shape),
      origins: list.length === 1 ? null : unitOrigins(list, shape),
      provenance: last.provenance,
      opId: last.opId,
    });
  }
  return out;
}

const NOTHING: ReadonlyMap<UnitKey, UnitValue> = new Map();

/** The units a transition writes, existence included: creating writes every unit, deleting only existence. */
function written(before: EntityValue | null, after: EntityValue | null, shape: UnitShape): Map<UnitKey, UnitValue> {
  if (!after) return new Map([[EXISTENCE, false]]);
  const units = before ? changedUnits(before, after, shape) : unitsOf(after, shape);
  units.set(EXISTENCE, true);
  return units;
}

function unitOrigins(list: readonly Step[], shape: UnitShape): Map<UnitKey, WriteOrigin> {
  const origin = new Map<UnitKey, WriteOrigin>();
  for (const step of list) for (const unit of written(step.before, step.after, shape).keys()) origin.set(unit, step);
  return origin;
}
