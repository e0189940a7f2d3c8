import { z } from 'zod';
import { box2dKind } from './box2d';
import { cuboidKind } from './cuboid';
import type { TrackInterpolation, TrackKeyframe } from './kind';
import { labelPatchKind } from './labelPatch';
import { polygon2dKind } from './polygon2d';
import { relationKind } from './relation';

/**
 * Every annotation kind, one line each. The record type, the host's validation (a union
 * discriminated by `kind`) and the store's upgrade of old records all derive from this list.
 */
export const ANNOTATION_KINDS = [
  cuboidKind,
  box2dKind,
  polygon2dKind,
  relationKind,
  labelPatchKind,
] as const;

type Kinds = typeof ANNOTATION_KINDS;
type SchemasOf<T extends readonly unknown[]> = { -readonly [I in keyof T]: T[I] extends { readonly schema: infer S } ? S : never };
type KindSchemas = SchemasOf<Kinds>;

export type AnnotationKindName = Kinds[number]['kind'];
export type AnnotationKindModule = Kinds[number];

/** Any stored annotation record, whatever its kind. */
export const annotationRecordSchema = z.discriminatedUnion('kind', ANNOTATION_KINDS.map((k) => k.schema) as unknown as KindSchemas);
export type AnnotationRecord = z.output<typeof annotationRecordSchema>;

const byName: ReadonlyMap<string, AnnotationKindModule> = new Map(ANNOTATION_KINDS.map((k) => [k.kind, k]));

export function annotationKind(name: string): AnnotationKindModule | undefined {
  return byName.get(name);
}

/** How a kind's track shows between keyframes, typed for records of any kind. */
export type RecordInterpolator = (
  keyframes: readonly TrackKeyframe<AnnotationRecord>[],
  frameIndex: number,
  options?: TrackInterpolation,
) => AnnotationRecord | null;

/**
 * The interpolation of kind `name`, or undefined for a kind that does not move (its track shows
 * only on its keyframes). A track holds records of one kind, so each kind only ever sees its own.
 */
export function interpolatorOf(name: string): RecordInterpolator | undefined {
  const module = annotationKind(name);
  return module && 'interpolate' in module ? (module.interpolate as RecordInterpolator) : undefined;
}

/**
 * A record as this build writes it, from what any earlier build stored. Records from before kinds
 * existed have no `kind`; they were all cuboids. Unknown kinds come back unchanged, for the schema
 * to refuse with its own message.
 */
export function upgradeRecord(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const name = raw.kind ?? cuboidKind.kind;
  const module = typeof name === 'string' ? annotationKind(name) : undefined;
  return module ? module.upgrade(raw) : { ...raw };
}
