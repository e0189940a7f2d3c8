import type { Cuboid } from '../geometry/cuboid';
import { validateCuboid } from '../geometry/cuboid';
import { sameAnnotation, type AttributeValue, type CuboidAnnotation } from '../model/annotation';
import { newId } from '../model/ids';
import { invertChanges, squashChanges, type AnnotationChange, type Operation } from './changes';

export type ChangeSource = 'user' | 'undo' | 'redo' | 'remote' | 'reset';

export interface EditorEvent {
  readonly source: ChangeSource;
  readonly changes: readonly AnnotationChange[];
}

export interface EditorOptions {
  readonly sceneId: string;
  readonly author: string;
  readonly initial?: readonly CuboidAnnotation[];
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Oldest entries are dropped past this many undo steps. */
  readonly historyLimit?: number;
}

export interface NewCuboid {
  readonly frameId: string;
  readonly classId: string;
  readonly cuboid: Cuboid;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  readonly objectId?: string;
}

export interface CuboidPatch {
  readonly classId?: string;
  readonly cuboid?: Partial<Cuboid>;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

interface HistoryEntry {
  readonly label: string;
  readonly changes: AnnotationChange[];
}

interface Gesture {
  readonly label: string;
  changes: AnnotationChange[];
}

/**
 * The annotation editor. Every change to annotation state goes through `commit`, which applies
 * it, records the invertible diff for undo and hands one Operation to the persistence listener.
 */
export class Editor {
  readonly sceneId: string;
  readonly author: string;
  private readonly records = new Map<string, CuboidAnnotation>();
  private readonly undoStack: HistoryEntry[] = [];
  private readonly redoStack: HistoryEntry[] = [];
  private readonly listeners = new Set<(e: EditorEvent) => void>();
  private readonly operationListeners = new Set<(op: Operation) => void>();
  private readonly now: () => number;
  private readonly makeId: () => string;
  private readonly historyLimit: number;
  private gesture: Gesture | null = null;

  constructor(options: EditorOptions) {
    this.sceneId = options.sceneId;
    this.author = options.author;
    this.now = options.now ?? (() => Date.now());
    this.makeId = options.newId ?? newId;
    this.historyLimit = options.historyLimit ?? 500;
    for (const r of options.initial ?? []) this.records.set(r.objectId, r);
  }

  // ---- reading -------------------------------------------------------------------------------

  get(objectId: string): CuboidAnnotation | undefined {
    return this.records.get(objectId);
  }

  all(): CuboidAnnotation[] {
    return [...this.records.values()];
  }

  inFrame(frameId: string): CuboidAnnotation[] {
    return this.all().filter((r) => r.frameId === frameId);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0 && this.gesture === null;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0 && this.gesture === null;
  }

  get undoLabel(): string | undefined {
    return this.undoStack.at(-1)?.label;
  }

  get redoLabel(): string | undefined {
    return this.redoStack.at(-1)?.label;
  }

