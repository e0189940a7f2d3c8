import { z } from 'zod';
import { settingKeySchema, settingSchemas } from './settings';
import { sceneManifestSchema } from '../core/scene/manifest';
import { describeIssues } from './describeIssues';
import { TRACK_PAGE_MAX } from '../core/tracks/trackSettings';
import { annotationRecordSchema, migrationSchema, ontologySchema, operationSchema, trackSettingsSchema } from './schemas';
import { syncCalls, syncEvents } from './syncContract';
import { agreementCalls } from './agreementContract';
import { reviewCalls } from './reviewContract';
import { credentialsCalls } from './credentialsContract';
import { scenarioCalls } from './scenarioContract';
import { modelsCalls, modelsEvents } from './modelsContract';
import { inspectionCalls } from './inspectionContract';
import { roboticsCalls } from './roboticsContract';
import { text } from './text';
import { roleSchema } from '../core/revisions/schema';

/**
 * Every call and event between the UI and the host. Both transports (Electron IPC and the web
 * host's WebSocket) carry exactly these; inputs are validated on the host, outputs on the client.
 */

const empty = z.object({}).strict();

/** What a host lets its clients do: its mode and the role its workspace's key holds in the connected shared store. */
const accessSchema = z.object({
  mode: z.enum(['desktop', 'reviewer']),
  role: roleSchema.nullable(),
  canOpen: z.boolean(),
  canEdit: z.boolean(),
  canReview: z.boolean(),
});

const bounds = z.object({
  min: z.tuple([z.number(), z.number(), z.number()]).readonly(),
  max: z.tuple([z.number(), z.number(), z.number()]).readonly(),
});

/** A point cloud the host can stream as a Potree 2.0 octree (ready) or is building one for. */
const pointCloudInfoSchema = z.object({
  cloudId: z.string(),
  name: z.string(),
  /** Where it came from: a file path, a folder or a URL (credentials removed). */
  source: z.string(),
  status: z.enum(['ready', 'building', 'failed']),
  /** Resolve `metadata.json`, `hierarchy.bin`, `octree.bin` with the client's dataUrl. */
  storeId: z.string().optional(),
  points: z.number().int().nonnegative().optional(),
  bounds: bounds.optional(),
  /** CRS as WKT or EPSG where the source said. */
  projection: z.string().optional(),
  jobId: z.uuid().optional(),
  error: z.string().optional(),
  /** The point attributes the octree stores (`rgb`, `intensity`, `classification`, …). */
  attributes: z.array(z.string().max(64)).max(64).optional(),
  /** While building: a coarse octree of the same scan streams from storeId until the full one is ready. */
  preview: z.boolean().optional(),
});

const jobProgressSchema = z.object({
  jobId: z.uuid(),
  label: z.string(),
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
});
const sceneRef = z.object({ sceneId: z.uuid() }).strict();

const sceneSummarySchema = z.object({
  sceneId: z.uuid(),
  name: z.string(),
  frameCount: z.number().int(),
  kind: z.enum(['sequence', 'reconstruction']),
  /** Where its manifest was read from (a path or a URL without credentials). */
  source: z.string(),
});

const location = z.object({ location: text(4096, 1) }).strict();

/** The most records one page of `annotations.list` holds; the host also stops a page at a byte budget. */
export const ANNOTATION_PAGE_MAX_RECORDS = 2000;
/** What one page's records may add up to (UTF-8 JSON), so a page is a bounded message whatever the records hold. */
export const ANNOTATION_PAGE_MAX_BYTES = 4 << 20;
export { TRACK_PAGE_MAX };

/** More versions than this would mean a runaway publisher, not an ontology's history. */
export const ONTOLOGY_VERSIONS_MAX = 10_000;
/** How many flagged records one publish answer lists (a count covers the rest). */
export const ONTOLOGY_FLAGGED_MAX = 1000;

