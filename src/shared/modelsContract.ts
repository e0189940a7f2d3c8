import { z } from 'zod';
import { PROPOSALS_PER_FRAME_MAX, proposalSchema } from '../core/models/proposals/proposal';
import { text } from './text';

/** The calls of models and proposals (issue 13, running models locally), joined into the contract by contract.ts. */

/** The most generators a workspace lists: the built-in ones and every registered model. */
export const GENERATORS_MAX = 1000;

export const generatorInfoSchema = z.strictObject({
  generatorId: text(64, 1),
  kind: z.enum(['detect2d-lift', 'pillars', 'cluster-boxes']),
  name: z.string(),
  version: z.string(),
  sha256: z.string().nullable(),
  file: z.string().nullable(),
  /** A split 3D detector's second graph (backbone and head). */
  rpnFile: z.string().nullable(),
  builtIn: z.boolean(),
  classes: z.array(z.string()).max(10_000),
  scoreThreshold: z.number().nullable(),
  registeredAt: z.number().nullable(),
});

/** The most frames `models.proposalFrames` names; a scene with more holding proposals is answered `truncated`. */
export const PROPOSAL_FRAMES_MAX = 100_000;

const frameRef = { sceneId: z.uuid(), frameId: z.uuid() };

export const modelsCalls = {
  /** The proposal generators: the built-in classical one first, then the models registered in the workspace. */
  'models.list': { input: z.strictObject({}), output: z.strictObject({ generators: z.array(generatorInfoSchema).max(GENERATORS_MAX) }) },
  /**
   * Registers an ONNX file (an absolute path on the host) with its model card: the card is
   * checked, the model opened and checked against it, its SHA-256 recorded. The file stays where it is.
   * A split 3D detector (card task detect3d) gives its pillar feature net as modelFile and its
   * backbone and head as rpnFile.
   */
  'models.register': {
    input: z.strictObject({ modelFile: text(4096, 1), cardFile: text(4096, 1), rpnFile: text(4096, 1).optional() }),
    output: generatorInfoSchema,
  },
  /** Forgets a registered model (its file is left alone; proposals already accepted keep their provenance). */
  'models.remove': { input: z.strictObject({ generatorId: z.uuid() }), output: z.strictObject({ removed: z.boolean() }) },
  /** Runs a generator on one frame as a job (progress, cancel through `jobs.cancel`); its proposals follow `job.finished`. */
  'models.run': {
    input: z.strictObject({ ...frameRef, generatorId: text(64, 1), scoreThreshold: z.number().min(0).max(1).optional() }),
    output: z.strictObject({ jobId: z.uuid() }),
  },
  /** The frame's open proposals, from every generator run on it (rejected ones gone; accepted ones stay, linked from their tracks). */
  'models.proposals': { input: z.strictObject(frameRef), output: z.strictObject({ proposals: z.array(proposalSchema).max(4 * PROPOSALS_PER_FRAME_MAX) }) },
  /**
   * The frames of a scene holding proposals, in frame-id order: with `proposals.changed`, what a
   * client needs to know that a frame has none without asking for each. `truncated` when more
   * than PROPOSAL_FRAMES_MAX frames hold some (those past it are not named).
   */
  'models.proposalFrames': {
    input: z.strictObject({ sceneId: z.uuid() }),
    output: z.strictObject({ frameIds: z.array(z.uuid()).max(PROPOSAL_FRAMES_MAX), truncated: z.boolean() }),
  },
  /** Rejects proposals of a frame: they are dropped for every client. */
  'models.reject': {
    input: z.strictObject({ ...frameRef, proposalIds: z.array(z.uuid()).min(1).max(4 * PROPOSALS_PER_FRAME_MAX) }),
    output: z.strictObject({ rejected: z.int().nonnegative() }),
  },
} as const;

export const modelsEvents = {
  /** The set of a frame's proposals changed: a run stored its proposals, or a reject dropped some. */
  'proposals.changed': z.strictObject(frameRef),
} as const;
