import type { Operation } from '../../../core/editor/changes';
import { revisionOperation, type Provenance, type RawData } from '../../../core/revisions';
import type { SigningKey } from '../revisions/keyFiles';
import { revisionObject } from '../revisions/signedObjects';
import type { StoredOperation } from '../workspace/annotationRepository';
import type { Workspace } from '../workspace/workspace';
import type { KeptRevision } from './syncLog';

/** The most operations one revision carries (the revision schema's limit). */
const MAX_OPERATIONS = 10_000;
const PAGE = 1000;

export interface LocalCommit {
  /** The revisions made, parents first. */
  readonly revisions: readonly (KeptRevision & { parents: readonly string[] })[];
  /** Operations put into them. */
  readonly operations: number;
}

/**
 * Puts the operations this workspace's users made since the last commit into signed revisions,
 * one chain per scene, each built on the scene's current heads (in the scene's lane where the
 * workspace's key was assigned one). The operations the sync itself
 * wrote (others' work merged in) are skipped: they are already someone's revision. The revisions
 * and the log's new watermark are kept in one transaction.
 */
export function commitLocalRevisions(
  workspace: Workspace,
  key: SigningKey,
  options: {
    ontologyVersion: number;
    now: number;
    /** The revisions a scene's new chain builds on; default the heads the workspace last merged. */
    parentsOf?: (sceneId: string) => readonly string[];
    /** Lineage of a scene's frames (see pendingFrames), recorded in each revision for the frames it touches. */
    rawDataOf?: (sceneId: string) => ReadonlyMap<string, RawData[number]> | undefined;
  },
): LocalCommit {
  const lanes = workspace.sync.lanes();
  const log = workspace.sync;
  // Read and write under one write lock: a second process syncing the same workspace (the app and
  // `cairn sync`) waits, then sees the moved watermark, so no edit goes into two revisions.
  return log.transaction(() => {
    const from = log.revisedSeq();
    const byScene = new Map<string, StoredOperation[]>();
    let last = from;
    for (;;) {
      const page = workspace.annotations.operationsSince(last, PAGE);
      if (page.length === 0) break;
      for (const op of page) {
        last = op.seq;
        if (log.isApplied(op.opId)) continue;
        const list = byScene.get(op.sceneId) ?? [];
        list.push(op);
        byScene.set(op.sceneId, list);
      }
    }
    if (last === from) return { revisions: [], operations: 0 };
    const revisions: (KeptRevision & { parents: string[] })[] = [];
    let operations = 0;
    for (const [sceneId, ops] of byScene) {
      let parents = [...(options.parentsOf?.(sceneId) ?? log.heads(sceneId))];
      for (let i = 0; i < ops.length; i += MAX_OPERATIONS) {
        const chunk = ops.slice(i, i + MAX_OPERATIONS);
        const rawData = rawDataFor(chunk, options.rawDataOf?.(sceneId));
        const made = signRevision(key, { sceneId, parents, operations: chunk, ontologyVersion: options.ontologyVersion, createdAt: options.now, lane: lanes.get(sceneId), rawData });
        revisions.push(made);
        parents = [made.address];
        operations += chunk.length;
      }
      // The new chain descends from the scene's previous heads, so its tip is now the only one.
      log.setHeads(sceneId, parents);
    }
    log.add(revisions, last);
    return { revisions, operations };
  });
}

/** The frames whose records the operations not yet in a revision touch, per scene: what their lineage needs hashed. */
export function pendingFrames(workspace: Workspace): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let last = workspace.sync.revisedSeq();
  for (;;) {
    const page = workspace.annotations.operationsSince(last, PAGE);
    if (page.length === 0) return out;
    for (const op of page) {
      last = op.seq;
      if (workspace.sync.isApplied(op.opId)) continue;
      const frames = out.get(op.sceneId) ?? new Set<string>();
      for (const frameId of framesOf(op)) frames.add(frameId);
      out.set(op.sceneId, frames);
    }
  }
}

export function framesOf(op: Pick<Operation, 'changes'>): Set<string> {
  const frames = new Set<string>();
  for (const c of op.changes) for (const r of [c.before, c.after]) if (r) frames.add(r.frameId);
  return frames;
}

export function rawDataFor(ops: readonly Operation[], known: ReadonlyMap<string, RawData[number]> | undefined): RawData | undefined {
  if (!known) return undefined;
  const frames = new Set(ops.flatMap((op) => [...framesOf(op)]));
  const out = [...frames].sort().flatMap((f) => known.get(f) ?? []);
  return out.length ? out : undefined;
}

/** What a person's edit is recorded as: the editor action that made it. */
export function humanProvenance(op: Pick<Operation, 'label'>): Provenance {
  return { kind: 'human', tool: op.label.trim().slice(0, 128) || 'edit' };
}

/**
 * What an operation is recorded as: accepting proposals (every track it makes linked to one, all
 * from one model) is the model's work, named by its hash and settings; anything else a person's.
 */
export function operationProvenance(op: Pick<Operation, 'label' | 'trackSettings'>): Provenance {
  const made = op.trackSettings?.filter((t) => t.before === null) ?? [];
  const links = made.map((t) => t.after?.proposal);
  const first = links[0];
  if (!first || links.some((l) => !l || l.model.sha256 !== first.model.sha256)) return humanProvenance(op);
  return { kind: 'model', name: first.model.name.slice(0, 256), version: first.model.version.slice(0, 128), sha256: first.model.sha256, parameters: { generator: first.generator, ...first.parameters, at: first.at } };
}

/** A signed revision of `operations`, as the store keeps it. */
export function signRevision(
  key: SigningKey,
  what: { sceneId: string; parents: readonly string[]; operations: readonly Operation[]; ontologyVersion: number; createdAt: number; message?: string; lane?: string; rawData?: RawData },
): KeptRevision & { parents: string[] } {
  const parents = [...what.parents].sort();
  const object = revisionObject(key, {
    parents,
    createdAt: what.createdAt,
    ontologyVersion: what.ontologyVersion,
    sceneId: what.sceneId,
    operations: what.operations.map((op) => revisionOperation(op, operationProvenance(op))),
    message: what.message ?? describe(what.operations),
    ...(what.lane === undefined ? {} : { lane: what.lane }),
    ...(what.rawData?.length ? { rawData: what.rawData } : {}),
  });
  return { address: object.address, author: key.keyId, sceneId: what.sceneId, createdAt: what.createdAt, text: object.text, local: true, pushed: false, parents };
}

function describe(ops: readonly Operation[]): string {
  const labels = [...new Set(ops.map((o) => o.label))];
  const shown = labels.slice(0, 5).join(', ');
  return `${ops.length} edit${ops.length === 1 ? '' : 's'}: ${shown}${labels.length > 5 ? ', …' : ''}`.slice(0, 4096);
}
