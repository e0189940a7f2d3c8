import { newCuboidRecord, patchCuboidRecord, type CuboidPatch, type NewCuboid } from '../annotations/cuboid/edit';
import type { TrackInterpolation, TrackKeyframe } from '../annotations/kind';
import type { AttributeValue } from '../annotations/recordFields';
import { interpolatorOf, type AnnotationRecord } from '../annotations/registry';
import { sameAnnotation, type CuboidAnnotation } from '../model/annotation';
import { newId } from '../model/ids';
import {
  interpolationOf,
  invertTrackSettingsChanges,
  NO_TRACK_SETTINGS,
  sameTrackSettings as sameSettings,
  squashTrackSettingsChanges,
  type TrackSettings,
  type TrackSettingsChange,
} from '../tracks/trackSettings';
import { invertChanges, squashChanges, type AnnotationChange, type Operation } from './changes';

export type ChangeSource = 'user' | 'undo' | 'redo' | 'remote' | 'reset';

export interface EditorEvent {
  readonly source: ChangeSource;
  readonly changes: readonly AnnotationChange[];
  /** Tracks whose settings changed (absent when none). */
  readonly trackSettings?: readonly TrackSettingsChange[];
}

export type { CuboidPatch, NewCuboid } from '../annotations/cuboid/edit';

export interface EditorOptions {
  readonly sceneId: string;
  readonly author: string;
  /** The version of the ontology new and edited records are made under. */
  readonly ontologyVersion: number;
  /** The scene's frameIds in timeline order: where each keyframe of a track sits. */
  readonly frameOrder?: readonly string[];
  readonly initial?: readonly AnnotationRecord[];
  /** Tracks' stored settings (interpolation, size lock, ground-truth source); a track not listed has the defaults. */
  readonly initialTrackSettings?: ReadonlyMap<string, TrackSettings>;
  readonly now?: () => number;
  readonly newId?: () => string;
  /** Oldest entries are dropped past this many undo steps. */
  readonly historyLimit?: number;
  /**
   * The values a new object of a class starts with (the ontology's defaults). A new track's first
   * box gets them under what the caller gave; a class change adds those the record lacks.
   */
  readonly attributeDefaults?: (classId: string) => Readonly<Record<string, AttributeValue>>;
}

/** See Editor.setDerivation. */
export type Derivation = (editor: Editor, changes: readonly AnnotationChange[], at: number) => AnnotationChange[];

/** One object across frames: its stored records (every one a keyframe), in the scene's frame order. */
export interface Track {
  readonly trackId: string;
  readonly kind: AnnotationRecord['kind'];
  /** Sorted by frameIndex. Records on a frame the scene's order does not name are left out: they have no place on the timeline. */
  readonly keyframes: readonly TrackKeyframe<AnnotationRecord>[];
}

interface HistoryEntry {
  readonly label: string;
  readonly changes: AnnotationChange[];
  readonly trackSettings: TrackSettingsChange[];
}

interface Gesture {
  readonly label: string;
  changes: AnnotationChange[];
  trackSettings: TrackSettingsChange[];
}

/**
 * The annotation editor. Every change to annotation state goes through `commit`, which applies
 * it, records the invertible diff for undo and hands one Operation to the persistence listener.
 */
