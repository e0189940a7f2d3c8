import type { AnnotationRecord } from '../annotations/registry';
import type { AnnotationChange } from '../editor/changes';
import type { Provenance, RawData } from '../revisions/schema';
import { entityKey } from './effects';
import { EntityMerge, writeInfo } from './entityMerge';
import { EXISTENCE, RECORD_SHAPE, unitField, unitPath, unitsOf, valueKey, withField, type UnitKey } from './fields';
import type { Merger } from './merger';
import { causalCompare, precedesOrIs, type RevisionNode } from './revisionGraph';
import type { Conflict, MergedState, WriteInfo } from './types';

/** Which revisions a history question looks at: one lane's view (the shared history by default), or every lane. */
export interface HistoryOptions {
  readonly lane?: string;
  readonly allLanes?: boolean;
}

/** One change of one object, as `cairn log` and the inspector's history list it. */
export interface ObjectTouch {
  readonly revision: string;
  readonly author: string;
  readonly createdAt: number;
  readonly message: string;
  readonly lane: string | null;
  readonly opId: string;
  readonly label: string;
  readonly at: number;
  readonly provenance: Provenance;
  /** The raw files and calibration the change was made on (its frame's entry in the revision's rawData); null where not recorded. */
  readonly rawData: RawData[number] | null;
  readonly before: AnnotationRecord | null;
  readonly after: AnnotationRecord | null;
}

/** Who set one field last (several writers where it is conflicted). */
export interface FieldBlame {
  readonly field: string;
  readonly path: readonly string[];
  /** The value shown (null: absent); for existence, whether the record is there. */
  readonly value: unknown;
  readonly conflicted: boolean;
  /** By (createdAt, revision). */
  readonly writes: readonly WriteInfo[];
}

export interface FieldDiff {
  readonly field: string;
  readonly path: readonly string[];
  /** null: absent. */
  readonly before: unknown;
  readonly after: unknown;
}

export interface EntityDiff {
  readonly entity: 'object' | 'track';
  readonly id: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly fields: readonly FieldDiff[];
}

/** The changes to sign as a new revision, and the parents it must name. */
export interface RevertPlan {
  readonly parents: readonly string[];
  readonly changes: readonly AnnotationChange[];
}

function inScope(merger: Merger, node: RevisionNode, options: HistoryOptions): boolean {
  return options.allLanes === true || merger.view(options.lane).included.has(node.address);
}

/** Every change to an object, in causal order (generation, time, address, then operation order). */
export function objectHistory(merger: Merger, objectId: string, options: HistoryOptions = {}): ObjectTouch[] {
  const nodes = merger
    .touchedBy(entityKey('object', objectId))
    .filter((n) => inScope(merger, n, options))
    .sort(causalCompare);
  const out: ObjectTouch[] = [];
  for (const node of nodes) {
    const { body } = node;
    for (const op of body.operations) {
      for (const c of op.changes) {
        if (c.objectId !== objectId) continue;
        const frameId = (c.after ?? c.before)?.frameId;
        const rawData = body.rawData?.find((d) => d.frameId === frameId) ?? null;
        out.push({ revision: node.address, author: body.author.keyId, createdAt: body.createdAt, message: body.message, lane: node.lane ?? null, opId: op.opId, label: op.label, at: op.at, provenance: c.provenance, rawData, before: c.before, after: c.after });
      }
    }
  }
  return out;
}

/** Per field of an object, the revisions whose write of it is current (blame). */
export function blame(merger: Merger, objectId: string, options: { readonly lane?: string } = {}): FieldBlame[] {
  const merge = merger.view(options.lane).entity(entityKey('object', objectId));
  if (!merge) return [];
  return merge.unitStates().map(({ unit, writes }) => {
    const shown = unit === EXISTENCE ? writes.some((w) => w.value === true) : writes[writes.length - 1].value;
    return { field: unitField(unit), path: unitPath(unit), value: shown ?? null, conflicted: new Set(writes.map((w) => valueKey(w.value))).size > 1, writes: writes.map((w) => writeInfo(w, unit)) };
  });
}

/**
 * An object as one revision saw it: merged from that revision and its ancestors in its own lane
 * and the shared history (a shared revision sees no lane), with the conflicts it had then.
 */
export function objectAt(merger: Merger, objectId: string, address: string): { readonly record: AnnotationRecord | null; readonly conflicts: readonly Conflict[] } {
  const at = merger.graph.get(address);
  if (!at) throw new Error(`revision ${address} is not merged (unknown, pending or refused)`);
  const key = entityKey('object', objectId);
  const merge = new EntityMerge('object', objectId);
  const nodes = merger
    .touchedBy(key)
    .filter((n) => (n.lane === undefined || n.lane === at.lane) && precedesOrIs(n, at))
    .sort(causalCompare);
  for (const n of nodes) for (const e of merger.effectsOfRevision(n.address)) if (e.entity === 'object' && e.id === objectId) merge.apply(n, e);
  const { value, conflicts } = merge.resolve();
  return { record: value as AnnotationRecord | null, conflicts };
}