  subscribe(listener: (e: EditorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Receives one Operation per committed user action, undo or redo: the thing to persist. */
  onOperation(listener: (op: Operation) => void): () => void {
    this.operationListeners.add(listener);
    return () => this.operationListeners.delete(listener);
  }

  // ---- user actions --------------------------------------------------------------------------

  createCuboid(input: NewCuboid): CuboidAnnotation {
    const t = this.now();
    const objectId = input.objectId ?? this.makeId();
    if (this.records.has(objectId)) throw new Error(`object ${objectId} already exists`);
    const record: CuboidAnnotation = {
      objectId,
      sceneId: this.sceneId,
      frameId: input.frameId,
      classId: input.classId,
      cuboid: validateCuboid(input.cuboid),
      attributes: { ...(input.attributes ?? {}) },
      author: this.author,
      createdAt: t,
      updatedAt: t,
    };
    this.commit('create cuboid', [{ objectId, before: null, after: record }]);
    return record;
  }

  updateCuboid(objectId: string, patch: CuboidPatch, label = 'edit cuboid'): CuboidAnnotation {
    const before = this.require(objectId);
    const cuboid = patch.cuboid ? validateCuboid({ ...before.cuboid, ...patch.cuboid }) : before.cuboid;
    const after: CuboidAnnotation = {
      ...before,
      classId: patch.classId ?? before.classId,
      attributes: patch.attributes ? { ...patch.attributes } : before.attributes,
      cuboid,
      updatedAt: before.updatedAt,
    };
    if (sameAnnotation(before, after)) return before;
    const stamped = { ...after, updatedAt: this.now() };
    this.commit(label, [{ objectId, before, after: stamped }]);
    return stamped;
  }

  deleteObjects(objectIds: readonly string[]): void {
    const ids = [...new Set(objectIds)];
    if (ids.length === 0) return;
    const changes = ids.map((id) => ({ objectId: id, before: this.require(id), after: null }));
    this.commit(ids.length === 1 ? 'delete object' : `delete ${ids.length} objects`, changes);
  }

  /**
   * Groups the updates of one interaction (a gizmo drag) into a single undo step and a single
   * persisted operation. Listeners still see every intermediate change so the view follows the drag.
   */
  beginGesture(label: string): void {
    if (this.gesture) this.endGesture();
    this.gesture = { label, changes: [] };
    this.notify('user', []); // undo / redo availability changed
  }

  endGesture(): void {
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    const squashed = squashChanges(g.changes);
    if (squashed.length > 0) {
      this.redoStack.length = 0;
      this.pushUndo({ label: g.label, changes: squashed });
      this.emitOperation(g.label, squashed);
    }
    this.notify('user', []); // undo / redo availability changed
  }

  /** Abandons the current gesture and restores the state it started from. */
  cancelGesture(): void {
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    const inverse = invertChanges(squashChanges(g.changes));
    this.applyToState(inverse);
    this.notify('undo', inverse);
  }

  undo(): boolean {
    if (this.gesture) this.endGesture();
    const entry = this.undoStack.pop();
    if (!entry) return false;
    const inverse = invertChanges(entry.changes);
    this.applyToState(inverse);
    this.redoStack.push(entry);
    this.notify('undo', inverse);
    this.emitOperation(`undo ${entry.label}`, inverse);
    return true;
  }

  redo(): boolean {
    if (this.gesture) this.endGesture();
    const entry = this.redoStack.pop();
    if (!entry) return false;
    this.applyToState(entry.changes);
    this.undoStack.push(entry);
    this.notify('redo', entry.changes);
    this.emitOperation(`redo ${entry.label}`, entry.changes);
    return true;
  }

  // ---- outside changes -----------------------------------------------------------------------

  /** Changes made elsewhere (another window, a sync): applied without history or persistence. */
  applyRemote(changes: readonly AnnotationChange[]): void {
    this.applyToState(changes);
    this.notify('remote', changes);
  }

  /** Replaces the whole state (after a reload or a rejected write) and forgets history. */
  reset(records: readonly CuboidAnnotation[]): void {
    const changes: AnnotationChange[] = [];
    const next = new Map(records.map((r) => [r.objectId, r] as const));
    for (const [id, r] of this.records) if (!next.has(id)) changes.push({ objectId: id, before: r, after: null });
    for (const [id, r] of next) changes.push({ objectId: id, before: this.records.get(id) ?? null, after: r });
    this.records.clear();
    for (const [id, r] of next) this.records.set(id, r);
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.gesture = null;
    this.notify('reset', changes);
  }

  // ---- the one mutation path -----------------------------------------------------------------

  private commit(label: string, changes: AnnotationChange[]): void {
    this.applyToState(changes);
    if (this.gesture) {
      this.gesture.changes.push(...changes);
    } else {
      this.redoStack.length = 0;
      this.pushUndo({ label, changes });
      this.emitOperation(label, changes);
    }
    this.notify('user', changes);
  }

  private applyToState(changes: readonly AnnotationChange[]): void {
    for (const c of changes) {
      if (c.after) this.records.set(c.objectId, c.after);
      else this.records.delete(c.objectId);
    }
  }

  private pushUndo(entry: HistoryEntry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > this.historyLimit) this.undoStack.shift();
  }

  private emitOperation(label: string, changes: readonly AnnotationChange[]): void {
    const op: Operation = {
      opId: this.makeId(),
      sceneId: this.sceneId,
      author: this.author,
      at: this.now(),
      label,
      changes,
    };
    for (const l of this.operationListeners) l(op);
  }

  private notify(source: ChangeSource, changes: readonly AnnotationChange[]): void {
    for (const l of this.listeners) l({ source, changes });
  }

  private require(objectId: string): CuboidAnnotation {
    const r = this.records.get(objectId);
    if (!r) throw new Error(`no object ${objectId} in scene ${this.sceneId}`);
    return r;
  }
}