export class Editor {
  readonly sceneId: string;
  readonly author: string;
  readonly ontologyVersion: number;
  /** The scene's frameIds in timeline order (empty when the editor was given none). */
  readonly frameOrder: readonly string[];
  private readonly records = new Map<string, AnnotationRecord>();
  /** trackId → its records by objectId, kept in step with `records` by applyToState. */
  private readonly byTrack = new Map<string, Map<string, AnnotationRecord>>();
  /** frameId → its records by objectId: a frame's boxes are asked for on every edit, and a scene holds tens of thousands. */
  private readonly byFrame = new Map<string, Map<string, AnnotationRecord>>();
  /** kind → its records by objectId: the few relations of a scene are read on every edit, among tens of thousands of boxes. */
  private readonly byKind = new Map<AnnotationRecord['kind'], Map<string, AnnotationRecord>>();
  /** frameId → kind → its records by objectId: a frame's few label patches are asked for on every edit, among its thousand boxes. */
  private readonly byFrameKind = new Map<string, Map<AnnotationRecord['kind'], Map<string, AnnotationRecord>>>();
  /** inFrameOfKind's answers, kept until a change touches that frame and kind: a caller can tell "unchanged" by identity. */
  private readonly frameKindLists = new Map<string, Map<AnnotationRecord['kind'], readonly AnnotationRecord[]>>();
  /** Records that name a 3D track as theirs (2D labels), by that track: a 3D edit finds its 2D labels without a scan. */
  private readonly byLinkedTrack = new Map<string, Map<string, AnnotationRecord>>();
  /** Tracks already placed in frame order; a change drops the tracks it touches, so stepping frames re-sorts nothing. */
  private readonly placedTracks = new Map<string, Track>();
  private readonly settingsByTrack = new Map<string, TrackSettings>();
  private readonly frameIndex: ReadonlyMap<string, number>;
  private readonly undoStack: HistoryEntry[] = [];
  private readonly redoStack: HistoryEntry[] = [];
  private readonly listeners = new Set<(e: EditorEvent) => void>();
  private readonly operationListeners = new Set<(op: Operation) => void>();
  private readonly now: () => number;
  private readonly makeId: () => string;
  private readonly historyLimit: number;
  private readonly attributeDefaults: (classId: string) => Readonly<Record<string, AttributeValue>>;
  private gesture: Gesture | null = null;
  private derivation: Derivation | null = null;

  constructor(options: EditorOptions) {
    this.sceneId = options.sceneId;
    this.author = options.author;
    this.ontologyVersion = options.ontologyVersion;
    this.frameOrder = [...(options.frameOrder ?? [])];
    this.frameIndex = new Map(this.frameOrder.map((id, i) => [id, i] as const));
    this.now = options.now ?? (() => Date.now());
    this.makeId = options.newId ?? newId;
    this.historyLimit = options.historyLimit ?? 500;
    this.attributeDefaults = options.attributeDefaults ?? (() => ({}));
    this.applyToState((options.initial ?? []).map((r) => ({ objectId: r.objectId, before: null, after: r })));
    for (const [trackId, settings] of options.initialTrackSettings ?? []) this.settingsByTrack.set(trackId, settings);
  }

  // ---- reading -------------------------------------------------------------------------------

  get(objectId: string): AnnotationRecord | undefined {
    return this.records.get(objectId);
  }

  all(): AnnotationRecord[] {
    return [...this.records.values()];
  }

  inFrame(frameId: string): AnnotationRecord[] {
    const here = this.byFrame.get(frameId);
    return here ? [...here.values()] : [];
  }

  /** The records of one kind, in the order `all()` gives them. */
  ofKind<K extends AnnotationRecord['kind']>(kind: K): Extract<AnnotationRecord, { kind: K }>[] {
    const here = this.byKind.get(kind);
    return here ? ([...here.values()] as Extract<AnnotationRecord, { kind: K }>[]) : [];
  }

  /**
   * A frame's records of one kind, in the order `inFrame` gives them. The same array comes back
   * until a change touches a record of that kind in that frame (an edit, a move in or out, a
   * delete, an undo, a remote change, a reset), so a caller may skip work while it is unchanged.
   * It is shared: never modify it.
   */
  inFrameOfKind<K extends AnnotationRecord['kind']>(frameId: string, kind: K): readonly Extract<AnnotationRecord, { kind: K }>[] {
    let lists = this.frameKindLists.get(frameId);
    let list = lists?.get(kind);
    if (!list) {
      const here = this.byFrameKind.get(frameId)?.get(kind);
      list = here ? [...here.values()] : EMPTY;
      if (!lists) this.frameKindLists.set(frameId, (lists = new Map()));
      lists.set(kind, list);
    }
    return list as readonly Extract<AnnotationRecord, { kind: K }>[];
  }

  /** The records linked to a (3D) track: 2D labels of that object, projected boxes of it among them. */
  linkedTo(trackId: string): AnnotationRecord[] {
    const linked = this.byLinkedTrack.get(trackId);
    return linked ? [...linked.values()] : [];
  }

  /** Where a frame sits on the timeline, or undefined for a frame the scene's order does not name. */
  frameIndexOf(frameId: string): number | undefined {
    return this.frameIndex.get(frameId);
  }

