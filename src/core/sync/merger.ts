import { entityKey, revisionEffects, type EntityEffect } from './effects';
import { LaneView } from './laneView';
import { RevisionGraph, type RevisionNode } from './revisionGraph';
import type { AddressedRevision, MergedState, MergeOptions, PendingRevision, RejectedRevision } from './types';

export interface MergerOptions {
  /** Refuse revisions of any other scene. */
  readonly sceneId?: string;
}

/**
 * The merge of a scene's revisions, fed a few at a time as pull brings them. Revisions may come in
 * any order: one whose parents are not all here yet is held (pending) and applied when they
 * arrive. The state after any arrival order of the same set is the same.
 *
 * Revisions are taken as verified (address and signature checked by src/core/revisions/verify).
 */
export class Merger {
  readonly graph = new RevisionGraph();
  private readonly effects = new Map<string, readonly EntityEffect[]>();
  private readonly shared: LaneView;
  private readonly lanes = new Map<string, LaneView>();
  private readonly waiting = new Map<string, AddressedRevision[]>();
  private readonly held = new Map<string, AddressedRevision>();
  private readonly refused = new Map<string, string>();
  /** Per entity (entityKey), the revisions that touched it, in arrival order. */
  private readonly touched = new Map<string, RevisionNode[]>();

  constructor(private readonly options: MergerOptions = {}) {
    this.shared = new LaneView(undefined, this.graph, this.effectsOf);
  }

  private readonly effectsOf = (node: RevisionNode): readonly EntityEffect[] => this.effects.get(node.address) ?? [];

  add(revision: AddressedRevision): void {
    const queue = [revision];
    while (queue.length) {
      const r = queue.pop() as AddressedRevision;
      const released = this.take(r);
      for (const child of released) queue.push(child);
    }
  }

  addAll(revisions: Iterable<AddressedRevision>): this {
    for (const r of revisions) this.add(r);
    return this;
  }

  /** Takes one revision in; returns those that were waiting for it. */
  private take(r: AddressedRevision): AddressedRevision[] {
    const { address, body } = r;
    if (this.graph.has(address) || this.refused.has(address)) return [];
    this.held.delete(address);
    const refusal = this.refusal(r);
    if (refusal) return this.refuse(address, refusal);
    const missing = body.parents.filter((p) => !this.graph.has(p));
    if (missing.length) {
      this.held.set(address, r);
      // Waits on every missing parent, so a parent refused while another is still missing refuses it at once, whatever the order.
      for (const p of missing) {
        const list = this.waiting.get(p);
        if (!list) this.waiting.set(p, [r]);
        else if (!list.some((w) => w.address === address)) list.push(r);
      }
      return [];
    }
    this.apply(r);
    const released = this.waiting.get(address) ?? [];
    this.waiting.delete(address);
    return released;
  }

  private refusal({ body }: AddressedRevision): string | null {
    if (this.options.sceneId !== undefined && body.sceneId !== this.options.sceneId) return `it is of scene ${body.sceneId}, not ${this.options.sceneId}`;
    for (const p of body.parents) {
      if (this.refused.has(p)) return `its parent ${p} was refused`;
      const parent = this.graph.get(p);
      // Blind replicas never see one another: a lane builds on the shared history and itself only.
      if (body.lane !== undefined && parent && parent.lane !== undefined && parent.lane !== body.lane) {
        return `it is in lane "${body.lane}" but builds on ${p} of lane "${parent.lane}"`;
      }
    }
    return null;
  }

  private refuse(address: string, reason: string): AddressedRevision[] {
    this.refused.set(address, reason);
    this.held.delete(address);
    // Whatever waits on a refused revision can never be applied: refuse it now, with the reason.
    const waiters = this.waiting.get(address) ?? [];
    this.waiting.delete(address);
    return waiters;
  }

  private apply({ address, body }: AddressedRevision): void {
    const node = this.graph.insert(address, body);
    const effects = revisionEffects(body);
    this.effects.set(address, effects);
    for (const e of effects) {
      const key = entityKey(e.entity, e.id);
      const list = this.touched.get(key);
      if (list) list.push(node);
      else this.touched.set(key, [node]);
    }
    if (node.lane === undefined) this.shared.admit(node);
    else {
      let view = this.lanes.get(node.lane);
      if (!view) this.lanes.set(node.lane, (view = new LaneView(node.lane, this.graph, this.effectsOf)));
      view.admit(node);
    }
  }

  /** The merged state of the shared history, or of one lane. */
  state(options: MergeOptions = {}): MergedState {
    return this.view(options.lane).state(this.pending(), this.rejected());
  }

  /** The view of a lane (an empty one for a lane with no revisions yet). */
  view(lane: string | undefined): LaneView {
    if (lane === undefined) return this.shared;
    return this.lanes.get(lane) ?? new LaneView(lane, this.graph, this.effectsOf);
  }

  laneNames(): string[] {
    return [...this.lanes.keys()].sort();
  }

  /** The revisions that touched an entity, in arrival order (callers sort). */
  touchedBy(key: string): readonly RevisionNode[] {
    return this.touched.get(key) ?? [];
  }

  effectsOfRevision(address: string): readonly EntityEffect[] {
    return this.effects.get(address) ?? [];
  }

  pending(): PendingRevision[] {
    return [...this.held.values()]
      .map((r) => ({ address: r.address, missing: r.body.parents.filter((p) => !this.graph.has(p)) }))
      .sort((a, b) => (a.address < b.address ? -1 : 1));
  }

  rejected(): RejectedRevision[] {
    return [...this.refused].map(([address, reason]) => ({ address, reason })).sort((a, b) => (a.address < b.address ? -1 : 1));
  }
}

/** The merged state of a set of revisions, in one call. */
export function mergeRevisions(revisions: Iterable<AddressedRevision>, options: MergeOptions & MergerOptions = {}): MergedState {
  return new Merger(options).addAll(revisions).state(options);
}
