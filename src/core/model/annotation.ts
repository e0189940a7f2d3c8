import type { Cuboid } from '../geometry/cuboid';

export type AttributeValue = string | number | boolean;

/** One labelled object in one frame: the record the editor mutates and the workspace stores. */
export interface CuboidAnnotation {
  readonly objectId: string;
  readonly sceneId: string;
  readonly frameId: string;
  readonly classId: string;
  readonly cuboid: Cuboid;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly author: string;
  /** Milliseconds since the Unix epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Deterministic serialisation (sorted keys) so two equal records compare equal as strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function sameAnnotation(a: CuboidAnnotation | null, b: CuboidAnnotation | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return canonicalJson(a) === canonicalJson(b);
}