export const calls = {
  'app.info': {
    input: empty,
    output: z.object({
      version: z.string(),
      user: z.string(),
      workspaceDir: z.string(),
      shell: z.enum(['electron', 'web']),
      defaultSceneId: z.uuid(),
      /** A point cloud named at start-up (`cairn serve --open`): the app opens it as the Open dialog would. */
      cloudAtStart: z.string().optional(),
      /** What this host lets its clients do (it changes as the workspace's role in a shared store arrives: `access.changed`). */
      access: accessSchema,
    }),
  },
  /** The workspace's current ontology version, or an earlier one by number (a record's ontologyVersion names it). */
  'ontology.get': {
    input: z.strictObject({ version: z.int().positive().optional() }),
    output: ontologySchema,
  },
  /** Every version the workspace holds, oldest first; the last is current. */
  'ontology.versions': {
    input: empty,
    output: z.strictObject({
      ontologyId: z.string(),
      versions: z
        .array(z.strictObject({ version: z.int().positive(), name: z.string(), createdAt: z.int().nonnegative(), steps: z.int().nonnegative() }))
        .max(ONTOLOGY_VERSIONS_MAX),
    }),
  },
  /**
   * Publishes the next ontology version with the migration from the current one. Every annotation
   * of the workspace is migrated in one transaction (written to the operation log, announced as
   * `annotations.applied`); those a step could not carry over cleanly are listed in `flagged`
   * (the first ONTOLOGY_FLAGGED_MAX; `flaggedCount` counts all). `dryRun` writes nothing.
   */
  'ontology.publish': {
    input: z.strictObject({ ontology: ontologySchema, migration: migrationSchema, dryRun: z.boolean().optional() }),
    output: z.strictObject({
      version: z.int().positive(),
      migrated: z.int().nonnegative(),
      flaggedCount: z.int().nonnegative(),
      flagged: z.array(z.strictObject({ objectId: z.uuid(), sceneId: z.uuid(), reason: z.string() })).max(ONTOLOGY_FLAGGED_MAX),
    }),
  },
  'scene.list': { input: empty, output: z.array(sceneSummarySchema) },
  /**
   * Opens whatever a location names: a scene manifest, a dataset of scenes, or a folder holding
   * one (then `scenes`), else a point cloud or an octree (then `cloud`). A dataset opens every
   * scene it can and lists the others in `problems`.
   */
  'location.open': {
    input: location,
    output: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('scenes'), scenes: z.array(sceneSummarySchema).min(1), problems: z.array(z.string()) }),
      z.object({ kind: z.literal('cloud'), cloud: pointCloudInfoSchema }),
    ]),
  },
  'scene.open': {
    input: sceneRef,
    output: z.object({
      /** Names the store that holds the scene's files; resolve paths with the client's dataUrl. */
      storeId: z.string(),
      manifest: sceneManifestSchema,
    }),
  },
  /**
   * One page of a scene's annotations, in objectId order. Pass the answer's `nextCursor` back for
   * the next page; null means the scene has no more. A cursor stays valid while others write:
   * each record present throughout is listed exactly once.
   */
  'annotations.list': {
    input: z.strictObject({
      sceneId: z.uuid(),
      /** Opaque: a `nextCursor` from an earlier answer. */
      cursor: text(256, 1).optional(),
      limit: z.int().min(1).max(ANNOTATION_PAGE_MAX_RECORDS).optional(),
    }),
    output: z.strictObject({
      records: z.array(annotationRecordSchema).max(ANNOTATION_PAGE_MAX_RECORDS),
      nextCursor: z.string().nullable(),
    }),
  },
  'annotations.apply': {
    input: z.object({ clientId: text(64, 1), op: operationSchema }).strict(),
    output: z.object({ seq: z.number().int(), duplicate: z.boolean() }),
  },
  /**
   * One page of a scene's track settings (interpolation, size lock, ground-truth source), in
   * trackId order; a track not listed has the defaults. Paged like `annotations.list`. They change
   * through `annotations.apply` (an operation's trackSettings), so they undo and log with the records.
   */
  'tracks.list': {
    input: z.strictObject({
      sceneId: z.uuid(),
      cursor: text(256, 1).optional(),
      limit: z.int().min(1).max(TRACK_PAGE_MAX).optional(),
    }),
    output: z.strictObject({
      tracks: z.array(z.strictObject({ trackId: z.uuid(), settings: trackSettingsSchema })).max(TRACK_PAGE_MAX),
      nextCursor: z.string().nullable(),
    }),
  },
  'pointcloud.open': {
    input: location,
    output: pointCloudInfoSchema,
  },
  'pointcloud.list': { input: empty, output: z.array(pointCloudInfoSchema) },
  /** A setting of this workspace (key bindings, the layout), or null when it was never set. */
  'settings.get': {
    input: z.strictObject({ key: settingKeySchema }),
    output: z.object({ value: z.json().nullable() }),
  },
  /** Stores a setting of this workspace; the value must match that setting's schema. */
  'settings.set': {
    input: z
      .strictObject({ key: settingKeySchema, value: z.json() })
      .superRefine(({ key, value }, ctx) => {
        const parsed = settingSchemas[key].safeParse(value);
        for (const issue of parsed.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
      }),
    output: empty,
  },
  'jobs.cancel': {
    input: z.object({ jobId: z.uuid() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  ...syncCalls,
  ...agreementCalls,
  ...reviewCalls,
  ...credentialsCalls,
  ...scenarioCalls,
  ...modelsCalls,
  ...inspectionCalls,
  ...roboticsCalls,
} as const;

export const events = {
  /** What clients may do changed: the workspace's key got (or lost) a role in the connected shared store. */
  'access.changed': accessSchema,
  /** An operation was committed to the workspace (by any client); others apply it as remote. */
  'annotations.applied': z.object({ clientId: z.string(), seq: z.number().int(), op: operationSchema }),
  /** A new ontology version was published (its migrations arrive as `annotations.applied`); clients fetch it with `ontology.get`. */
  'ontology.published': z.object({ ontologyId: z.string(), version: z.int().positive() }),
  /** A cloud changed outside a call: a preview of a building scan can be streamed. */
  'pointcloud.changed': pointCloudInfoSchema,
  /** A long job advanced; sent at least once a second while it runs. */
  'job.progress': jobProgressSchema,
  'job.finished': z.object({
    jobId: z.uuid(),
    status: z.enum(['done', 'failed', 'cancelled']),
    message: z.string(),
    cloudId: z.string().optional(),
  }),
  ...syncEvents,
  ...modelsEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;

export const callNames = Object.keys(calls) as CallName[];

/**
 * The one list of error codes a client can see. `internal` is kept for real bugs: everything a
 * caller can cause has its own code and a message naming the field, file or location.
 */
export const errorCodes = [
  'invalid-input',
  'unknown-call',
  'not-found',
  'conflict',
  'unsupported',
  'busy',
  'forbidden',
  'unauthorized',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** An error that crosses the boundary: a stable code and a message meant for the user. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** Validates a call's input; a failure becomes an 'invalid-input' error naming the call and the fields. */
export function parseCallInput<K extends CallName>(name: K, input: unknown): z.output<Calls[K]['input']> {
  const result = calls[name].input.safeParse(input ?? {});
  if (!result.success) throw new ContractError('invalid-input', describeIssues(`${name}: invalid input`, result.error));
  return result.data as z.output<Calls[K]['input']>;
}

/**
 * A call's input that passed the schema but not a check only the host can make (an id that does
 * not exist): the same shape as a schema failure, the field's dotted path then the problem.
 */
export function invalidInput(name: CallName, path: string, problem: string): ContractError {
  return new ContractError('invalid-input', `${name}: invalid input: ${path}: ${problem}`);
}

export function parseCallOutput<K extends CallName>(name: K, output: unknown): CallOutput<K> {
  const result = calls[name].output.safeParse(output);
  if (!result.success) throw new ContractError('internal', describeIssues(`${name}: host returned an invalid result`, result.error));
  return result.data as CallOutput<K>;
}

export function parseEventPayload<K extends EventName>(name: K, payload: unknown): EventPayload<K> {
  const result = events[name].safeParse(payload);
  if (!result.success) throw new ContractError('invalid-input', describeIssues(`event ${name}: invalid payload`, result.error));
  return result.data as EventPayload<K>;
}
