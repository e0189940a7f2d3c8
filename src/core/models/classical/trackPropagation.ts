import type { PointArray } from '../../assist';
import { constantVelocityStep } from '../../annotations/cuboid/propagate';
import type { Cuboid } from '../../geometry/cuboid';
import type { Vec3 } from '../../geometry/vec3';
import { refitGuess } from '../../tracks/refitBox';
import { definedOnly } from './definedOnly';

/** "Tracking propagation": each track's box predicted onto the next frame and refitted to its points. */
export const TRACK_PROPAGATION = 'track-propagation';
/** Bumped whenever a change can change the boxes for the same tracks, points and settings. */
export const TRACK_PROPAGATION_VERSION = '1';

/** One box of a track, on the frame it was labelled on (frame numbers in the sequence's order). */
export interface TrackKeyframe {
  readonly frameIndex: number;
  readonly cuboid: Cuboid;
}

export interface TrackToPropagate {
  readonly trackId: string;
  readonly classId: string;
  /** Its keyframes, in any order; those on or after the frame propagated to are not used. */
  readonly keyframes: readonly TrackKeyframe[];
}

export interface TrackPropagationOptions {
  /** Where the scan was taken from, in the points' frame. Default the origin. */
  readonly sensor?: Vec3;
  /** How far the refit may move the box from the prediction. Default the refit's (half the box's length, 1.5 m at least). */
  readonly maxShift?: number;
  /**
   * The refitted box takes the fit's size only when the fit was confident: this many points or
   * more… Default 150. Fewer, and the track's own size (what annotators set on its keyframes) is kept.
   */
  readonly sizeMinPoints?: number;
  /**
   * …and a fit score of at least this. Default 0.3. The score falls as the seen extent departs
   * from the track's size, so a fit that should resize the track scores under 1 by construction (a
   * car seen whole 0.3 m longer and 0.1 m wider than the track scores 0.5); under 0.3, a seen
   * extent a third or more over the track's, the cluster more likely took in a neighbour.
   */
  readonly sizeMinScore?: number;
}

export const TRACK_PROPAGATION_DEFAULTS = { sizeMinPoints: 150, sizeMinScore: 0.3 } as const;

export interface TrackProposal {
  readonly trackId: string;
  readonly classId: string;
  readonly frameIndex: number;
  /** The proposed box: the prediction refitted to the frame's points, or the prediction itself. */
  readonly cuboid: Cuboid;
  /** The constant-velocity prediction the box was refitted from. */
  readonly predicted: Cuboid;
  /** 'velocity': from the last two keyframes; 'copy': the track had one keyframe before the frame. */
  readonly guess: 'copy' | 'velocity';
  /** Whether the frame's points moved the prediction (false: nothing there to fit, or the fit jumped to something else). */
  readonly refitted: boolean;
  /** Whether the box has the fit's size (a confident fit) rather than the track's. */
  readonly sizeFromFit: boolean;
  /** Points the refitted box was fitted to; 0 when not refitted. */
  readonly pointCount: number;
  /** 0–1: the fit's score when refitted; 0 for a bare prediction, which nothing in the scan confirmed. */
  readonly score: number;
}

/**
 * Where a track's box is expected on `frameIndex`: constant velocity from its last two keyframes
 * before it (the editor's propagate step, stretched over the frames in between), a copy of the
 * last when it has one; null when it has none before the frame.
 */
export function predictTrackBox(keyframes: readonly TrackKeyframe[], frameIndex: number): { readonly cuboid: Cuboid; readonly guess: 'copy' | 'velocity' } | null {
  const before = keyframes.filter((k) => k.frameIndex < frameIndex).sort((a, b) => a.frameIndex - b.frameIndex);
  const last = before.at(-1);
  if (!last) return null;
  const previous = before.at(-2);
  if (!previous) return { cuboid: last.cuboid, guess: 'copy' };
  // constantVelocityStep moves one frame on at the pace of keyframes `frames` apart: `frames`
  // scaled down by the frames ahead moves the whole way in one step.
  const ahead = frameIndex - last.frameIndex;
  return { cuboid: constantVelocityStep(previous.cuboid, last.cuboid, (last.frameIndex - previous.frameIndex) / ahead), guess: 'velocity' };
}

/** A predicted box refitted to a frame's points. */
export interface PredictionRefit {
  readonly cuboid: Cuboid;
  readonly sizeFromFit: boolean;
  readonly pointCount: number;
  readonly score: number;
}

/**
 * A predicted box moved onto the frame's points (interleaved x, y, z, … with `stride`, in the
 * frame the box is stated in) by the one-click fit, seeded on the object's point nearest the
 * predicted centre and completed to the predicted (the track's) size; the fit's own size only when
 * it is confident and `keepSize` is not set (a track whose size is locked). Null when there is
 * nothing to fit there, or the fit lands on something else (refitGuess).
 */
export function refitPrediction(points: PointArray, stride: number, predicted: Cuboid, options: TrackPropagationOptions & { readonly keepSize?: boolean } = {}): PredictionRefit | null {
  const o = { ...TRACK_PROPAGATION_DEFAULTS, ...definedOnly(options) };
  const fit = refitGuess(points, stride, predicted, { lockedSize: null, maxShift: options.maxShift, sensor: options.sensor });
  if (!fit) return null;
  const sizeFromFit = !options.keepSize && fit.pointCount >= o.sizeMinPoints && fit.score >= o.sizeMinScore;
  return { cuboid: sizeFromFit ? fit.cuboid : { ...fit.cuboid, size: predicted.size }, sizeFromFit, pointCount: fit.pointCount, score: fit.score };
}

/**
 * The proposal for one track on the frame whose points are given: its predicted box
 * (predictTrackBox) refitted to the points (refitPrediction), or the prediction itself where the
 * points do not confirm it. Null when the track has no keyframe before the frame.
 */
export function propagateTrack(points: PointArray, stride: number, track: TrackToPropagate, frameIndex: number, options: TrackPropagationOptions = {}): TrackProposal | null {
  const prediction = predictTrackBox(track.keyframes, frameIndex);
  if (!prediction) return null;
  const predicted = prediction.cuboid;
  const base = { trackId: track.trackId, classId: track.classId, frameIndex, predicted, guess: prediction.guess };
  const fit = refitPrediction(points, stride, predicted, options);
  if (!fit) return { ...base, cuboid: predicted, refitted: false, sizeFromFit: false, pointCount: 0, score: 0 };
  return { ...base, ...fit, refitted: true };
}

/** propagateTrack for every track that has a keyframe before `frameIndex` and none on it. */
export function propagateTracks(points: PointArray, stride: number, tracks: readonly TrackToPropagate[], frameIndex: number, options: TrackPropagationOptions = {}): TrackProposal[] {
  return tracks.flatMap((track) => {
    if (track.keyframes.some((k) => k.frameIndex === frameIndex)) return [];
    const proposal = propagateTrack(points, stride, track, frameIndex, options);
    return proposal ? [proposal] : [];
  });
}
