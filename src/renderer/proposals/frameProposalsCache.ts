import type { Proposal } from '../../core/models/proposals/proposal';

/** How many frames' lists a window keeps: stepping back and forth over a stretch of a sequence asks the host nothing. */
export const PROPOSAL_LISTS_KEPT = 64;

/** What to do for the frame on screen. */
export type FrameProposalsStep =
  /** The list read before, still current. */
  | { readonly kind: 'cached'; readonly proposals: readonly Proposal[] }
  /** The scene's frames holding proposals do not include this one: it has none. */
  | { readonly kind: 'none' }
  /** Ask the host for the frame's list (begin a read). */
  | { readonly kind: 'read' }
  /** Ask the host which frames of the scene hold proposals first (begin a frames read). */
  | { readonly kind: 'frames' }
  /** An answer that decides is on its way: the frame's read, or the scene's frames. */
  | { readonly kind: 'wait' };

/**
 * A read of one frame's list under way; `stale` once the frame changed after it was asked for.
 * `keep` is false for one asked before the window listened for changes: one may have gone unheard.
 */
export interface ListRead {
  readonly key: string;
  readonly keep: boolean;
  stale: boolean;
}

/** A read of a scene's frames holding proposals under way. */
export interface FramesRead {
  readonly sceneId: string;
}

const NONE: readonly Proposal[] = [];

export const frameKey = (sceneId: string, frameId: string): string => `${sceneId}/${frameId}`;

/**
 * What one window knows of the host's proposals, without React or a client: the lists it read per
 * frame (the last PROPOSAL_LISTS_KEPT), and for the scene on screen the frames that hold any. It
 * stays true only while the window hears every `proposals.changed` (fed to `changed`); a window
 * that does not hear them keeps nothing (`keeping` false) and reads each frame it shows.
 *
 * An answer asked for before a change of its frame is not kept: the change may have come after the
 * host read it. The frames a change names join the scene's set, even while that set is being read.
 */
export class FrameProposalsCache {
  private readonly lists = new Map<string, readonly Proposal[]>();
  private readonly reads = new Map<string, ListRead>();
  private framesScene: string | null = null;
  private framesRead: FramesRead | null = null;
  /** The scene's frames holding proposals; null while the read is out. */
  private frames: Set<string> | null = null;
  /** False when the set is not the whole of it (the host's answer was truncated, or the read failed): then every frame is read. */
  private framesComplete = false;
  /** Frames changed while the set was being read, added to its answer. */
  private changedWhileReading = new Set<string>();
  private keepingLists = false;

  constructor(private readonly limit = PROPOSAL_LISTS_KEPT) {}

  get keeping(): boolean {
    return this.keepingLists;
  }

  /** Starts (true) or stops keeping; stopping forgets everything kept, since changes may then go unheard. */
  setKeeping(keeping: boolean): void {
    if (keeping === this.keepingLists) return;
    this.keepingLists = keeping;
    if (!keeping) {
      this.lists.clear();
      this.framesScene = null;
      this.framesRead = null;
      this.frames = null;
      this.changedWhileReading = new Set();
    }
  }

  /** What to do when the frame is shown. */
  step(sceneId: string, frameId: string): FrameProposalsStep {
    const key = frameKey(sceneId, frameId);
    if (this.reads.has(key)) return { kind: 'wait' };
    if (!this.keepingLists) return { kind: 'read' };
    const kept = this.lists.get(key);
    if (kept) {
      // Most recently used last: the first in the map is the one to forget.
      this.lists.delete(key);
      this.lists.set(key, kept);
      return { kind: 'cached', proposals: kept };
    }
    if (this.framesScene !== sceneId) return { kind: 'frames' };
    if (this.frames === null) return { kind: 'wait' };
    if (this.framesComplete && !this.frames.has(frameId)) return { kind: 'none' };
    return { kind: 'read' };
  }

  /** The list to show for a frame `step` said has none: always the same empty list, so a store holding it does not change. */
  get none(): readonly Proposal[] {
    return NONE;
  }

  beginRead(sceneId: string, frameId: string): ListRead {
    const read: ListRead = { key: frameKey(sceneId, frameId), keep: this.keepingLists, stale: false };
    this.reads.set(read.key, read);
    return read;
  }

  /** The host answered a read: true when the answer is current (kept, if keeping) and may be shown. */
  answered(read: ListRead, proposals: readonly Proposal[]): boolean {
    if (read.stale) return false;
    this.reads.delete(read.key);
    if (this.keepingLists && read.keep) {
      this.lists.set(read.key, proposals);
      if (this.lists.size > this.limit) this.lists.delete(this.lists.keys().next().value!);
    }
    return true;
  }

  /** A read failed: the next show of the frame asks again. */
  failed(read: ListRead): void {
    if (this.reads.get(read.key) === read) this.reads.delete(read.key);
  }

  beginFrames(sceneId: string): FramesRead {
    const read: FramesRead = { sceneId };
    this.framesScene = sceneId;
    this.framesRead = read;
    this.frames = null;
    this.changedWhileReading = new Set();
    return read;
  }

  /** The host named the scene's frames holding proposals: true when this is the set now kept. */
  framesAnswered(read: FramesRead, frameIds: readonly string[], truncated: boolean): boolean {
    if (this.framesRead !== read) return false;
    this.framesRead = null;
    this.frames = new Set(frameIds);
    for (const f of this.changedWhileReading) this.frames.add(f);
    this.changedWhileReading = new Set();
    this.framesComplete = !truncated;
    return true;
  }

  /** The frames read failed: the scene's frames are then read one by one, as if none were known to be empty. */
  framesFailed(read: FramesRead): boolean {
    return this.framesAnswered(read, [], true);
  }

  /** The host announced that the frame's proposals changed. */
  changed(sceneId: string, frameId: string): void {
    const key = frameKey(sceneId, frameId);
    this.lists.delete(key);
    const read = this.reads.get(key);
    if (read) {
      read.stale = true;
      this.reads.delete(key);
    }
    if (this.framesScene !== sceneId) return;
    if (this.frames) this.frames.add(frameId);
    else this.changedWhileReading.add(frameId);
  }
}