  /** Every track of the scene, in no particular order. */
  tracks(): Track[] {
    return [...this.byTrack.keys()].map((id) => this.trackOf(id)!);
  }

  trackOf(trackId: string): Track | undefined {
    const placed = this.placedTracks.get(trackId);
    if (placed) return placed;
    const members = this.byTrack.get(trackId);
    if (!members) return undefined;
    const keyframes: TrackKeyframe<AnnotationRecord>[] = [];
    for (const record of members.values()) {
      const frameIndex = this.frameIndex.get(record.frameId);
      if (frameIndex !== undefined) keyframes.push({ frameIndex, record });
    }
    keyframes.sort((a, b) => a.frameIndex - b.frameIndex);
    const first = members.values().next().value!;
    const track: Track = { trackId, kind: first.kind, keyframes };
    this.placedTracks.set(trackId, track);
    return track;
  }

  /**
   * What a track shows at a position on the timeline: its keyframe there, a box interpolated by
   * the kind between two keyframes (computed, never stored), or null outside its span. Interpolated
   * as the track's settings say unless `options` are given.
   */
  trackAt(trackId: string, frameIndex: number, options?: TrackInterpolation): AnnotationRecord | null {
    const track = this.trackOf(trackId);
    if (!track) return null;
    const interpolate = interpolatorOf(track.kind);
    if (interpolate) return interpolate(track.keyframes, frameIndex, options ?? interpolationOf(this.settingsByTrack.get(trackId)));
    return track.keyframes.find((k) => k.frameIndex === frameIndex)?.record ?? null;
  }

  /** A track's settings as stored, or the defaults (an empty object) when it has none. */
  trackSettingsOf(trackId: string): TrackSettings {
    return this.settingsByTrack.get(trackId) ?? NO_TRACK_SETTINGS;
  }

  /** Every track with stored settings. */
  storedTrackSettings(): ReadonlyMap<string, TrackSettings> {
    return this.settingsByTrack;
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
    const objectId = input.objectId ?? this.makeId();
    if (this.records.has(objectId)) throw new Error(`object ${objectId} already exists`);
    const trackId = input.trackId ?? this.makeId();
    const track = this.byTrack.get(trackId);
    if (track) {
      const members = [...track.values()];
      if (members.some((r) => r.kind !== 'cuboid')) throw new Error(`track ${trackId} is not a cuboid track`);
      if (members.some((r) => r.frameId === input.frameId)) throw new Error(`track ${trackId} already has a box on frame ${input.frameId}`);
    }
    const stamp = { objectId, trackId, sceneId: this.sceneId, ontologyVersion: this.ontologyVersion, author: this.author, at: this.now() };
    // A box joining a track carries what the caller copied from it; only a new object starts from the defaults.
    const attributes = track ? input.attributes : { ...this.attributeDefaults(input.classId), ...input.attributes };
    const record = newCuboidRecord({ ...input, attributes }, stamp);
    this.commit('create cuboid', [{ objectId, before: null, after: record }]);
    return record;
  }

  updateCuboid(objectId: string, patch: CuboidPatch, label = 'edit cuboid'): CuboidAnnotation {
    const before = this.require(objectId);
    if (before.kind !== 'cuboid') throw new Error(`object ${objectId} is a ${before.kind as string}, not a cuboid`);
    const patched = patchCuboidRecord(before, patch);
    const after = patched.classId === before.classId ? patched : { ...patched, attributes: { ...this.attributeDefaults(patched.classId), ...patched.attributes } };
    if (sameAnnotation(before, after)) return before;
    const stamped = { ...after, updatedAt: this.now() };
    this.commit(label, [{ objectId, before, after: stamped }]);
    return stamped;
  }

