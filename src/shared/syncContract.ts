import { z } from 'zod';
import { FINDING_STATUSES, type FindingStatus } from '../core/revisions/findings';
import { annotationRecordSchema } from '../core/annotations/registry';
import { provenanceSchema, publicKeyHexSchema, rawDataSchema, roleSchema, sha256HexSchema } from '../core/revisions/schema';
import { text } from './text';

/** The calls and events of the shared-store sync (issue 11), joined into the contract by contract.ts. */

const empty = z.object({}).strict();

export const syncStatusSchema = z.strictObject({
  location: z.string().nullable(),
  state: z.enum(['off', 'syncing', 'idle', 'offline', 'unregistered', 'no-store', 'error']),
  message: z.string(),
  keyId: sha256HexSchema,
  publicKey: publicKeyHexSchema,
  role: roleSchema.nullable(),
  capabilities: z.strictObject({ list: z.boolean(), write: z.boolean(), rangeRead: z.boolean(), conditionalWrite: z.boolean() }).nullable(),
  ahead: z.strictObject({ operations: z.int().nonnegative(), revisions: z.int().nonnegative() }),
  behind: z.int().nonnegative(),
  conflicts: z.int().nonnegative(),
  excluded: z.int().nonnegative(),
  findings: z.array(z.strictObject({ path: z.string(), status: z.enum(FINDING_STATUSES as readonly FindingStatus[] as [FindingStatus, ...FindingStatus[]]), message: z.string() })).max(100),
  lastSyncAt: z.number().nullable(),
  progress: z.strictObject({ phase: z.enum(['registry', 'pull', 'merge', 'push']), done: z.int().nonnegative(), total: z.int().nonnegative() }).nullable(),
});
export type SyncStatus = z.output<typeof syncStatusSchema>;

/** Who wrote a value: the revision, its author's key and name as the store registered them. */
const writeSchema = z.strictObject({
  revision: sha256HexSchema,
  author: sha256HexSchema,
  authorName: z.string(),
  createdAt: z.number(),
  provenance: provenanceSchema,
});

export const conflictSchema = z.strictObject({
  entity: z.enum(['object', 'track']),
  id: z.uuid(),
  kind: z.enum(['field', 'delete-edit']),
  field: z.string(),
  values: z.array(writeSchema.extend({ value: z.json().nullable() })).min(2).max(64),
  provisional: z.json().nullable(),
});

/** The most revisions one object's history answer lists (the newest are kept). */
export const HISTORY_MAX = 2000;

export const objectHistorySchema = z.strictObject({
  touches: z
    .array(
      writeSchema.extend({
        role: roleSchema.nullable(),
        message: z.string(),
        label: z.string(),
        at: z.number(),
        lane: z.string().nullable(),
        /** The raw files (content hashes) and calibration version the change was made on; null where the revision recorded none. */
        rawData: rawDataSchema.element.nullable(),
        before: annotationRecordSchema.nullable(),
        after: annotationRecordSchema.nullable(),
        /** The fields this change wrote, as people read them ('classId', 'cuboid.center', 'attributes.occluded'). */
        fields: z.array(z.string()).max(1000),
      }),
    )
    .max(HISTORY_MAX),
  /** Per field, the revision(s) whose value is shown now (several where it is conflicted). */
  blame: z.array(z.strictObject({ field: z.string(), value: z.json().nullable(), conflicted: z.boolean(), writes: z.array(writeSchema).max(64) })).max(1000),
});

export const syncCalls = {
  /** Where the workspace stands with its shared store. */
  'sync.status': { input: empty, output: syncStatusSchema },
  /** Joins the store at a location (a folder, s3://bucket/prefix, https://) and syncs once. */
  'sync.connect': { input: z.strictObject({ location: text(4096, 1) }), output: syncStatusSchema },
  'sync.disconnect': { input: empty, output: syncStatusSchema },
  /** Syncs now (the host also syncs in the background while connected). */
  'sync.now': { input: empty, output: syncStatusSchema },
  /** Makes a new store at the connected location, with this workspace's key as its root admin. */
  'sync.createStore': { input: z.strictObject({ name: text(256, 1) }), output: syncStatusSchema },
  /** An admin registers someone's key with a role (their workspace shows its public key). */
  'sync.registerKey': {
    input: z.strictObject({ publicKey: publicKeyHexSchema, role: roleSchema, name: text(256, 1) }),
    output: syncStatusSchema,
  },
  /** A scene's unresolved conflicts: concurrent writes of one field, every side with its author. */
  'sync.conflicts': { input: z.strictObject({ sceneId: z.uuid() }), output: z.array(conflictSchema).max(10_000) },
  /** Resolves a conflict by keeping one side's value, as a new signed revision that descends from every side. */
  'sync.resolve': {
    input: z.strictObject({ sceneId: z.uuid(), entity: z.enum(['object', 'track']), id: z.uuid(), field: text(256, 0), keep: sha256HexSchema }),
    output: syncStatusSchema,
  },
  /** Publishes a reviewed snapshot of every scene's shared history as the store's next numbered release (reviewers and admins). */
  'sync.release': {
    input: z.strictObject({ message: text(4096, 1) }),
    output: z.strictObject({ number: z.int().positive(), address: sha256HexSchema, heads: z.array(sha256HexSchema).max(256) }),
  },
  /** Who changed an object, when, with what (tool or model), and who set each field now shown (blame). */
  'sync.history': { input: z.strictObject({ sceneId: z.uuid(), objectId: z.uuid() }), output: objectHistorySchema },
  /** Brings an object back to what it was at one of its revisions, as a new signed revision. */
  'sync.revert': { input: z.strictObject({ sceneId: z.uuid(), objectId: z.uuid(), toRevision: sha256HexSchema }), output: syncStatusSchema },
} as const;

export const syncEvents = {
  /** The sync's state changed (progress, a cycle's end, offline). */
  'sync.status': syncStatusSchema,
} as const;
