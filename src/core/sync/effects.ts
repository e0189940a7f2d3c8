import type { AnnotationRecord } from '../annotations/registry';
import type { Provenance, RevisionBody } from '../revisions/schema';
import type { TrackSettings } from '../tracks/trackSettings';
import { changedUnits, EXISTENCE, RECORD_SHAPE, TRACK_SETTINGS_SHAPE, unitsOf, valueKey, type UnitKey, type UnitShape, type UnitValue } from './fields';

/** What the merge keeps: annotation records by objectId, track settings by trackId. */
export type EntityType = 'object' | 'track';
export type EntityValue = AnnotationRecord | TrackSettings;

export interface UnitWrite {
  readonly value: UnitValue;
  /** valueKey(value): equal values, equal keys. */
  readonly key: string;
  readonly provenance: Provenance;
  readonly opId: string;
}

/** One revision's net effect on one entity: the units it writes and the value it leaves. */
export interface EntityEffect {
  readonly entity: EntityType;
  readonly id: string;
  readonly writes: ReadonlyMap<UnitKey, UnitWrite>;
  /** The entity as the revision left it (null: deleted); the merged value's bookkeeping comes from it. */
  readonly after: EntityValue | null;
  /**
   * It made the entity from nothing (before null): it then also writes every unit it leaves out as
   * absent, so an attribute of a deleted record does not come back with the record made anew.
   */
  readonly created: boolean;
}

export const entityKey = (entity: EntityType, id: string): string => (entity === 'object' ? 'o:' : 't:') + id;

interface Step {
  readonly before: EntityValue | null;
  readonly after: EntityValue | null;
  readonly provenance: Provenance;
  readonly opId: string;
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
    const shape = entity === 'object' ? RECORD_SHAPE : TRACK_SETTINGS_SHAPE;
    const first = list[0];
    const last = list[list.length - 1];
    const net = written(first.before, last.after, shape);
    const origin = list.length === 1 ? null : unitOrigins(list, shape);
    const writes = new Map<UnitKey, UnitWrite>();
    for (const [unit, value] of net) {
      const from = origin?.get(unit) ?? last;
      writes.set(unit, { value, key: valueKey(value), provenance: from.provenance, opId: from.opId });
    }
    out.push({ entity, id, writes, after: last.after, created: first.before === null && last.after !== null });
  }
  return out;
}

/** The units a transition writes, existence included: creating writes every unit, deleting only existence. */
function written(before: EntityValue | null, after: EntityValue | null, shape: UnitShape): Map<UnitKey, UnitValue> {
  if (!after) return new Map([[EXISTENCE, false]]);
  const units = before ? changedUnits(before, after, shape) : unitsOf(after, shape);
  units.set(EXISTENCE, true);
  return units;
}

function unitOrigins(list: readonly Step[], shape: UnitShape): Map<UnitKey, Step> {
  const origin = new Map<UnitKey, Step>();
  for (const step of list) for (const unit of written(step.before, step.after, shape).keys()) origin.set(unit, step);
  return origin;
}
