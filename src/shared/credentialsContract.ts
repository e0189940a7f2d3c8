import { z } from 'zod';
import { text } from './text';

/**
 * S3 settings saved in the host (issue 11): the renderer sends credentials once and gets back only
 * what identifies them (the key id's first and last four characters, or a profile's name), never
 * a secret. Joined into the contract by contract.ts.
 */

const summarySchema = z.strictObject({
  location: z.string(),
  endpoint: z.string().nullable(),
  region: z.string().nullable(),
  credentials: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('keys'), keyId: z.string().max(16), sessionToken: z.boolean() }),
    z.strictObject({ kind: z.literal('profile'), profile: z.string() }),
  ]),
});

export const savedCredentialsSchema = z.strictObject({
  /** How saved credentials are kept on this host, said plainly in the UI. */
  protection: z.strictObject({ encrypted: z.boolean(), where: z.string(), plaintextNeedsConsent: z.boolean() }),
  stores: z.array(summarySchema).max(1000),
});

export const credentialsCalls = {
  /** The S3 stores with saved settings, and how they are kept (no secret in it). */
  'credentials.list': { input: z.strictObject({}), output: savedCredentialsSchema },
  /**
   * Saves an S3 store's endpoint, region and credentials (keys, or an AWS profile's name) in the
   * host; they take precedence over the environment and the AWS chain for that store (and every
   * prefix under it). `allowPlaintext`: the user accepts keeping them unencrypted where the OS
   * offers no encryption.
   */
  'credentials.saveS3': {
    input: z.strictObject({
      location: text(4096, 1),
      endpoint: text(2048, 1).optional(),
      region: text(64, 1).optional(),
      accessKeyId: text(256, 1).optional(),
      secretAccessKey: text(1024, 1).optional(),
      sessionToken: text(8192, 1).optional(),
      profile: text(256, 1).optional(),
      allowPlaintext: z.boolean().optional(),
    }),
    output: savedCredentialsSchema,
  },
  /** Forgets a store's saved settings: it falls back to the environment and the AWS chain. */
  'credentials.removeS3': { input: z.strictObject({ location: text(4096, 1) }), output: savedCredentialsSchema },
} as const;