  /**
   * Sets attribute `key` (or clears it, with undefined) as one undo step. A static attribute
   * (`scope: 'object'`) holds one value for the whole track, so every keyframe of the record's
   * track is written; a per-frame one writes this record only. Records already holding the value
   * are left alone. Returns the records as they now are.
   */
  setAttribute(objectId: string, key: string, value: AttributeValue | undefined, options: { readonly scope: 'object' | 'frame'; readonly label?: string }): AnnotationRecord[] {
    const record = this.require(objectId);
    const targets = options.scope === 'object' ? [...(this.byTrack.get(record.trackId)?.values() ?? [record])] : [record];
    const at = this.now();
    const changes: AnnotationChange[] = [];
    for (const before of targets) {
      const attributes = { ...before.attributes };
      if (value === undefined) delete attributes[key];
      else attributes[key] = value;
      const after = { ...before, attributes };
      if (!sameAnnotation(before, after)) changes.push({ objectId: before.objectId, before, after: { ...after, updatedAt: at } });
    }
    if (changes.length > 0) this.commit(options.label ?? `Set ${key}`, changes);
    return targets.map((r) => this.records.get(r.objectId)!);
  }

  /**
   * Sets what a local edit brings along with it (null: nothing): given the changes just applied, the
   * changes to records derived from them, committed in the same undo step and operation. Remote
   * changes, undo and redo bring nothing: the writer's own edit already carried its derived records.
   */
  setDerivation(derivation: Derivation | null): void {
    this.derivation = derivation;
  }

  /** The time an edit made now is stamped with: for kinds whose records are made outside this class. */
  timestamp(): number {
    return this.now();
  }

  /** A fresh id for a track (or an object) that an edit is about to make. */
  newId(): string {
    return this.makeId();
  }

  /** The record createCuboid would make, without committing it: for edits that make many at once through commitChanges. */
  draftCuboid(input: NewCuboid & { readonly trackId: string }): CuboidAnnotation {
    const objectId = input.objectId ?? this.makeId();
    const stamp = { objectId, trackId: input.trackId, sceneId: this.sceneId, ontologyVersion: this.ontologyVersion, author: this.author, at: this.now() };
    return newCuboidRecord(input, stamp);
  }

  /** A record as an edit leaves it: the patch applied and updatedAt stamped (or the record itself when nothing changed). */
  draftUpdate<R extends AnnotationRecord>(record: R, patch: Partial<Omit<R, 'kind' | 'objectId' | 'sceneId' | 'createdAt' | 'updatedAt'>>): R {
    const after = { ...record, ...patch };
    return sameAnnotation(record, after) ? record : { ...after, updatedAt: this.now() };
  }

  /**
   * Commits what a multi-record edit worked out (a range of frames, a split, a merge) as one undo
   * step and one operation. Every change's before must be what the editor holds now, and no track
   * may end with two records on one frame; otherwise it throws and nothing changes.
   */
  commitChanges(label: string, changes: readonly AnnotationChange[], trackSettings: readonly TrackSettingsChange[] = []): void {
    const ids = new Set<string>();
    for (const c of changes) {
      if (ids.has(c.objectId)) throw new Error(`${label}: object ${c.objectId} changes twice`);
      ids.add(c.objectId);
      if (!sameAnnotation(this.records.get(c.objectId) ?? null, c.before)) throw new Error(`${label}: object ${c.objectId} is not as the edit expected`);
    }
    for (const c of trackSettings) {
      if (!sameSettings(this.settingsByTrack.get(c.trackId) ?? null, c.before)) throw new Error(`${label}: the settings of track ${c.trackId} are not as the edit expected`);
    }
    const onFrame = new Set<string>();
    for (const c of changes) if (c.after) onFrame.add(`${c.after.trackId}|${c.after.frameId}`);
    if (onFrame.size !== changes.filter((c) => c.after).length) throw new Error(`${label}: two records of one track on one frame`);
    for (const c of changes) {
      if (!c.after) continue;
      for (const other of this.byTrack.get(c.after.trackId)?.values() ?? []) {
        if (!ids.has(other.objectId) && other.frameId === c.after.frameId) throw new Error(`${label}: track ${c.after.trackId} already has a record on frame ${c.after.frameId}`);
      }
    }
    if (changes.length === 0 && trackSettings.length === 0) return;
    this.commit(label, [...changes], [...trackSettings]);
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
    this.gesture = { label, changes: [], trackSettings: [] };
    this.notify('user', []); // undo / redo availability changed
  }

