import * as A from '@automerge/automerge';
import type { AnnotationRecord } from '../../src/core/annotations/registry';
import type { Workload } from './workload';

/**
 * The workload in Automerge 3: one document per scene, `objects[objectId]` holding each record as
 * nested maps and lists. Strings go in as ImmutableString: a plain string is a collaborative text
 * object in Automerge 3 (one op per character), which ids and classes do not need. Each commit is
 * one Automerge change (what would be stored, like one revision); each writer has its own actor.
 */

type Doc = { objects: Record<string, unknown> };

const actorOf = (w: number) => (w + 1).toString(16).padStart(2, '0').repeat(16);

function toAutomerge(value: unknown): unknown {
  if (typeof value === 'string') return new A.ImmutableString(value);
  if (Array.isArray(value)) return value.map(toAutomerge);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAutomerge(v)]));
  return value;
}

export interface AutomergeStore {
  /** Every change as stored, in commit order. */
  readonly changes: Uint8Array[];
  /** Each writer's document saved (Automerge's compressed format), as a writer would keep it. */
  readonly saves: Uint8Array[];
}

export function buildAutomerge(workload: Workload): AutomergeStore {
  const docs = new Map<number, A.Doc<Doc>>();
  const changes: Uint8Array[] = [];
  for (const step of workload.steps) {
    if (step.kind === 'sync') {
      const from = docs.get(step.from) as A.Doc<Doc>;
      docs.set(step.writer, A.merge(docs.get(step.writer) ?? A.init<Doc>({ actor: actorOf(step.writer) }), from));
      continue;
    }
    let doc = docs.get(step.writer) ?? A.init<Doc>({ actor: actorOf(step.writer) });
    doc = A.change(doc, { time: Math.floor(step.createdAt / 1000) }, (d) => {
      if (!d.objects) d.objects = {};
      for (const e of step.edits) {
        if (e.kind === 'create') d.objects[e.record.objectId] = toAutomerge(e.record);
        else if (e.kind === 'delete') delete d.objects[e.objectId];
        else {
          const record = d.objects[e.objectId] as Record<string, Record<string, unknown>>;
          record.updatedAt = step.createdAt as never;
          record.author = new A.ImmutableString(`writer-${step.writer}`) as never;
          if (e.path.length === 1) record[e.path[0]] = toAutomerge(e.value) as never;
          else record[e.path[0]][e.path[1]] = toAutomerge(e.value);
        }
      }
    });
    docs.set(step.writer, doc);
    changes.push(A.getLastLocalChange(doc) as Uint8Array);
  }
  return { changes, saves: [...docs.values()].map((d) => A.save(d)) };
}

/** Cold merge from every stored change. */
export function mergeAutomergeChanges(changes: readonly Uint8Array[]): A.Doc<Doc> {
  const [doc] = A.applyChanges(A.init<Doc>(), changes as Uint8Array[]);
  return doc;
}

/** Cold merge from each writer's saved document. */
export function mergeAutomergeSaves(saves: readonly Uint8Array[]): A.Doc<Doc> {
  let doc = A.load<Doc>(saves[0]);
  for (const s of saves.slice(1)) doc = A.merge(doc, A.load<Doc>(s));
  return doc;
}

export interface AutomergeConflicts {
  /** Properties with more than one value, over the whole document (what a conflicts list would show). */
  readonly conflictedProperties: number;
  readonly sameFieldReported: number;
  readonly sameFieldValues: number;
  readonly deleteEditReported: number;
  readonly deletedButEdited: number;
  readonly differentFieldMerged: number;
  /** Time to find them: Automerge has no list of conflicts, so every property is asked. */
  readonly scanMs: number;
  /** One conflict as Automerge gives it: values keyed by op id (counter@actor), no time or change. */
  readonly sample: string;
}

export function automergeConflicts(doc: A.Doc<Doc>, workload: Workload): AutomergeConflicts {
  const t0 = performance.now();
  let conflictedProperties = 0;
  const objects = doc.objects as Record<string, Record<string, unknown>>;
  for (const id of Object.keys(objects)) {
    if (Object.keys(A.getConflicts(objects, id) ?? {}).length > 1) conflictedProperties++;
    const record = objects[id];
    for (const key of Object.keys(record)) {
      if (Object.keys(A.getConflicts(record, key) ?? {}).length > 1) conflictedProperties++;
      const nested = record[key];
      if (nested && typeof nested === 'object' && !Array.isArray(nested) && !(nested instanceof A.ImmutableString)) {
        for (const sub of Object.keys(nested)) if (Object.keys(A.getConflicts(nested as Record<string, unknown>, sub) ?? {}).length > 1) conflictedProperties++;
      }
    }
  }
  const scanMs = performance.now() - t0;
  let sameFieldReported = 0;
  let sameFieldValues = 0;
  let sample = '';
  for (const id of workload.planted.sameField) {
    const c = A.getConflicts(objects[id], 'classId') ?? {};
    if (Object.keys(c).length > 1) sameFieldReported++;
    sameFieldValues += Object.keys(c).length;
    if (!sample) sample = JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)])));
  }
  let deleteEditReported = 0;
  let deletedButEdited = 0;
  for (const id of workload.planted.deleted) {
    if (Object.keys(A.getConflicts(objects, id) ?? {}).length > 1) deleteEditReported++;
    if (!(id in objects)) deletedButEdited++;
  }
  const differentFieldMerged = workload.planted.differentField.filter((id) => Object.keys((objects[id] as unknown as AnnotationRecord).attributes).length > 1).length;
  return { conflictedProperties, sameFieldReported, sameFieldValues, deleteEditReported, deletedButEdited, differentFieldMerged, scanMs, sample };
}
