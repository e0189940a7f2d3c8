import { z } from 'zod';
import type { TrackInterpolation } from '../annotations/kind';
import { canonicalJson } from '../model/annotation';
import { text } from '../model/text';

/**
 * Where a track was copied from. It is kept on the track, not on each record: ground truth is
 * paired with an annotation per object (its identity across frames), one row a track costs
 * nothing per frame, an edit of a keyframe does not rewrite it, and the records keep the shape
 * every kind shares. A later comparison pairs, frame by frame, this track's box with the ground
 * truth box of the same object (its trackId where the dataset has one, else its objectId).
 */
export const groundTruthSourceSchema = z
  .strictObject({
    /** The ground-truth object (per box, or per track in datasets that reuse it across frames). */
    groundTruthObjectId: z.uuid(),
    /** The dataset's identity of the object across frames (a KITTI tracking id, a nuScenes instance). */
    groundTruthTrackId: text(256, 1).optional(),
    /** One box was copied, or the whole ground-truth track. */
    copied: z.enum(['box', 'track']),
  })
  .readonly();

/**
 * The proposal a track was accepted from: the generator's run as its provenance named it (model by
 * hash, settings, time) and what it proposed (class, score). Kept on the track for the reasons the
 * ground-truth source is; an edit of the box later makes it a person's annotation that keeps this link.
 */
export const proposalLinkSchema = z
  .strictObject({
    proposalId: z.uuid(),
    generator: text(64, 1),
    model: z.strictObject({
      name: text(256, 1),
      version: text(256, 1),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be a SHA-256 hash: 64 lowercase hex digits' }),
      file: text(256, 1),
    }),
    parameters: z.record(text(128, 1), z.union([text(4096), z.number(), z.boolean(), z.null()])),
    /** ISO 8601, when the run started. */
    at: text(64, 1),
    classId: text(128, 1).nullable(),
    score: z.number().min(0).max(1).nullable(),
  })
  .readonly();

/** What belongs to a track rather than to any one of its keyframes. Absent fields take the defaults. */
export const trackSettingsSchema = z
  .strictObject({
    /** The centre's path between keyframes; linear when absent. */
    centre: z.enum(['linear', 'catmull-rom']).optional(),
    /** 'locked' (when absent): one size for the whole track; 'linear': blended between keyframes. */
    size: z.enum(['locked', 'linear']).optional(),
    source: groundTruthSourceSchema.optional(),
    proposal: proposalLinkSchema.optional(),
  })
  .readonly();

export type TrackSettings = z.output<typeof trackSettingsSchema>;
export type GroundTruthSource = z.output<typeof groundTruthSourceSchema>;
export type ProposalLink = z.output<typeof proposalLinkSchema>;

/** One track's settings changing; null before = first set, null after = removed. */
export interface TrackSettingsChange {
  readonly trackId: string;
  readonly before: TrackSettings | null;
  readonly after: TrackSettings | null;
}

export const NO_TRACK_SETTINGS: TrackSettings = {};

/** The most tracks one page of settings holds (`tracks.list`): a track's settings are a few hundred bytes at most. */
export const TRACK_PAGE_MAX = 2000;

/** How a track with these settings interpolates. */
export function interpolationOf(settings: TrackSettings | undefined): TrackInterpolation {
  return { centre: settings?.centre ?? 'linear', size: settings?.size ?? 'locked' };
}

export function sameTrackSettings(a: TrackSettings | null, b: TrackSettings | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return canonicalJson(a) === canonicalJson(b);
}

export function invertTrackSettingsChanges(changes: readonly TrackSettingsChange[]): TrackSettingsChange[] {
  return changes
    .slice()
    .reverse()
    .map((c) => ({ trackId: c.trackId, before: c.after, after: c.before }));
}

/** One change per track: first before, last after; no-ops dropped. */
export function squashTrackSettingsChanges(changes: readonly TrackSettingsChange[]): TrackSettingsChange[] {
  const byId = new Map<string, { before: TrackSettings | null; after: TrackSettings | null }>();
  for (const c of changes) {
    const prev = byId.get(c.trackId);
    if (prev) prev.after = c.after;
    else byId.set(c.trackId, { before: c.before, after: c.after });
  }
  const out: TrackSettingsChange[] = [];
  for (const [trackId, { before, after }] of byId) if (!sameTrackSettings(before, after)) out.push({ trackId, before, after });
  return out;
}
