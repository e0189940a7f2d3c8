import { z } from 'zod';
import { annotationRecordSchema } from '../annotations/registry';
import { timestampSchema } from '../annotations/recordFields';
import { text } from '../model/text';
import { trackSettingsSchema } from '../tracks/trackSettings';

/**
 * Hashes, key ids, public keys and signatures are lowercase hex: every byte of their text is
 * significant (base64's padding bits are not, so a flipped bit there could go unseen).
 */
const hex = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${2 * bytes}}$`), { error: `must be ${what}: ${2 * bytes} lowercase hex digits` });

/** A SHA-256 digest: a revision's address, a key's id (the hash of its public key), a model file's hash. */
export const sha256HexSchema = hex(32, 'a SHA-256 hash');
export const publicKeyHexSchema = hex(32, 'a raw Ed25519 public key');
export const signatureHexSchema = hex(64, 'an Ed25519 signature');

export const ROLES = ['annotator', 'reviewer', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.output<typeof roleSchema>;

const authorSchema = z.strictObject({ keyId: sha256HexSchema }).readonly();

/** Where a change came from: a person with a tool, interpolation between keyframes, or a model run. */
export const provenanceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('human'), tool: text(128, 1) }).readonly(),
  z.strictObject({ kind: z.literal('interpolation') }).readonly(),
  z
    .strictObject({
      kind: z.literal('model'),
      name: text(256, 1),
      version: text(128, 1),
      /** The hash of the model file that ran, so a label can be traced to the exact weights. */
      sha256: sha256HexSchema,
      parameters: z.record(text(128, 1), z.json()),
    })
    .readonly(),
]);
export type Provenance = z.output<typeof provenanceSchema>;

/** One record's transition as the editor made it (src/core/editor/changes.ts), with its provenance. */
export const revisionChangeSchema = z
  .strictObject({
    objectId: z.uuid(),
    before: annotationRecordSchema.nullable(),
    after: annotationRecordSchema.nullable(),
    provenance: provenanceSchema,
  })
  .readonly();

export const revisionTrackSettingsChangeSchema = z
  .strictObject({
    trackId: z.uuid(),
    before: trackSettingsSchema.nullable(),
    after: trackSettingsSchema.nullable(),
    provenance: provenanceSchema,
  })
  .readonly();

/** One editor operation (one undo step), as the revision log carries it. */
export const revisionOperationSchema = z
  .strictObject({
    opId: z.uuid(),
    label: text(256),
    at: timestampSchema,
    changes: z.array(revisionChangeSchema).max(100_000),
    trackSettings: z.array(revisionTrackSettingsChangeSchema).max(100_000).optional(),
  })
  .readonly();

/**
 * The raw data a revision's labels were made on, per frame its records touch: the SHA-256 of each
 * raw file (the LiDAR sweeps and images, by the manifest's stream id and path) and the calibration
 * version (the SHA-256 of the canonical calibration the frame used: sensors' extrinsics and
 * intrinsics with the frame's own overrides). A file that could not be read then is left out.
 */
export const rawDataSchema = z
  .array(
    z
      .strictObject({
        frameId: z.uuid(),
        files: z.array(z.strictObject({ stream: text(256, 1), path: text(4096, 1), sha256: sha256HexSchema }).readonly()).max(256),
        calibration: sha256HexSchema,
      })
      .readonly(),
  )
  .max(100_000);
export type RawData = z.output<typeof rawDataSchema>;

export const MAX_PARENTS = 256;

/**
 * A revision: what is hashed and signed. Its address is the SHA-256 of canonicalText(body); the
 * author signs the same bytes. Parents are addresses, so the history is a hash chain.
 */
export const revisionBodySchema = z
  .strictObject({
    format: z.literal('cairn.revision'),
    version: z.literal(1),
    parents: z.array(sha256HexSchema).max(MAX_PARENTS),
    author: authorSchema,
    createdAt: timestampSchema,
    ontologyVersion: z.int().positive(),
    sceneId: z.uuid(),
    operations: z.array(revisionOperationSchema).max(10_000),
    message: text(4096),
    /**
     * The assignment lane of a blind replica (the same frames given to several annotators): the
     * merge keeps each lane apart from the others and from the shared history (src/core/sync).
     * Absent: the shared history.
     */
    lane: text(128, 1).optional(),
    /** Lineage: the raw files and calibration its labels were made on. Absent in revisions made before it was recorded. */
    rawData: rawDataSchema.optional(),
  })
  .readonly()
  .superRefine((body, ctx) => {
    // A revision is of one scene: a record of another scene inside it would be applied where it does not belong.
    body.operations.forEach((op, i) =>
      op.changes.forEach((c, j) => {
        for (const side of ['before', 'after'] as const) {
          const record = c[side];
          if (record && record.sceneId !== body.sceneId) {
            ctx.addIssue({ code: 'custom', path: ['operations', i, 'changes', j, side, 'sceneId'], message: `is not the revision's scene ${body.sceneId}` });
          }
          if (record && record.objectId !== c.objectId) {
            ctx.addIssue({ code: 'custom', path: ['operations', i, 'changes', j, side, 'objectId'], message: `is not the change's object ${c.objectId}` });
          }
        }
      }),
    );
  });
