import { canonicalText } from '../revisions/canonical';

/**
 * The units the merge works in. Two concurrent writes of different units merge; two of the same
 * unit with different values are a conflict. A record's top-level fields are units, except that a
 * field holding an object (a record's `attributes`, a cuboid's `cuboid`) is split one level: each
 * attribute is its own unit, and so are a cuboid's centre, size, rotation and frame, since moving
 * a box and resizing or turning it are separate edits that people make concurrently and mean to
 * keep both of. Vectors (centre, size, quaternion) stay whole: a box with x from one writer and y
 * from another is nobody's box.
 */

/** A unit's name: the top-level key, or `key + SEP + subKey` for one level down. */
export type UnitKey = string;

const SEP = '\u0000';

/** The unit that says whether the record exists at all (a delete writes false, any other change true). */
export const EXISTENCE: UnitKey = '';

/**
 * Written by the editor on every change: merging them field-wise would turn every pair of
 * concurrent edits into a conflict. The merged record takes them from the latest write it shows.
 */
export const RECORD_BOOKKEEPING: ReadonlySet<string> = new Set(['author', 'createdAt', 'updatedAt']);

/** How an entity's value splits into units: records split objects one level; track settings do not (a ground-truth source is one fact). */
export interface UnitShape {
  readonly splitObjects: boolean;
  readonly bookkeeping: ReadonlySet<string>;
}

export const RECORD_SHAPE: UnitShape = { splitObjects: true, bookkeeping: RECORD_BOOKKEEPING };
export const TRACK_SETTINGS_SHAPE: UnitShape = { splitObjects: false, bookkeeping: new Set() };

/** Undefined stands for an absent key (an attribute removed, a setting back to its default). */
export type UnitValue = unknown;

type Obj = Readonly<Record<string, unknown>>;

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A comparison key: equal values have equal keys (primitives skip the canonical text, which is most of the work). */
export function valueKey(v: UnitValue): string {
  switch (typeof v) {
    case 'undefined':
      return '-';
    case 'string':
      return `s${v}`;
    case 'number':
      return `n${v === 0 ? 0 : v}`;
    case 'boolean':
      return v ? 't' : 'f';
    default:
      // Vectors are most of a box's units: a number list needs no canonical walk.
      if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return `a${v.map((x) => (x === 0 ? 0 : x)).join(',')}`;
      return `j${canonicalText(v)}`;
  }
}

/** Every unit of a value, with its value. */
export function unitsOf(value: Obj, shape: UnitShape): Map<UnitKey, UnitValue> {
  const out = new Map<UnitKey, UnitValue>();
  for (const key of Object.keys(value)) {
    if (shape.bookkeeping.has(key)) continue;
    const v = value[key];
    if (v === undefined) continue;
    if (shape.splitObjects && isPlainObject(v)) {
      for (const sub of Object.keys(v)) if (v[sub] !== undefined) out.set(key + SEP + sub, v[sub]);
    } else out.set(key, v);
  }
  return out;
}

/**
 * The units a change from `before` to `after` writes (both present). A unit that becomes an object
 * where it was a value (or back) is written in full on both sides, so it is never half-merged.
 */
export function changedUnits(before: Obj, after: Obj, shape: UnitShape): Map<UnitKey, UnitValue> {
  const a = unitsOf(before, shape);
  const b = unitsOf(after, shape);
  const out = new Map<UnitKey, UnitValue>();
  for (const [k, v] of b) if (!a.has(k) || valueKey(a.get(k)) !== valueKey(v)) out.set(k, v);
  for (const k of a.keys()) if (!b.has(k)) out.set(k, undefined);
  return out;
}

/** The value that `base` becomes with `units` set over it (an undefined unit removes its key). */
export function withUnits<T extends Obj>(base: T, units: ReadonlyMap<UnitKey, UnitValue>): T {
  const out: Record<string, unknown> = { ...base };
  const copied = new Set<string>();
  for (const [unit, v] of units) {
    if (unit === EXISTENCE) continue;
    const i = unit.indexOf(SEP);
    if (i < 0) {
      if (v === undefined) delete out[unit];
      else out[unit] = v;
      continue;
    }
    const key = unit.slice(0, i);
    const sub = unit.slice(i + 1);
    if (!copied.has(key)) {
      out[key] = isPlainObject(out[key]) ? { ...(out[key] as Obj) } : {};
      copied.add(key);
    }
    const nested = out[key] as Record<string, unknown>;
    if (v === undefined) delete nested[sub];
    else nested[sub] = v;
  }
  return out as T;
}

/** A unit as people read it: `classId`, `attributes.occluded`, `cuboid.center`, `existence`. */
export function unitField(unit: UnitKey): string {
  return unit === EXISTENCE ? 'existence' : unit.split(SEP).join('.');
}

/** A unit as a path into the record (empty for existence), unambiguous where a key holds a dot. */
export function unitPath(unit: UnitKey): readonly string[] {
  return unit === EXISTENCE ? [] : unit.split(SEP);
}

/** `value` with one unit set (undefined removes it): how a resolution names the side it replaces. */
export function withField<T extends Obj>(value: T, path: readonly string[], v: UnitValue): T {
  return withUnits(value, new Map([[path.join(SEP), v]]));
}

/** One unit's value in a value (undefined: absent). */
export function unitValueOf(value: Obj, unit: UnitKey): UnitValue {
  const i = unit.indexOf(SEP);
  if (i < 0) return value[unit];
  const nested = value[unit.slice(0, i)];
  return isPlainObject(nested) ? nested[unit.slice(i + 1)] : undefined;
}
