import type { z } from 'zod';
import type { AttributeValue } from './recordFields';

/** What every kind's record holds besides its geometry: the fields the store indexes and the editor keys by. */
export interface AnnotationRecordBase {
  readonly kind: string;
  readonly objectId: string;
  readonly trackId: string;
  readonly sceneId: string;
  readonly frameId: string;
  readonly classId: string;
  readonly ontologyVersion: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly author: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** How a track moves between keyframes, for the kinds that move (set per track by the user). */
export interface TrackInterpolation {
  /** The centre's path: straight between keyframes (default) or a Catmull-Rom spline through them. */
  readonly centre?: 'linear' | 'catmull-rom';
  /** 'locked' (default): the object keeps one size; 'linear': the size blends between keyframes. */
  readonly size?: 'locked' | 'linear';
}

/** A stored record of a track placed on the scene's timeline. */
export interface TrackKeyframe<R extends AnnotationRecordBase = AnnotationRecordBase> {
  /** Position of the record's frame in the scene's frame order. */
  readonly frameIndex: number;
  readonly record: R;
}

/**
 * One annotation kind: everything the store, the contract and the editor need to know about it.
 * A new kind is a folder under src/core/annotations/ exporting one of these, plus its line in the
 * registry.
 */
export interface AnnotationKind<Name extends string, Schema extends z.ZodType<AnnotationRecordBase & { readonly kind: Name }>> {
  readonly kind: Name;
  /** The one definition of the record: its TS type, the host's validation and the stored JSON derive from it. */
  readonly schema: Schema;
  /**
   * Brings a record written by an older build to this build's shape (a current record comes back
   * equal). Not validated: the caller checks the result with `schema`.
   */
  upgrade(raw: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /**
   * The record a track shows at `frameIndex` (keyframes sorted by frameIndex): a keyframe itself on
   * its own frame; between two keyframes, the earlier one with its geometry interpolated (computed,
   * never stored); null outside the track's span. Absent for kinds that do not move (a relation).
   */
  readonly interpolate?: (
    keyframes: readonly TrackKeyframe<z.output<Schema>>[],
    frameIndex: number,
    options?: TrackInterpolation,
  ) => z.output<Schema> | null;
}