export type RevisionBody = z.output<typeof revisionBodySchema>;

/** An admin's grant of a role to a public key, from a time on. The store's root admin signs its own. */
export const keyRegisterBodySchema = z
  .strictObject({
    format: z.literal('cairn.key'),
    version: z.literal(1),
    action: z.literal('register'),
    keyId: sha256HexSchema,
    publicKey: publicKeyHexSchema,
    role: roleSchema,
    /** Who holds the key, for people reading a history. */
    name: text(256),
    validFrom: timestampSchema,
    author: authorSchema,
    createdAt: timestampSchema,
  })
  .readonly();

/**
 * An admin's revocation: the key's objects made at or after revokedAt are refused. A key known to
 * be stolen is revoked from before the theft, since its thief can date objects as they like.
 */
export const keyRevokeBodySchema = z
  .strictObject({
    format: z.literal('cairn.key'),
    version: z.literal(1),
    action: z.literal('revoke'),
    keyId: sha256HexSchema,
    revokedAt: timestampSchema,
    reason: text(1024),
    author: authorSchema,
    createdAt: timestampSchema,
  })
  .readonly();

export const keyRecordBodySchema = z.discriminatedUnion('action', [keyRegisterBodySchema, keyRevokeBodySchema]);
export type KeyRecordBody = z.output<typeof keyRecordBodySchema>;
export type KeyRegisterBody = z.output<typeof keyRegisterBodySchema>;

/** A writer's head: the revisions it last built on. Signed, so nobody else can roll it back. */
export const headBodySchema = z
  .strictObject({
    format: z.literal('cairn.head'),
    version: z.literal(1),
    author: authorSchema,
    heads: z.array(sha256HexSchema).max(MAX_PARENTS),
    createdAt: timestampSchema,
  })
  .readonly();
export type HeadBody = z.output<typeof headBodySchema>;

export const MAX_RELEASE_HEADS = 100_000;

/**
 * A release: a reviewed snapshot of the store, number n of a log in which each names the one
 * before it (by the SHA-256 of its canonical body), so the log is a hash chain like a history.
 * Signed by a reviewer or an admin; written create-only, so two publishers never both take n.
 */
export const releaseBodySchema = z
  .strictObject({
    format: z.literal('cairn.release'),
    version: z.literal(1),
    number: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** The address of release number - 1; null for release 1. */
    previous: sha256HexSchema.nullable(),
    /** The revisions it snapshots (each writer's head as reviewed): the state is these and their ancestors. */
    heads: z.array(sha256HexSchema).max(MAX_RELEASE_HEADS),
    author: authorSchema,
    createdAt: timestampSchema,
    message: text(4096),
  })
  .readonly()
  .refine((body) => (body.number === 1) === (body.previous === null), { message: 'release 1 and only release 1 has no previous release', path: ['previous'] });
export type ReleaseBody = z.output<typeof releaseBodySchema>;

/** Every signed object as stored: its body and the author's signature over canonicalText(body). */
export const signedEnvelopeSchema = z.strictObject({
  body: z.record(z.string(), z.unknown()),
  signature: signatureHexSchema,
});
export type SignedEnvelope = z.output<typeof signedEnvelopeSchema>;

/** The store's own description: which key is its root admin (the trust anchor unless the reader pins one). */
export const storeConfigSchema = z
  .strictObject({
    format: z.literal('cairn.store'),
    version: z.literal(1),
    rootKeyId: sha256HexSchema,
  })
  .readonly();
export type StoreConfig = z.output<typeof storeConfigSchema>;
