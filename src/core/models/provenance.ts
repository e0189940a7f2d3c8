import { z } from 'zod';

/**
 * Where a proposal came from, kept with it into the revision history: which model file (by
 * content hash, not by path: the same file moved is the same model), under which card and
 * settings, run by what, when.
 */
export const modelProvenanceSchema = z.object({
  generator: z.string().min(1),
  model: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The model file's name as the user chose it (for people; the hash identifies it). */
    file: z.string().min(1),
  }),
  /** The settings that shaped the result: thresholds, the card's decoder, lift parameters. */
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  runtime: z.object({ name: z.string().min(1), version: z.string().min(1), executionProviders: z.array(z.string().min(1)) }),
  /** ISO 8601, when the run started. */
  at: z.string().min(1),
});

export type ModelProvenance = z.infer<typeof modelProvenanceSchema>;
