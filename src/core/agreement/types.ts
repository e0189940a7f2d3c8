import type { AttributeValue } from '../annotations/recordFields';

/**
 * One annotator's box in one frame, reduced to what agreement needs: an upright cuboid (centre,
 * size as length / width / height, heading about +z) with its identities, class and attributes.
 * Plain data, so a scene's boxes cross a worker boundary by structured clone.
 */
export interface AgreementBox {
  /** The record (one box in one frame). */
  readonly objectId: string;
  /** The object across frames: the same for every keyframe of one track. */
  readonly trackId: string;
  readonly classId: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly center: readonly [number, number, number];
  /** Length along the heading, width across it, height along z (metres). */
  readonly size: readonly [number, number, number];
  /** Heading about +z in radians (as `yawOf` reads it from the cuboid's quaternion). */
  readonly yaw: number;
}

/** One annotator's (one replica's, one lane's) boxes of a scene: frame id to the boxes in that frame. */
export interface AnnotatorLabels {
  readonly annotator: string;
  readonly frames: Readonly<Record<string, readonly AgreementBox[]>>;
}

/** The whole input of `computeAgreement`: the scene's frames in timeline order and every replica. */
export interface AgreementInput {
  /** Frame ids in the scene's order; track metrics walk them in this order. */
  readonly frameIds: readonly string[];
  readonly annotators: readonly AnnotatorLabels[];
}
