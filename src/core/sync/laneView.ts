import type { AnnotationRecord } from '../annotations/registry';
import type { TrackSettings } from '../tracks/trackSettings';
import { entityKey, type EntityEffect } from './effects';
import { EntityMerge } from './entityMerge';
import { causalCompare, precedesOrIs, type RevisionGraph, type RevisionNode } from './revisionGraph';
import type { Conflict, MergedState, PendingRevision, RejectedRevision } from './types';

/**
 * The merged state of one lane, kept up to date as revisions arrive; only the entities a new
 * revision touched are resolved again.
 *
 * The shared history's view holds every revision without a lane. A lane's view holds its own
 * revisions and the shared revisions they build on (the base the replica started from), and
 * nothing of any other lane: a consensus revision in the shared history that names every replica
 * as a parent is seen by the shared view with its own changes only, and by no lane.
 */
export class LaneView {
  readonly included = new Set<string>();
  /** Revisions whose ancestry has been walked for this lane (included or not). */
  private readonly walked = new Set<string>();
  private heads: RevisionNode[] = [];
  private readonly entities = new Map<string, EntityMerge>();
  private readonly dirty = new Set<string>();
  private readonly records = new Map<string, AnnotationRecord>();
  private readonly settings = new Map<string, TrackSettings>();
  private readonly conflicts = new Map<string, readonly Conflict[]>();

  constructor(
    readonly lane: string | undefined,
    private readonly graph: RevisionGraph,
    private readonly effectsOf: (node: RevisionNode) => readonly EntityEffect[],
  ) {}

  /** A revision of this lane arrives (its parents are in the graph). */
  admit(node: RevisionNode): void {
    if (this.lane !== undefined) {
      const base: RevisionNode[] = [];
      const stack = [...node.body.parents];
      while (stack.length) {
        const address = stack.pop() as string;
        if (this.walked.has(address)) continue;
        this.walked.add(address);
        const n = this.graph.get(address) as RevisionNode;
        if (n.lane === undefined || n.lane === this.lane) base.push(n);
        stack.push(...n.body.parents);
      }
      base.sort(causalCompare).forEach((n) => this.include(n));
    }
    this.include(node);
  }

  private include(node: RevisionNode): void {
    if (this.included.has(node.address)) return;
    this.included.add(node.address);
    this.walked.add(node.address);
    for (const effect of this.effectsOf(node)) {
      const key = entityKey(effect.entity, effect.id);
      let merge = this.entities.get(key);
      if (!merge) this.entities.set(key, (merge = new EntityMerge(effect.entity, effect.id)));
      merge.apply(node, effect);
      this.dirty.add(key);
    }
    this.heads = this.heads.filter((h) => !precedesOrIs(h, node));
    this.heads.push(node);
  }

  entity(key: string): EntityMerge | undefined {
    return this.entities.get(key);
  }

  headNodes(): readonly RevisionNode[] {
    return this.heads;
  }

  state(pending: readonly PendingRevision[], rejected: readonly RejectedRevision[]): MergedState {
    for (const key of this.dirty) {
      const merge = this.entities.get(key) as EntityMerge;
      const { value, conflicts } = merge.resolve();
      const target: Map<string, unknown> = merge.entity === 'object' ? this.records : this.settings;
      if (value) target.set(merge.id, value);
      else target.delete(merge.id);
      if (conflicts.length) this.conflicts.set(key, conflicts);
      else this.conflicts.delete(key);
    }
    this.dirty.clear();
    const conflicts = [...this.conflicts.keys()].sort().flatMap((k) => this.conflicts.get(k) as readonly Conflict[]);
    return {
      lane: this.lane ?? null,
      records: new Map(this.records),
      trackSettings: new Map(this.settings),
      conflicts,
      heads: this.heads.map((h) => h.address).sort(),
      pending,
      rejected,
    };
  }
}