  endGesture(): void {
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    const squashed = squashChanges(g.changes);
    const settings = squashTrackSettingsChanges(g.trackSettings);
    if (squashed.length > 0 || settings.length > 0) {
      this.redoStack.length = 0;
      this.pushUndo({ label: g.label, changes: squashed, trackSettings: settings });
      this.emitOperation(g.label, squashed, settings);
    }
    this.notify('user', []); // undo / redo availability changed
  }

  /** Abandons the current gesture and restores the state it started from. */
  cancelGesture(): void {
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    const inverse = invertChanges(squashChanges(g.changes));
    const settings = invertTrackSettingsChanges(squashTrackSettingsChanges(g.trackSettings));
    this.applyToState(inverse, settings);
    this.notify('undo', inverse, settings);
  }

  undo(): boolean {
    if (this.gesture) this.endGesture();
    const entry = this.undoStack.pop();
    if (!entry) return false;
    const inverse = invertChanges(entry.changes);
    const settings = invertTrackSettingsChanges(entry.trackSettings);
    this.applyToState(inverse, settings);
    this.redoStack.push(entry);
    this.notify('undo', inverse, settings);
    this.emitOperation(`undo ${entry.label}`, inverse, settings);
    return true;
  }

  redo(): boolean {
    if (this.gesture) this.endGesture();
    const entry = this.redoStack.pop();
    if (!entry) return false;
    this.applyToState(entry.changes, entry.trackSettings);
    this.undoStack.push(entry);
    this.notify('redo', entry.changes, entry.trackSettings);
    this.emitOperation(`redo ${entry.label}`, entry.changes, entry.trackSettings);
    return true;
  }

  // ---- outside changes -----------------------------------------------------------------------

  /** Changes made elsewhere (another window, a sync): applied without history or persistence. */
  applyRemote(changes: readonly AnnotationChange[], trackSettings: readonly TrackSettingsChange[] = []): void {
    this.applyToState(changes, trackSettings);
    this.notify('remote', changes, trackSettings);
  }

  /** Replaces the whole state (after a reload or a rejected write) and forgets history; track settings too when given. */
  reset(records: readonly AnnotationRecord[], trackSettings?: ReadonlyMap<string, TrackSettings>): void {
    const changes: AnnotationChange[] = [];
    const next = new Map(records.map((r) => [r.objectId, r] as const));
    for (const [id, r] of this.records) if (!next.has(id)) changes.push({ objectId: id, before: r, after: null });
    for (const [id, r] of next) changes.push({ objectId: id, before: this.records.get(id) ?? null, after: r });
    const settings: TrackSettingsChange[] = [];
    if (trackSettings) {
      for (const [id, s] of this.settingsByTrack) if (!trackSettings.has(id)) settings.push({ trackId: id, before: s, after: null });
      for (const [id, s] of trackSettings) settings.push({ trackId: id, before: this.settingsByTrack.get(id) ?? null, after: s });
    }
    this.applyToState(changes, settings);
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.gesture = null;
    this.notify('reset', changes, settings);
  }

  // ---- the one mutation path -----------------------------------------------------------------

  private commit(label: string, edited: AnnotationChange[], trackSettings: TrackSettingsChange[] = []): void {
    this.applyToState(edited, trackSettings);
    // Records that follow the edited ones (projected 2D boxes) change in the same step, so one undo takes both back.
    const derived = this.derivation?.(this, edited, this.now()) ?? [];
    if (derived.length > 0) this.applyToState(derived);
    const changes = derived.length > 0 ? [...edited, ...derived] : edited;
    if (this.gesture) {
      this.gesture.changes.push(...changes);
      this.gesture.trackSettings.push(...trackSettings);
    } else {
      this.redoStack.length = 0;
      this.pushUndo({ label, changes, trackSettings });
      this.emitOperation(label, changes, trackSettings);
    }
    this.notify('user', changes, trackSettings);
  }

