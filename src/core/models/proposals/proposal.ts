import { z } from 'zod';
import { cuboidSchema } from '../../annotations/cuboid/schema';
import { text } from '../../model/text';
import { modelProvenanceSchema } from '../provenance';

/** The most proposals one frame keeps from one run: more would be noise, not pre-labels. */
export const PROPOSALS_PER_FRAME_MAX = 2000;

/**
 * A box a generator (a model, or a classical assist) proposes on one frame, in the frame's LiDAR
 * frame, with the run's provenance. It is not an annotation: a person accepts it (it becomes one,
 * linked to it), edits it afterwards, or rejects it.
 */
export const proposalSchema = z.strictObject({
  proposalId: z.uuid(),
  sceneId: z.uuid(),
  frameId: z.uuid(),
  /** The registered model's id, or the built-in generator's name. */
  generatorId: text(64, 1),
  /** The ontology class it proposes; null where the generator could not tell (a cluster of no road user's size). */
  classId: text(128, 1).nullable(),
  score: z.number().min(0).max(1).nullable(),
  cuboid: cuboidSchema,
  pointCount: z.int().nonnegative(),
  /** The camera whose detection it was lifted from (2D detectors); null for a generator on the scan alone. */
  sensorId: text(128, 1).nullable(),
  provenance: modelProvenanceSchema,
});

export type Proposal = z.output<typeof proposalSchema>;