/** The field-by-field difference between two versions of a record (null: absent). */
export function diffRecords(a: AnnotationRecord | null, b: AnnotationRecord | null): FieldDiff[] {
  const out: FieldDiff[] = [];
  if ((a === null) !== (b === null)) out.push({ field: unitField(EXISTENCE), path: [], before: a !== null, after: b !== null });
  const ua = a ? unitsOf(a, RECORD_SHAPE) : new Map<UnitKey, unknown>();
  const ub = b ? unitsOf(b, RECORD_SHAPE) : new Map<UnitKey, unknown>();
  const units = [...new Set([...ua.keys(), ...ub.keys()])].sort();
  for (const unit of units) {
    if (valueKey(ua.get(unit)) !== valueKey(ub.get(unit))) out.push({ field: unitField(unit), path: unitPath(unit), before: ua.get(unit) ?? null, after: ub.get(unit) ?? null });
  }
  return out;
}

/** What changed from one merged state to another (two lanes, or one lane before and after a pull). */
export function diffStates(a: MergedState, b: MergedState): EntityDiff[] {
  const out: EntityDiff[] = [];
  const ids = [...new Set([...a.records.keys(), ...b.records.keys()])].sort();
  for (const id of ids) {
    const before = a.records.get(id) ?? null;
    const after = b.records.get(id) ?? null;
    const fields = diffRecords(before, after).filter((f) => f.path.length > 0);
    if (before && after && !fields.length) continue;
    out.push({ entity: 'object', id, change: !before ? 'added' : !after ? 'removed' : 'changed', fields });
  }
  const tracks = [...new Set([...a.trackSettings.keys(), ...b.trackSettings.keys()])].sort();
  for (const id of tracks) {
    const before = a.trackSettings.get(id);
    const after = b.trackSettings.get(id);
    if (before && after && valueKey(before) === valueKey(after)) continue;
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
    const fields = keys
      .filter((k) => valueKey((before as Record<string, unknown> | undefined)?.[k]) !== valueKey((after as Record<string, unknown> | undefined)?.[k]))
      .map((k) => ({ field: k, path: [k], before: (before as Record<string, unknown> | undefined)?.[k] ?? null, after: (after as Record<string, unknown> | undefined)?.[k] ?? null }));
    out.push({ entity: 'track', id, change: !before ? 'added' : !after ? 'removed' : 'changed', fields });
  }
  return out;
}

function fieldAt(value: AnnotationRecord, path: readonly string[]): unknown {
  let v: unknown = value;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/**
 * The change that makes an object `target` (null: deleted) and settles its conflicts, to sign in a
 * revision whose parents are the lane's heads (it then descends from every side). A change writes
 * the fields where its before and after differ; where a conflicted field's target is the value
 * shown, its before names another side's value, so the change still writes it and the conflict
 * ends. `stamp` sets the after's author and time, as the editor would.
 */
export function changeToReach(
  objectId: string,
  current: AnnotationRecord | null,
  conflicts: readonly Conflict[],
  target: AnnotationRecord | null,
  stamp?: { readonly author: string; readonly at: number },
): AnnotationChange[] {
  const after = target && stamp ? { ...target, author: stamp.author, updatedAt: stamp.at } : target;
  const mine = conflicts.filter((c) => c.entity === 'object' && c.id === objectId);
  if (!after) return current || mine.some((c) => c.kind === 'delete-edit') ? [{ objectId, before: current, after: null }] : [];
  if (!current) return [{ objectId, before: null, after }];
  let before = current;
  for (const c of mine) {
    if (c.kind !== 'field') continue;
    const wanted = valueKey(fieldAt(after, c.path));
    if (valueKey(fieldAt(before, c.path)) !== wanted) continue;
    const other = c.values.find((v) => valueKey(v.value ?? undefined) !== wanted);
    if (other) before = withField(before, c.path, other.value ?? undefined);
  }
  if (before === current && !mine.length && !diffRecords(current, after).length) return [];
  return [{ objectId, before, after }];
}

/** The change that brings an object back to what it was at `toRevision`, as a new revision on the lane's heads. */
export function revertOperations(merger: Merger, objectId: string, toRevision: string, options: { readonly lane?: string; readonly stamp?: { readonly author: string; readonly at: number } } = {}): RevertPlan {
  const view = merger.view(options.lane);
  const target = objectAt(merger, objectId, toRevision).record;
  const merge = view.entity(entityKey('object', objectId));
  const now = merge ? merge.resolve() : { value: null, conflicts: [] };
  return {
    parents: view.headNodes().map((h) => h.address).sort(),
    changes: changeToReach(objectId, now.value as AnnotationRecord | null, now.conflicts, target, options.stamp),
  };
}
