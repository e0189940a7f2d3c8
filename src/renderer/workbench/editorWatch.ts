import type { StoreApi } from 'zustand/vanilla';
import type { Editor, EditorEvent } from '../../core/editor/editor';
import type { AnnotationRecord } from '../../core/model/annotation';
import type { ViewStore } from '../state/viewStore';

/** Where a watch reads the open scene's editor and learns of its changes (a workbench is one). */
export interface EditorSource {
  readonly view: ViewStore;
  readonly sessions: StoreApi<{ readonly session: { readonly editor: Editor } | null }>;
}

export type EditorSelector<T> = (editor: Editor | null) => T;
export type Equality<T> = (a: T, b: T) => boolean;
/** False when `edit` cannot change the selected value: the watch keeps its value without running the selector. */
export type AffectedBy = (edit: EditorEvent, editor: Editor) => boolean;

/**
 * A value derived from the open scene's editor, worked out again on each editor change (the view
 * store's `revision`), on another scene opening and on a new selector, and told to its subscriber
 * only when it differs (by `equal`) from the one before. It is what `useEditorSelect` renders
 * from: a panel that reads the editor re-renders when what it shows changes, not on every pointer
 * move of a drag. `affectedBy`, where given, is asked about each edit first and can spare the
 * selector (say, of a list of 1,000 rows) an edit that moves a box.
 */
export class EditorWatch<T> {
  private editor: Editor | null;
  private revision: number;
  private value: T;

  constructor(
    private readonly source: EditorSource,
    private selector: EditorSelector<T>,
    private equal: Equality<T> = Object.is,
    private affectedBy: AffectedBy | undefined = undefined,
  ) {
    this.editor = editorOf(source);
    this.revision = source.view.getState().revision;
    this.value = selector(this.editor);
  }

  /** The selected value as of now (works it out again if the editor changed since it was last read). */
  readonly current = (): T => {
    this.refresh();
    return this.value;
  };

  /**
   * A render's selector, equality and filter. A selector that is not the one before (by identity) is
   * applied at once, so a caller keeps a costly one stable (useCallback) and passes what it reads
   * besides the editor (the frame, the selection) through that.
   */
  use(selector: EditorSelector<T>, equal: Equality<T> = Object.is, affectedBy?: AffectedBy): void {
    this.equal = equal;
    this.affectedBy = affectedBy;
    if (selector === this.selector) return;
    this.selector = selector;
    this.take(selector(editorOf(this.source)));
  }

  /** Calls `onChange` after a change of the editor that changed the value; returns the unsubscribe. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    const changed = () => {
      const before = this.value;
      this.refresh();
      if (this.value !== before) onChange();
    };
    const offView = this.source.view.subscribe(changed);
    const offSessions = this.source.sessions.subscribe(changed);
    return () => {
      offView();
      offSessions();
    };
  };

  private refresh(): void {
    const editor = editorOf(this.source);
    const { revision, lastEdit } = this.source.view.getState();
    if (editor === this.editor && revision === this.revision) return;
    // One edit since the last look, told by the editor, that the filter says passes the value by.
    const passed = editor === this.editor && editor !== null && revision === this.revision + 1 && lastEdit !== null && this.affectedBy !== undefined && !this.affectedBy(lastEdit, editor);
    this.editor = editor;
    this.revision = revision;
    if (!passed) this.take(this.selector(editor));
  }

  private take(next: T): void {
    if (!this.equal(this.value, next)) this.value = next;
  }
}

function editorOf(source: EditorSource): Editor | null {
  return source.sessions.getState().session?.editor ?? null;
}

/** Equality of arrays by their items' identity (a list rebuilt from the same records is the same list). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Equality of arrays by their items, each told the same by `same` (a list rebuilt with new items of the same fields). */
export function sameItemsBy<T>(same: Equality<T>): Equality<readonly T[]> {
  return (a, b) => {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  };
}

/**
 * Calls `listener` after each change of the open scene's editor (what bumps the view's revision)
 * and when another scene's editor takes its place, outside rendering: for work that follows edits
 * without showing them as they come (checks that run once a burst of edits settles). Returns the
 * unsubscribe.
 */
export function onEditorChange(source: EditorSource, listener: () => void): () => void {
  const offView = source.view.subscribe((s, before) => {
    if (s.revision !== before.revision) listener();
  });
  const offSessions = source.sessions.subscribe((s, before) => {
    if ((s.session?.editor ?? null) !== (before.session?.editor ?? null)) listener();
  });
  return () => {
    offView();
    offSessions();
  };
}

/** Equality of plain objects by their own fields' identity (zustand's `shallow` for records). */
export function sameFields<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** What a drag, a nudge or a fit changes in a cuboid (and what undoing one changes back). */
export const POSE_FIELDS: ReadonlySet<string> = new Set(['cuboid', 'updatedAt']);

/**
 * Whether `edit` only changed these fields of records that stay (no record made or deleted, no
 * track's settings): a value that reads none of them, nor the records' identity, stays as it was.
 * An edit of no records (a gesture's start or end, which changes only what undo and redo offer)
 * counts as changing none.
 */
export function changesOnly(edit: EditorEvent, fields: ReadonlySet<string>): boolean {
  if (edit.trackSettings !== undefined && edit.trackSettings.length > 0) return false;
  for (const c of edit.changes) {
    if (c.before === null || c.after === null || c.before.kind !== c.after.kind) return false;
    if (!sameBesides(c.before, c.after, fields)) return false;
  }
  return true;
}

/** An `affectedBy` for values that read no pose: the moves of a drag, and their undo, pass them by. */
export const notPoseOnly: AffectedBy = (edit) => !changesOnly(edit, POSE_FIELDS);

function sameBesides(a: AnnotationRecord, b: AnnotationRecord, fields: ReadonlySet<string>): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const k in ra) if (!fields.has(k) && !Object.is(ra[k], rb[k])) return false;
  for (const k in rb) if (!fields.has(k) && !(k in ra)) return false;
  return true;
}
