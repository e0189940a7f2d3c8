import { randomUUID } from 'node:crypto';
import type { AnnotationChange, Operation } from '../../../core/editor/changes';
import { canonicalJson, type AnnotationRecord } from '../../../core/model/annotation';
import type { MergedState } from '../../../core/sync';
import type { TrackSettings, TrackSettingsChange } from '../../../core/tracks/trackSettings';
import type { Workspace } from '../workspace/workspace';

/** The author the workspace's log names for what the sync wrote: others' work, merged in. */
export const SYNC_AUTHOR = 'shared store';
export const SYNC_LABEL = 'Merged from the shared store';
/** The most changes one operation holds (the operation schema's limit). */
const MAX_CHANGES = 10_000;

/**
 * Brings a scene of the workspace to the merged state: the differences become operations in the
 * workspace's log (so undo, the renderer and the log see them like any other), marked as the
 * sync's own so they are never republished as this workspace's edits; the scene's heads become the
 * merge's. All in one transaction.
 */
export function applyMergedState(workspace: Workspace, sceneId: string, merged: MergedState, now: number): { seq: number; op: Operation }[] {
  // Read and write under one write lock, so an edit from another process cannot land in between.
  return workspace.sync.transaction(() => applyInTransaction(workspace, sceneId, merged, now));
}

function applyInTransaction(workspace: Workspace, sceneId: string, merged: MergedState, now: number): { seq: number; op: Operation }[] {
  const current = new Map(workspace.annotations.listScene(sceneId).map((r) => [r.objectId, r]));
  const changes: AnnotationChange[] = [];
  for (const [objectId, record] of merged.records) {
    const have = current.get(objectId) ?? null;
    if (!have || canonicalJson(have) !== canonicalJson(record)) changes.push({ objectId, before: have, after: record as AnnotationRecord });
  }
  for (const [objectId, record] of current) if (!merged.records.has(objectId)) changes.push({ objectId, before: record, after: null });

  const tracks = currentTrackSettings(workspace, sceneId);
  const trackChanges: TrackSettingsChange[] = [];
  for (const [trackId, settings] of merged.trackSettings) {
    const have = tracks.get(trackId) ?? null;
    if (!have || canonicalJson(have) !== canonicalJson(settings)) trackChanges.push({ trackId, before: have, after: settings });
  }
  for (const [trackId, settings] of tracks) if (!merged.trackSettings.has(trackId)) trackChanges.push({ trackId, before: settings, after: null });
  if (changes.length === 0 && trackChanges.length === 0) {
    workspace.sync.setHeads(sceneId, merged.heads);
    return [];
  }

  const ops: Operation[] = [];
  for (let i = 0; i < Math.max(changes.length, trackChanges.length); i += MAX_CHANGES) {
    const c = changes.slice(i, i + MAX_CHANGES);
    const t = trackChanges.slice(i, i + MAX_CHANGES);
    ops.push({ opId: randomUUID(), sceneId, author: SYNC_AUTHOR, at: now, label: SYNC_LABEL, changes: c, ...(t.length ? { trackSettings: t } : {}) });
  }
  workspace.sync.setHeads(sceneId, merged.heads);
  return ops.map((op) => {
    const { seq } = workspace.annotations.apply(op);
    workspace.sync.markApplied(op.opId);
    return { seq, op };
  });
}

function currentTrackSettings(workspace: Workspace, sceneId: string): Map<string, TrackSettings> {
  const out = new Map<string, TrackSettings>();
  let after: string | undefined;
  for (;;) {
    const page = workspace.annotations.listTrackSettingsPage(sceneId, { afterTrackId: after, limit: 1000 });
    for (const t of page.tracks) out.set(t.trackId, t.settings);
    if (!page.lastTrackId) return out;
    after = page.lastTrackId;
  }
}
