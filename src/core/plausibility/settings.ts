import { z } from 'zod';
import { text } from '../model/text';

/** Every rule the checks know, in the order a panel lists them. */
export const PLAUSIBILITY_RULES = [
  'track-size',
  'yaw-flip',
  'speed',
  'acceleration',
  'empty-box',
  'below-ground',
  'floating',
  'overlap',
  'required-attribute',
  'relation-ends',
  'box2d-projection',
  'point-time',
] as const;
export type PlausibilityRule = (typeof PLAUSIBILITY_RULES)[number];

const positive = z.number().positive();

/** "error" fails `cairn lint` (non-zero exit); "warning" is reported only. */
export const severitySchema = z.enum(['error', 'warning']);
export type Severity = z.output<typeof severitySchema>;

/** What each rule's findings are unless the ontology says otherwise: errors where a label is surely wrong. */
export const DEFAULT_SEVERITY: Readonly<Record<PlausibilityRule, Severity>> = {
  'track-size': 'warning',
  'yaw-flip': 'error',
  speed: 'error',
  acceleration: 'warning',
  'empty-box': 'error',
  'below-ground': 'error',
  floating: 'warning',
  overlap: 'error',
  'required-attribute': 'error',
  'relation-ends': 'error',
  // A 2D box drawn on the visible part of an occluded or cut-off object is right and still far from the amodal projection.
  'box2d-projection': 'warning',
  'point-time': 'warning',
};

/** Limits for one class (and, unless they set their own, its subclasses). */
export const classLimitsSchema = z.strictObject({
  classId: text(128, 1),
  /** Metres per second over the ground; faster between two keyframes is flagged. */
  maxSpeed: positive.optional(),
  /** Metres per second squared, from three consecutive keyframes. */
  maxAcceleration: positive.optional(),
  /** A box of this class holding fewer LiDAR points is flagged as empty. */
  minPoints: z.int().min(0).optional(),
  /** Things that may hang above the ground (a traffic sign, a bird) are not flagged as floating. */
  mayFloat: z.boolean().optional(),
  /**
   * Metres a box may lie from where its object was when the LiDAR saw it: speed × the time between
   * the box's frame and the median capture time of the points inside it.
   */
  pointTimeTolerance: positive.optional(),
});
export type ClassLimits = z.output<typeof classLimitsSchema>;

/**
 * The ontology's plausibility checks: which rules run and their thresholds. Every field has a
 * default, so an ontology without this block gets the checks as documented in docs/lint.md.
 */
export const plausibilitySettingsSchema = z.strictObject({
  disabled: z.array(z.enum(PLAUSIBILITY_RULES)).readonly().default([]),
  /** Severity per rule where it differs from DEFAULT_SEVERITY. */
  severity: z.partialRecord(z.enum(PLAUSIBILITY_RULES), severitySchema).default({}),
  /** Largest relative change of any edge from the track's median size (0.15: 15 %). */
  sizeTolerance: positive.max(10).default(0.15),
  /** Heading change between consecutive keyframes, in degrees, counted as a flip. */
  yawFlipDegrees: z.number().min(1).max(180).default(90),
  /** How far, in metres, a box's bottom may sink below the ground under it. */
  belowGround: positive.default(0.3),
  /** How far, in metres, a box's bottom may hang above the ground under it. */
  aboveGround: positive.default(0.5),
  /** 3D IoU above which two boxes of one frame are flagged as overlapping. */
  overlapIou: z.number().min(0).max(1).default(0.1),
  /** Default for classes without their own minPoints. */
  minPoints: z.int().min(0).default(5),
  /** IoU with the projection of its linked 3D box below which a drawn 2D box is flagged. */
  projectionIou: z.number().min(0).max(1).default(0.5),
  /** Default for classes without their own pointTimeTolerance, metres. */
  pointTimeTolerance: positive.default(0.5),
  classes: z.array(classLimitsSchema).readonly().default([]),
});
export type PlausibilitySettings = z.output<typeof plausibilitySettingsSchema>;
export type PlausibilitySettingsInput = z.input<typeof plausibilitySettingsSchema>;

export const DEFAULT_PLAUSIBILITY: PlausibilitySettings = plausibilitySettingsSchema.parse({});
