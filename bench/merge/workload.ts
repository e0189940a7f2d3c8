import type { AnnotationRecord } from '../../src/core/annotations/registry';
import { seededRandom } from '../../src/core/random/seededRandom';

/**
 * The merge bench's workload, the same for both engines: a scene of `frames` × `objects` cuboids
 * (one track per object slot) created by writer 0, then edited offline by `writers` writers. Each
 * writer edits its own share of the tracks (track index mod writers), and syncs now and then with
 * the next writer. In every writer's first revision, before any sync, it also makes the planted
 * overlaps, so they are concurrent:
 *  - same field: `conflicts` records shared by all writers get a different class from each
 *    (one conflict per record, one value per writer);
 *  - different fields: `conflicts` other records get an attribute of the writer's own name
 *    (must merge clean);
 *  - delete vs edit: writer w deletes `deletes` records of writer w+1's share that w+1 moves.
 */

export interface WorkloadOptions {
  readonly frames: number;
  readonly objects: number;
  readonly writers: number;
  /** Revisions per writer after the base. */
  readonly revisions: number;
  /** Record edits per revision. */
  readonly edits: number;
  readonly conflicts: number;
  readonly deletes: number;
  /** A writer merges the next writer's work every this many revisions. */
  readonly syncEvery: number;
  readonly seed: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = { frames: 1000, objects: 150, writers: 5, revisions: 50, edits: 150, conflicts: 20, deletes: 5, syncEvery: 10, seed: 1 };

export type Edit =
  | { readonly kind: 'create'; readonly record: AnnotationRecord }
  | { readonly kind: 'set'; readonly objectId: string; readonly path: readonly string[]; readonly value: unknown }
  | { readonly kind: 'delete'; readonly objectId: string };

export type Step =
  | { readonly kind: 'commit'; readonly writer: number; readonly createdAt: number; readonly edits: readonly Edit[] }
  | { readonly kind: 'sync'; readonly writer: number; readonly from: number };

export interface Workload {
  readonly steps: readonly Step[];
  readonly sceneId: string;
  /** What a correct merge must report. */
  readonly expected: { readonly sameFieldConflicts: number; readonly deleteEditConflicts: number; readonly differentFieldMerges: number };
  readonly planted: { readonly sameField: readonly string[]; readonly differentField: readonly string[]; readonly deleted: readonly string[] };
}

const SCENE = '00000000-0000-4000-8000-00000000a000';
const T0 = 1_700_000_000_000;
const uuid = (space: number, n: number) => `00000000-0000-4000-${(0x8000 + space).toString(16)}-${n.toString(16).padStart(12, '0')}`;
export const objectIdOf = (frame: number, track: number, objects: number) => uuid(1, frame * objects + track);

export function makeWorkload(o: WorkloadOptions): Workload {
  const rand = seededRandom(o.seed);
  const steps: Step[] = [];
  let time = T0;
  for (let f = 0; f < o.frames; f++) {
    const edits: Edit[] = [];
    for (let t = 0; t < o.objects; t++) {
      const objectId = objectIdOf(f, t, o.objects);
      edits.push({
        kind: 'create',
        record: {
          kind: 'cuboid',
          objectId,
          trackId: uuid(2, t),
          sceneId: SCENE,
          frameId: uuid(3, f),
          classId: 'car',
          ontologyVersion: 1,
          attributes: {},
          author: 'importer',
          createdAt: time,
          updatedAt: time,
          cuboid: { frame: 'lidar', center: [t * 3 + f * 0.1, (t % 7) * 4, 0.8], size: [4.5, 1.9, 1.6], rotation: [0, 0, 0, 1] },
        },
      });
    }
    steps.push({ kind: 'commit', writer: 0, createdAt: ++time, edits });
  }
  for (let w = 1; w < o.writers; w++) steps.push({ kind: 'sync', writer: w, from: 0 });

  const share = (w: number) => Array.from({ length: o.objects }, (_, t) => t).filter((t) => t % o.writers === w);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  // Planted overlaps live on frames the regular edits also use, spread over the scene.
  const conflictIds = Array.from({ length: o.conflicts }, (_, i) => objectIdOf((i * 37) % o.frames, (i * 11) % o.objects, o.objects));
  const fieldIds = Array.from({ length: o.conflicts }, (_, i) => objectIdOf((i * 53 + 1) % o.frames, (i * 13 + 1) % o.objects, o.objects));
  const deleteIds = (w: number) => share((w + 1) % o.writers).slice(0, o.deletes).map((t, i) => objectIdOf((i * 97 + 3) % o.frames, t, o.objects));

  const planted = new Set([...conflictIds, ...fieldIds, ...Array.from({ length: o.writers }, (_, w) => deleteIds(w)).flat()]);
  for (let r = 0; r < o.revisions; r++) {
    for (let w = 0; w < o.writers; w++) {
      const edits: Edit[] = [];
      if (r === 0) {
        for (const id of conflictIds) edits.push({ kind: 'set', objectId: id, path: ['classId'], value: `class-of-writer-${w}` });
        for (const id of fieldIds) edits.push({ kind: 'set', objectId: id, path: ['attributes', `seen-by-${w}`], value: true });
        for (const id of deleteIds(w)) edits.push({ kind: 'delete', objectId: id });
        const prev = (w + o.writers - 1) % o.writers;
        for (const id of deleteIds(prev)) edits.push({ kind: 'set', objectId: id, path: ['cuboid', 'center'], value: [1, 2, 3] });
      }
      const tracks = share(w);
      const track = tracks[Math.floor(rand() * tracks.length)];
      const start = Math.floor(rand() * Math.max(1, o.frames - o.edits));
      for (let i = 0; i < Math.min(o.edits, o.frames); i++) {
        const objectId = objectIdOf(start + i, track, o.objects);
        // The planted overlaps stay exactly as planted, so the expected conflicts are known.
        if (planted.has(objectId)) continue;
        const p = rand();
        if (p < 0.6) edits.push({ kind: 'set', objectId, path: ['cuboid', 'center'], value: [round(rand() * 100), round(rand() * 100), 0.8] });
        else if (p < 0.8) edits.push({ kind: 'set', objectId, path: ['cuboid', 'size'], value: [round(4 + rand()), round(1.8 + rand() * 0.3), 1.6] });
        else if (p < 0.9) edits.push({ kind: 'set', objectId, path: ['classId'], value: rand() < 0.5 ? 'van' : 'truck' });
        else edits.push({ kind: 'set', objectId, path: ['attributes', 'occluded'], value: rand() < 0.5 });
      }
      steps.push({ kind: 'commit', writer: w, createdAt: ++time, edits });
      if ((r + 1) % o.syncEvery === 0) steps.push({ kind: 'sync', writer: w, from: (w + 1) % o.writers });
    }
  }
  return {
    steps,
    sceneId: SCENE,
    planted: { sameField: conflictIds, differentField: fieldIds, deleted: Array.from({ length: o.writers }, (_, w) => deleteIds(w)).flat() },
    expected: { sameFieldConflicts: o.writers > 1 ? o.conflicts : 0, deleteEditConflicts: o.writers > 1 ? o.writers * o.deletes : 0, differentFieldMerges: o.conflicts },
  };
}
