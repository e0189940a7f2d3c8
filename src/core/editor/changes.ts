import { sameAnnotation, type AnnotationRecord } from '../model/annotation';
import type { TrackSettingsChange } from '../tracks/trackSettings';

/** One record's transition. null before = created, null after = deleted. */
export interface AnnotationChange {
  readonly objectId: string;
  readonly before: AnnotationRecord | null;
  readonly after: AnnotationRecord | null;
}

/**
 * The unit the host persists and the revision log records: one user action (or its undo),
 * applied atomically or not at all.
 */
export interface Operation {
  readonly opId: string;
  readonly sceneId: string;
  readonly author: string;
  /** Milliseconds since the Unix epoch. */
  readonly at: number;
  readonly label: string;
  readonly changes: readonly AnnotationChange[];
  /** Tracks' settings changed by the same action (absent when none): they undo and persist with the records. */
  readonly trackSettings?: readonly TrackSettingsChange[];
}

export function invertChanges(changes: readonly AnnotationChange[]): AnnotationChange[] {
  return changes
    .slice()
    .reverse()
    .map((c) => ({ objectId: c.objectId, before: c.after, after: c.before }));
}

/** Folds a sequence of changes into one change per object: first before, last after; no-ops dropped. */
export function squashChanges(changes: readonly AnnotationChange[]): AnnotationChange[] {
  const byId = new Map<string, { before: AnnotationRecord | null; after: AnnotationRecord | null }>();
  for (const c of changes) {
    const prev = byId.get(c.objectId);
    if (prev) prev.after = c.after;
    else byId.set(c.objectId, { before: c.before, after: c.after });
  }
  const out: AnnotationChange[] = [];
  for (const [objectId, { before, after }] of byId) {
    if (!sameAnnotation(before, after)) out.push({ objectId, before, after });
  }
  return out;
}
