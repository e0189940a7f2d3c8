import { orderPatchRecords, patchOfRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import { runsPointCount } from './indexRuns';
import { applyPatch, encodeValues, type LabelPatch } from './labelPatch';

interface Materialised {
  readonly pointCount: number;
  /** objectIds of the patches applied, in order. */
  ids: string[];
  patches: Map<string, LabelPatch>;
  readonly labels: Uint32Array;
  version: number;
}

/** A frame's labels now, and a number that changes whenever they do (for redraws). */
export interface FrameLabels {
  readonly labels: Uint32Array;
  readonly version: number;
}

/**
 * The current point labels of frames, materialised from their patch records and kept: an edit
 * appends one patch (applied alone); an undo removes the last, and a remote patch slotting in
 * earlier takes the later ones off and back on (each taken off by the labels it really
 * replaced). Only a changed point count replays the frame. Holds at most `capacity` frames, least recently asked first out.
 */
export class FrameLabelCache {
  private readonly frames = new Map<string, Materialised>();
  /** Patches their writer handed over with their records, so a new record is not decoded from its base64 again. */
  private readonly known = new Map<string, { readonly patch: LabelPatch; readonly frameId: string; readonly onVersion: number | null }>();

  constructor(private readonly capacity = 4) {}

  labels(frameId: string, pointCount: number, records: Iterable<LabelPatchAnnotation>): FrameLabels {
    const ordered = orderPatchRecords([...records].filter((r) => r.frameId === frameId));
    const ids = ordered.map((r) => r.objectId);
    let entry = this.frames.get(frameId);
    this.frames.delete(frameId);
    if (entry && entry.pointCount !== pointCount) entry = undefined;
    if (entry) this.advance(entry, ordered, ids);
    else entry = this.replay(pointCount, ordered, ids);
    this.frames.set(frameId, entry);
    while (this.frames.size > this.capacity) this.frames.delete(this.frames.keys().next().value!);
    return { labels: entry.labels, version: entry.version };
  }

  /** The patch a record about to be written holds (the writer has it decoded already). */
  prime(objectId: string, patch: LabelPatch): void {
    // Painted on the labels this cache holds now: if it lands on them unchanged, its `before` is exact.
    this.known.set(objectId, { patch, frameId: patch.frameId, onVersion: this.frames.get(patch.frameId)?.version ?? null });
  }

  /** Forgets a frame (its cloud changed under it). */
  drop(frameId: string): void {
    this.frames.delete(frameId);
  }

  private patchOf(record: LabelPatchAnnotation, pointCount: number): LabelPatch {
    const known = this.known.get(record.objectId);
    if (!known) return patchOfRecord(record, pointCount);
    this.known.delete(record.objectId);
    return known.patch;
  }

  /** Whether the record is a primed patch landing on exactly the labels it was painted on. */
  private paintedOn(record: LabelPatchAnnotation, entry: Materialised): boolean {
    const known = this.known.get(record.objectId);
    return known !== undefined && known.frameId === record.frameId && known.onVersion === entry.version;
  }

  private replay(pointCount: number, ordered: readonly LabelPatchAnnotation[], ids: string[]): Materialised {
    const labels = new Uint32Array(pointCount);
    const patches = new Map<string, LabelPatch>();
    for (const r of ordered) patches.set(r.objectId, applyRecording(labels, this.patchOf(r, pointCount)));
    return { pointCount, ids, patches, labels, version: 0 };
  }

  private advance(entry: Materialised, ordered: readonly LabelPatchAnnotation[], ids: string[]): void {
    const common = commonPrefix(entry.ids, ids);
    if (common === entry.ids.length && common === ids.length) return;
    // Undo the patches past the common prefix, latest first, then apply the new ones in order.
    for (let k = entry.ids.length - 1; k >= common; k--) {
      const id = entry.ids[k];
      applyPatch(entry.labels, entry.patches.get(id)!, 'backward');
      entry.patches.delete(id);
    }
    // The usual edit: one patch, painted here on these very labels, appended. Its `before` is exact
    // and taking it again (a pass and a run-length coding over every changed point) is skipped.
    const one = common === entry.ids.length && ordered.length === common + 1 && this.paintedOn(ordered[common], entry);
    for (let k = common; k < ordered.length; k++) {
      const patch = this.patchOf(ordered[k], entry.pointCount);
      if (one) applyPatch(entry.labels, patch);
      entry.patches.set(ids[k], one ? patch : applyRecording(entry.labels, patch));
    }
    entry.ids = ids;
    entry.version++;
  }
}

/**
 * Applies a patch and answers it with `before` as the labels really were: a patch painted by
 * another writer on other labels carries their `before`, and undoing with that would be wrong.
 */
function applyRecording(labels: Uint32Array, patch: LabelPatch): LabelPatch {
  const was = new Uint32Array(runsPointCount(patch.runs));
  let k = 0;
  for (let r = 0; r < patch.runs.length; r += 2) for (let i = patch.runs[r], end = i + patch.runs[r + 1]; i < end; i++) was[k++] = labels[i];
  const before = encodeValues(was);
  applyPatch(labels, patch);
  return { ...patch, before };
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}
