import type { AnnotationRecord } from '../annotations/registry';

export type { AttributeValue } from '../annotations/recordFields';

/** One labelled box in one frame (a keyframe of its track): its type derives from the cuboid kind's schema. */
export type { CuboidAnnotation } from '../annotations/cuboid/schema';
export type { AnnotationRecord } from '../annotations/registry';

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

export function sameAnnotation(a: AnnotationRecord | null, b: AnnotationRecord | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return canonicalJson(a) === canonicalJson(b);
}
