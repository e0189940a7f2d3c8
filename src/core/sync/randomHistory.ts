import type { AnnotationRecord } from '../annotations/registry';
import { canonicalText } from '../revisions/canonical';
import { seededRandom } from '../random/seededRandom';
import type { TrackSettings } from '../tracks/trackSettings';
import { withField } from './fields';
import { Merger } from './merger';
import { cuboidRecord, makeRevision, testUuid, type TestChange, type TestTrackChange } from './revisionBuilder';
import type { AddressedRevision, MergedState } from './types';

/**
 * Random multi-writer histories for the merge's order-independence tests and trials. Writers edit
 * offline from what they know, sync with one another at random, sometimes resolve the conflicts
 * they see, and (with lanes on) two of them label blind replicas while a third writes consensus
 * revisions over them. Small value sets make concurrent writes agree often enough to test that
 * equal values are no conflict.
 */
export interface RandomHistoryOptions {
  readonly seed: number;
  /** 3–5 when absent, drawn from the seed. */
  readonly writers?: number;
  readonly steps?: number;
  readonly objects?: number;
  readonly lanes?: boolean;
}

export interface RandomHistory {
  readonly revisions: readonly AddressedRevision[];
  readonly lanes: readonly string[];
}

interface Writer {
  readonly index: number;
  readonly lane: string | undefined;
  readonly known: Map<string, AddressedRevision>;
  readonly merger: Merger;
}

const CLASSES = ['car', 'van', 'bus'];
const ATTRIBUTE_KEYS = ['occluded', 'moving'];
const TRACKS = [testUuid(1, 7), testUuid(2, 7)];

export function randomHistory(options: RandomHistoryOptions): RandomHistory {
  const rand = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const writerCount = options.writers ?? 3 + Math.floor(rand() * 3);
  const steps = options.steps ?? 24;
  const objectIds = Array.from({ length: options.objects ?? 5 }, (_, i) => testUuid(i + 1));
  const withLanes = (options.lanes ?? rand() < 0.5) && writerCount >= 3;
  const laneNames = withLanes ? ['replica-a', 'replica-b'] : [];
  const writers: Writer[] = Array.from({ length: writerCount }, (_, index) => ({ index, lane: withLanes && index >= writerCount - 2 ? laneNames[index - (writerCount - 2)] : undefined, known: new Map(), merger: new Merger() }));
  let clock = 0;

  const localState = (w: Writer): MergedState => {
    if (w.lane !== undefined) {
      const lane = w.merger.state({ lane: w.lane });
      if (lane.heads.length) return lane;
    }
    return w.merger.state();
  };

  const commit = (w: Writer) => {
    const state = localState(w);
    const records = new Map(state.records);
    const changes: TestChange[] = [];
    const change = (objectId: string, after: AnnotationRecord | null) => {
      changes.push({ objectId, before: records.get(objectId) ?? null, after });
      if (after) records.set(objectId, after);
      else records.delete(objectId);
    };
    const time = ++clock * 10 + Math.floor(rand() * 15);
    const conflict = state.conflicts.length && rand() < 0.4 ? pick(state.conflicts) : undefined;
    if (conflict?.entity === 'object') {
      const current = records.get(conflict.id);
      const choice = pick(conflict.values);
      if (conflict.kind === 'delete-edit' || !current) change(conflict.id, choice.value === false || !current ? null : { ...current, updatedAt: time });
      else {
        const other = conflict.values.find((v) => canonicalText(v.value) !== canonicalText(choice.value)) ?? choice;
        const value = (v: unknown) => (v === null ? undefined : v);
        changes.push({ objectId: conflict.id, before: withField(current, conflict.path, value(other.value)), after: withField({ ...current, updatedAt: time }, conflict.path, value(choice.value)) });
      }
    }
    const edits = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < edits; i++) {
      const id = pick(objectIds);
      const current = records.get(id);
      const r = rand();
      if (!current) {
        if (r < 0.6) change(id, cuboidRecord(id, { classId: pick(CLASSES), updatedAt: time }));
      } else if (r < 0.08) change(id, null);
      else if (current.kind === 'cuboid') {
        const next = { ...current, updatedAt: time };
        const f = rand();
        if (f < 0.25) change(id, { ...next, classId: pick(CLASSES) });
        else if (f < 0.5) {
          const attributes: Record<string, string | number | boolean> = { ...current.attributes };
          const key = pick(ATTRIBUTE_KEYS);
          if (rand() < 0.25) delete attributes[key];
          else attributes[key] = pick([true, false, 1]);
          change(id, { ...next, attributes });
        } else if (f < 0.7) change(id, { ...next, cuboid: { ...current.cuboid, center: [pick([0, 1, 2]), 0, 0] } });
        else if (f < 0.85) change(id, { ...next, cuboid: { ...current.cuboid, size: [pick([4, 5]), 2, 1.5] } });
        else change(id, { ...next, cuboid: { ...current.cuboid, rotation: pick([[0, 0, 0, 1] as const, [0, 0, 1, 0] as const]) } });
      }
    }
    const trackSettings: TestTrackChange[] = [];
    if (rand() < 0.15) {
      const trackId = pick(TRACKS);
      const before = (state.trackSettings.get(trackId) ?? null) as TrackSettings | null;
      const after: TrackSettings | null =
        rand() < 0.15 ? null : rand() < 0.5 ? { ...(before ?? {}), centre: pick(['linear', 'catmull-rom'] as const) } : { ...(before ?? {}), size: pick(['locked', 'linear'] as const) };
      trackSettings.push({ trackId, before, after });
    }
    const parents = new Set(state.heads);
    // A shared-history writer who has seen the replicas sometimes writes the consensus over them.
    if (w.lane === undefined && withLanes && rand() < 0.2) for (const lane of laneNames) for (const h of w.merger.view(lane).headNodes()) parents.add(h.address);
    const revision = makeRevision({ writer: w.index, parents: [...parents].sort(), createdAt: time, changes, trackSettings, lane: w.lane });
    w.known.set(revision.address, revision);
    w.merger.add(revision);
  };

  const sync = (to: Writer, from: Writer) => {
    for (const [address, r] of from.known) {
      // Blind replicas never see one another's work.
      if (to.lane !== undefined && r.body.lane !== undefined && r.body.lane !== to.lane) continue;
      if (to.known.has(address)) continue;
      to.known.set(address, r);
      to.merger.add(r);
    }
  };

  commit(writers[0]);
  for (const w of writers.slice(1)) sync(w, writers[0]);
  for (let s = 0; s < steps; s++) {
    const w = pick(writers);
    if (rand() < 0.35) sync(w, pick(writers));
    else commit(w);
  }
  const all = new Map<string, AddressedRevision>();
  for (const w of writers) for (const [a, r] of w.known) all.set(a, r);
  return { revisions: [...all.values()], lanes: laneNames };
}

/** A state as text with every part in a fixed order, to compare two merges. */
export function stateFingerprint(state: MergedState): string {
  const sorted = <V>(m: ReadonlyMap<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
  return canonicalText({
    lane: state.lane,
    records: sorted(state.records),
    trackSettings: sorted(state.trackSettings),
    conflicts: state.conflicts,
    heads: state.heads,
    pending: state.pending,
    rejected: state.rejected,
  });
}

/** A shuffled copy (Fisher–Yates) from a seeded generator. */
export function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
