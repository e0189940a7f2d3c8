import { z } from 'zod';
import type { AgreementResult } from '../core/agreement';
import { syncStatusSchema } from './syncContract';
import { text } from './text';

/** The calls of agreement and consensus (issue 12), joined into the contract by contract.ts. */

export const agreementOptionsSchema = z.strictObject({
  metric: z.enum(['iou3d', 'bev', 'centre']).optional(),
  threshold: z.number().positive().max(100).optional(),
  classThresholds: z.record(text(128, 1), z.number().positive().max(100)).optional(),
  classAware: z.boolean().optional(),
  quorum: z.int().min(1).max(256).optional(),
  yawPeriod: z.enum(['full', 'half']).optional(),
});
export type AgreementOptionsInput = z.output<typeof agreementOptionsSchema>;

/**
 * The figures as core computes them (src/core/agreement AgreementResult): large and nested, and
 * made by the host itself, so the contract checks their shape's version, not every field.
 */
const agreementResultSchema = z.custom<AgreementResult>((v) => typeof v === 'object' && v !== null && (v as { version?: unknown }).version === 1 && Array.isArray((v as { pairs?: unknown }).pairs), {
  message: 'not an agreement result (version 1)',
});

export const agreementCalls = {
  /** Computes a scene's agreement over its blind replicas as a job (progress and cancel by jobs.cancel); its result is read with agreement.result. */
  'agreement.start': { input: z.strictObject({ sceneId: z.uuid(), options: agreementOptionsSchema.optional() }), output: z.strictObject({ jobId: z.uuid() }) },
  /** The scene's last computed agreement, with the replicas it compared; null before one was computed. */
  'agreement.result': {
    input: z.strictObject({ sceneId: z.uuid() }),
    output: z.strictObject({
      result: agreementResultSchema.nullable(),
      computedAt: z.number().nullable(),
      notes: z.array(z.string()).max(1000),
    }),
  },
  /** Writes the last result's consensus into the shared history (a revision naming every replica as a parent). */
  'agreement.consensus': {
    input: z.strictObject({ sceneId: z.uuid() }),
    output: z.strictObject({ changes: z.int().nonnegative(), needsReview: z.int().nonnegative(), status: syncStatusSchema }),
  },
} as const;