  private applyToState(changes: readonly AnnotationChange[], trackSettings: readonly TrackSettingsChange[] = []): void {
    for (const c of trackSettings) {
      this.placedTracks.delete(c.trackId);
      if (c.after) this.settingsByTrack.set(c.trackId, c.after);
      else this.settingsByTrack.delete(c.trackId);
    }
    for (const c of changes) {
      const held = this.records.get(c.objectId);
      if (held) {
        this.placedTracks.delete(held.trackId);
        const members = this.byTrack.get(held.trackId)!;
        members.delete(c.objectId);
        if (members.size === 0) this.byTrack.delete(held.trackId);
        // A record edited on its own frame keeps its place in the frame's order, as in `records`.
        if (c.after?.frameId !== held.frameId) {
          const frame = this.byFrame.get(held.frameId)!;
          frame.delete(c.objectId);
          if (frame.size === 0) this.byFrame.delete(held.frameId);
        }
        if (c.after?.kind !== held.kind) {
          const ofKind = this.byKind.get(held.kind)!;
          ofKind.delete(c.objectId);
          if (ofKind.size === 0) this.byKind.delete(held.kind);
        }
        this.frameKindLists.get(held.frameId)?.delete(held.kind);
        if (c.after?.frameId !== held.frameId || c.after.kind !== held.kind) {
          const kinds = this.byFrameKind.get(held.frameId)!;
          const here = kinds.get(held.kind)!;
          here.delete(c.objectId);
          if (here.size === 0) kinds.delete(held.kind);
          if (kinds.size === 0) this.byFrameKind.delete(held.frameId);
        }
        const link = linkedTrackOf(held);
        if (link !== null) {
          const linked = this.byLinkedTrack.get(link)!;
          linked.delete(c.objectId);
          if (linked.size === 0) this.byLinkedTrack.delete(link);
        }
      }
      if (c.after) {
        this.placedTracks.delete(c.after.trackId);
        this.records.set(c.objectId, c.after);
        let members = this.byTrack.get(c.after.trackId);
        if (!members) this.byTrack.set(c.after.trackId, (members = new Map()));
        members.set(c.objectId, c.after);
        let frame = this.byFrame.get(c.after.frameId);
        if (!frame) this.byFrame.set(c.after.frameId, (frame = new Map()));
        frame.set(c.objectId, c.after);
        let ofKind = this.byKind.get(c.after.kind);
        if (!ofKind) this.byKind.set(c.after.kind, (ofKind = new Map()));
        ofKind.set(c.objectId, c.after);
        let kinds = this.byFrameKind.get(c.after.frameId);
        if (!kinds) this.byFrameKind.set(c.after.frameId, (kinds = new Map()));
        let here = kinds.get(c.after.kind);
        if (!here) kinds.set(c.after.kind, (here = new Map()));
        here.set(c.objectId, c.after);
        this.frameKindLists.get(c.after.frameId)?.delete(c.after.kind);
        const link = linkedTrackOf(c.after);
        if (link !== null) {
          let linked = this.byLinkedTrack.get(link);
          if (!linked) this.byLinkedTrack.set(link, (linked = new Map()));
          linked.set(c.objectId, c.after);
        }
      } else {
        this.records.delete(c.objectId);
      }
    }
  }

  private pushUndo(entry: HistoryEntry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > this.historyLimit) this.undoStack.shift();
  }

  private emitOperation(label: string, changes: readonly AnnotationChange[], trackSettings: readonly TrackSettingsChange[] = []): void {
    const op: Operation = {
      opId: this.makeId(),
      sceneId: this.sceneId,
      author: this.author,
      at: this.now(),
      label,
      changes,
      ...(trackSettings.length > 0 ? { trackSettings } : {}),
    };
    for (const l of this.operationListeners) l(op);
  }

  private notify(source: ChangeSource, changes: readonly AnnotationChange[], trackSettings: readonly TrackSettingsChange[] = []): void {
    const event: EditorEvent = trackSettings.length > 0 ? { source, changes, trackSettings } : { source, changes };
    for (const l of this.listeners) l(event);
  }

  private require(objectId: string): AnnotationRecord {
    const r = this.records.get(objectId);
    if (!r) throw new Error(`no object ${objectId} in scene ${this.sceneId}`);
    return r;
  }
}

const EMPTY: readonly AnnotationRecord[] = Object.freeze([]);

/** The 3D track a record is linked to, for kinds that carry a link (the 2D labels); null otherwise. */
function linkedTrackOf(record: AnnotationRecord): string | null {
  const link = (record as { readonly linkedTrackId?: unknown }).linkedTrackId;
  return typeof link === 'string' ? link : null;
}
