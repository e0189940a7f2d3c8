/**
 * Reading untrusted JSON with errors that say where: every accessor takes the JSON path of the
 * value it reads, so a bad field in a 100 MB export is named exactly ("doc.json:
 * openlabel.frames.12.objects.3.object_data.cuboid[0].val: expected 9 or 10 numbers, got 7").
 * Unknown fields are never an error; only the fields a reader asks for are checked.
 */
export type JsonRecord = Readonly<Record<string, unknown>>;

export class JsonReader {
  constructor(readonly source: string) {}

  fail(path: string, message: string): never {
    throw new Error(`${this.source}: ${path}: ${message}`);
  }

  record(value: unknown, path: string): JsonRecord {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, `expected an object, got ${describe(value)}`);
    return value as JsonRecord;
  }

  optionalRecord(value: unknown, path: string): JsonRecord | undefined {
    return value === undefined ? undefined : this.record(value, path);
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, got ${describe(value)}`);
    return value;
  }

  optionalArray(value: unknown, path: string): readonly unknown[] | undefined {
    return value === undefined ? undefined : this.array(value, path);
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, `expected a string, got ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  /** OpenLABEL writes uids as strings, but integer uids appear in the wild; both name the same element. */
  uid(value: unknown, path: string): string {
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string' && value.length > 0) return value;
    return this.fail(path, `expected a uid (a non-empty string or an integer), got ${describe(value)}`);
  }

  finite(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, `expected a finite number, got ${describe(value)}`);
    return value;
  }

  frameNumber(value: unknown, path: string): number {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) this.fail(path, `expected a frame number (an integer ≥ 0), got ${describe(value)}`);
    return n;
  }
}

/** A short description of a JSON value for an error message, never the whole value. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** `a.b` for identifier-like keys, `a["x y"]` otherwise, so a path can be pasted into a query. */
export function childPath(path: string, key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
