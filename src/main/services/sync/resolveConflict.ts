import { randomUUID } from 'node:crypto';
import type { Operation } from '../../../core/editor/changes';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { changeToReach, type Conflict, type MergedState } from '../../../core/sync';
import { withField } from '../../../core/sync/fields';
import type { TrackSettings } from '../../../core/tracks/trackSettings';

/**
 * The operation that settles a conflict on the side of the write `keep`, to sign in a revision on
 * the scene's heads (which descend from every side, so it supersedes them all). It writes the kept
 * value over the unit again, even when that value is the one on show.
 */
export function resolutionOperation(merged: MergedState, conflict: Conflict, keep: string, meta: { sceneId: string; author: string; at: number }): Operation {
  const kept = conflict.values.find((v) => v.revision === keep);
  if (!kept) throw new Error(`revision ${keep} wrote none of the values in conflict on ${conflict.field} of ${conflict.id}`);
  const base = { opId: randomUUID(), sceneId: meta.sceneId, author: meta.author, at: meta.at, label: `Resolve conflict on ${conflict.field}` };
  const deleting = conflict.kind === 'delete-edit' && kept.value === false;
  if (conflict.entity === 'track') {
    const current = merged.trackSettings.get(conflict.id) ?? null;
    const other = conflict.values.find((v) => v.revision !== keep)!;
    // Settings are one unit: the kept side's whole value, its before another side's, so it is written.
    const after = deleting ? null : conflict.kind === 'delete-edit' ? current : (kept.value as TrackSettings);
    const before = conflict.kind === 'delete-edit' ? (deleting ? current : null) : (other.value as TrackSettings | null);
    return { ...base, changes: [], trackSettings: [{ trackId: conflict.id, before, after }] };
  }
  const current = merged.records.get(conflict.id) ?? null;
  const target = deleting || !current ? null : conflict.kind === 'delete-edit' ? current : withField(current, conflict.path, kept.value ?? undefined);
  const changes = changeToReach(conflict.id, current as AnnotationRecord | null, [conflict], target as AnnotationRecord | null, { author: meta.author, at: meta.at });
  if (changes.length === 0) throw new Error(`nothing to write to settle ${conflict.field} of ${conflict.id}`);
  return { ...base, changes };
}
