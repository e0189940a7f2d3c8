import { randomUUID } from 'node:crypto';
import { keyStatusAt, mayWrite, openSigned, revisionBodySchema, verifiedBody, type Finding, type KeyRegistry, type RawData, type RevisionBody, type RevisionCrypto, type Role } from '../../../core/revisions';
import { blame, diffRecords, mergeRevisions, Merger, objectHistory, revertOperations, type AddressedRevision, type Conflict, type FieldBlame, type MergedState, type ObjectTouch } from '../../../core/sync';
import type { Operation } from '../../../core/editor/changes';
import type { SigningKey } from '../revisions/keyFiles';
import { publishRelease, type PublishedRelease } from '../revisions/releases';
import { StoreWriter } from '../revisions/storeWriter';
import { StoreUnreachableError, type SharedStore, type StoreCapabilities } from '../sharedStore/sharedStore';
import type { Workspace } from '../workspace/workspace';
import { applyMergedState } from './applyMerged';
import { readAssignedLanes } from './assignedLanes';
import { commitLocalRevisions, framesOf, pendingFrames, rawDataFor, signRevision } from './localRevisions';
import { resolutionOperation } from './resolveConflict';
import { pullRevisions } from './pullRevisions';
import { pushRevisions } from './pushRevisions';
import { readKeyRegistry } from './storeRegistry';
import { MAX_STATUS_FINDINGS, type SyncProgress, type SyncState, type SyncStatus } from './syncStatus';

export interface SyncEngineDeps {
  readonly key: SigningKey;
  readonly crypto: RevisionCrypto;
  /** Opens the store a location names (a folder, s3://, https://). */
  readonly open: (location: string) => SharedStore;
  readonly now: () => number;
  /** The ontology version new revisions are made under. */
  readonly ontologyVersion: () => number;
  /** Operations the sync wrote into the workspace (others' work merged in), for the host to announce. */
  readonly onApplied?: (applied: readonly { seq: number; op: Operation }[]) => void;
  readonly onStatus?: (status: SyncStatus) => void;
  /**
   * Lineage of labels made on these frames of a scene (raw file hashes, calibration version),
   * recorded in the revisions that carry them; absent: revisions record none.
   */
  readonly rawData?: (sceneId: string, frameIds: ReadonlySet<string>, signal?: AbortSignal) => Promise<RawData>;
  /** Worker threads checking pulled revisions; 0 checks on this thread. Default: pullRevisions decides by size. */
  readonly checkThreads?: number;
}

/**
 * One workspace's sync with its shared store. A cycle reads the store's keys, pulls and verifies
 * what others wrote, puts this workspace's new edits into signed revisions, merges each touched
 * scene (deterministic: the same revisions give the same state everywhere) into the workspace, and
 * pushes. Edits always commit locally first, so an unreachable store delays sharing, never editing.
 */
export class SyncEngine {
  private store: SharedStore | null = null;
  private readonly mergers = new Map<string, Merger>();
  /** Conflicts per scene as of its last merge (a state is rebuilt only when a scene changes). */
  private readonly conflictCounts = new Map<string, number>();
  /** The last revision arrival the mergers have taken in (another process may keep revisions in the same workspace). */
  private seenArrival = 0;
  /** Revisions this cycle pulled, already verified and parsed: the mergers take them as they are instead of parsing their text again. */
  private parsed = new Map<string, AddressedRevision>();
  private state: SyncState = 'off';
  private message = 'Not connected to a shared store';
  private role: Role | null = null;
  /** The store's keys as of the last cycle: who wrote what, by name. */
  private registry: KeyRegistry | null = null;
  private mayPush = false;
  private capabilities: StoreCapabilities | null = null;
  private behind = 0;
  private excluded: Finding[] = [];
  private lastSyncAt: number | null = null;
  private progress: SyncProgress | null = null;
  private running: Promise<SyncStatus> | null = null;
  private again = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly deps: SyncEngineDeps,
  ) {
    const location = workspace.sync.storeLocation();
    if (location) this.openStore(location);
  }

  /** Joins the store at `location` (remembered by the workspace) and syncs once. */
  async connect(location: string): Promise<SyncStatus> {
    if (location !== this.workspace.sync.storeLocation()) this.workspace.sync.setStoreLocation(location);
    await this.closeStore();
    this.openStore(location);
    return this.syncNow();
  }

  /** Stops syncing; the workspace keeps every revision it has and forgets the location. */
  async disconnect(): Promise<SyncStatus> {
    this.workspace.sync.setStoreLocation(null);
    await this.closeStore();
    this.setState('off', 'Not connected to a shared store');
    return this.status();
  }

  get connectedStore(): SharedStore | null {
    return this.store;
  }

  /**
   * Runs one sync cycle, or waits for the running one and then runs another (edits made during a
   * cycle are pushed by the next one, not lost in between).
   */
  syncNow(signal?: AbortSignal): Promise<SyncStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<SyncStatus> => {
      try {
        do {
          this.again = false;
          await this.cycle(signal);
        } while (this.again && !signal?.aborted);
        return this.status();
      } finally {
        this.running = null;
      }
    };
    this.running = run();
    return this.running;
  }

  status(): SyncStatus {
    return {
      location: this.workspace.sync.storeLocation(),
      state: this.state,
      message: this.message,
      keyId: this.deps.key.keyId,
      publicKey: this.deps.key.publicKey,
      role: this.role,
      capabilities: this.capabilities,
      ahead: { operations: this.workspace.sync.uncommittedOperations(), revisions: this.workspace.sync.unpushedCount() },
      behind: this.behind,
      conflicts: [...this.conflictCounts.values()].reduce((a, b) => a + b, 0),
      excluded: this.excluded.length,
      findings: this.excluded.slice(0, MAX_STATUS_FINDINGS).map(({ path, status, message }) => ({ path, status, message })),
      lastSyncAt: this.lastSyncAt,
      progress: this.progress,
    };
  }

  /**
   * The merged state the workspace shows of a scene: the shared history, or where this workspace's
   * key was assigned a blind replica, its lane (its own work on the shared base, nobody else's).
   */
  merged(sceneId: string): MergedState {
    const lane = this.shownLane(sceneId);
    return this.merger(sceneId).state(lane === undefined ? {} : { lane });
  }

  /**
   * The lane the workspace shows of a scene: its assigned lane once that lane has revisions; until
   * then the shared history, which the lane's first revision builds on (see laneParents), so an
   * assignment never takes from view what was there when it arrived.
   */
  private shownLane(sceneId: string): string | undefined {
    const lane = this.workspace.sync.lanes().get(sceneId);
    return lane !== undefined && this.merger(sceneId).laneNames().includes(lane) ? lane : undefined;
  }

  /** What this workspace's next revision of a scene builds on: its merged heads, or for a lane's first revision the shared history's. */
  private readonly laneParents = (sceneId: string): readonly string[] => {
    const lane = this.workspace.sync.lanes().get(sceneId);
    if (lane === undefined || this.shownLane(sceneId) !== undefined) return this.workspace.sync.heads(sceneId);
    return this.merger(sceneId).state().heads;
  };

  /** The scene's merger, built once from every revision the workspace keeps for it. */
  merger(sceneId: string): Merger {
    this.catchUp();
    let merger = this.mergers.get(sceneId);
    if (!merger) {
      merger = new Merger();
      // Texts are read only for revisions not just pulled (and parsed) by this cycle.
      for (const address of this.workspace.sync.sceneAddresses(sceneId)) merger.add(this.parsed.get(address) ?? parseKept(address, this.workspace.sync.text(address) ?? ''));
      this.mergers.set(sceneId, merger);
    }
    return merger;
  }

  /** Takes in revisions kept since the mergers last looked, whoever kept them; a merger ignores what it has. */
  private catchUp(): void {
    for (const { address, sceneId, arrival } of this.workspace.sync.keptSince(this.seenArrival)) {
      this.seenArrival = arrival;
      const merger = this.mergers.get(sceneId);
      if (!merger) continue;
      const revision = this.parsed.get(address) ?? parseKept(address, this.workspace.sync.text(address) ?? '');
      merger.add(revision);
    }
  }

  /** Adds revisions this workspace made outside a cycle (a conflict's resolution) and merges their scene now. */
  adopt(sceneId: string, revisions: readonly AddressedRevision[]): void {
    const merger = this.merger(sceneId);
    for (const r of revisions) merger.add(r);
    this.mergeIntoWorkspace([sceneId]);
  }

  /** Makes a Cairn store at the connected location, with this workspace's key as its root admin, and syncs. */
  async createStore(name: string): Promise<SyncStatus> {
    const store = this.requireStore();
    await this.running?.catch(() => undefined);
    if (this.state !== 'no-store') throw new SyncRefusal(`${store.label} already holds a Cairn store (or was not read yet): connect to it instead`);
    await StoreWriter.create(store, this.deps.key, { name, createdAt: this.deps.now() });
    this.workspace.sync.pinRoot(this.deps.key.keyId);
    return this.syncNow();
  }

  /** Registers someone's key with a role, signed by this workspace's key (an admin's), and syncs. */
  async registerKey(input: { publicKey: string; role: Role; name: string }): Promise<SyncStatus> {
    const store = this.requireStore();
    if (this.role !== 'admin') throw new SyncRefusal(`only an admin of ${store.label} registers keys; this workspace is ${this.role ? `a ${this.role}` : 'not registered'} there`);
    const keyId = this.deps.crypto.keyIdOf(input.publicKey);
    if (this.registry?.keys.has(keyId)) throw new SyncRefusal(`key ${keyId} is already registered in ${store.label} (as ${this.registry.keys.get(keyId)!.role})`);
    const now = this.deps.now();
    await new StoreWriter(store).writeKeyRecord(this.deps.key, { action: 'register', keyId, publicKey: input.publicKey, role: input.role, name: input.name, validFrom: now, createdAt: now });
    return this.syncNow();
  }

  /**
   * Publishes a release: a reviewed snapshot naming the heads of every scene's shared history, as
   * the next entry of the store's numbered log (create-only, so two publishers cannot both take a
   * number; refused on a store without conditional writes). Syncs first, so it names what the team has.
   */
  async publishRelease(message: string): Promise<PublishedRelease & { heads: string[] }> {
    const store = this.requireStore();
    const status = await this.syncNow();
    if (status.state !== 'idle') throw new SyncRefusal(`cannot release while the sync is ${status.state}: ${status.message}`);
    if (!this.role || !mayWrite(this.role, 'releases')) throw new SyncRefusal(`only reviewers and admins publish releases of ${store.label}; this workspace is ${this.role ? `a ${this.role}` : 'not registered'} there`);
    const heads = [...new Set(this.workspace.sync.scenes().flatMap((sceneId) => this.merged(sceneId).heads))].sort();
    if (heads.length === 0) throw new SyncRefusal(`${store.label} has no shared history to release yet`);
    const published = await publishRelease(store, this.deps.key, { heads, message, createdAt: this.deps.now() });
    return { ...published, heads };
  }

  /** Who a key is, as the store registered it. */
  authorName(keyId: string): string {
    return this.registry?.keys.get(keyId)?.name ?? `unregistered key ${keyId.slice(0, 12)}`;
  }

  /** A scene's unresolved conflicts. */
  conflicts(sceneId: string): readonly Conflict[] {
    return this.merged(sceneId).conflicts;
  }

  /**
   * Settles a conflict on one side, as a new signed revision built on every side (so it
   * supersedes them all everywhere it is merged), merged into the workspace and pushed.
   */
  async resolve(input: { sceneId: string; entity: 'object' | 'track'; id: string; field: string; keep: string }): Promise<SyncStatus> {
    return this.writeOwnRevision(input.sceneId, (merged, author, at) => {
      const conflict = merged.conflicts.find((c) => c.entity === input.entity && c.id === input.id && c.field === input.field);
      if (!conflict) throw new SyncRefusal(`no conflict on ${input.field} of ${input.entity} ${input.id} in scene ${input.sceneId} (resolved already?)`);
      return resolutionOperation(merged, conflict, input.keep, { sceneId: input.sceneId, author, at });
    });
  }

  /** Brings an object back to what it was at one of its revisions, as a new revision (history is never rewritten). */
  async revert(input: { sceneId: string; objectId: string; toRevision: string }): Promise<SyncStatus> {
    return this.writeOwnRevision(input.sceneId, (_merged, author, at) => {
      const merger = this.merger(input.sceneId);
      if (!objectHistory(merger, input.objectId).some((t) => t.revision === input.toRevision)) {
        throw new SyncRefusal(`revision ${input.toRevision} did not touch object ${input.objectId}`);
      }
      const plan = revertOperations(merger, input.objectId, input.toRevision, { stamp: { author, at } });
      if (plan.changes.length === 0) throw new SyncRefusal(`object ${input.objectId} is already as it was at ${input.toRevision.slice(0, 12)}`);
      return { opId: randomUUID(), sceneId: input.sceneId, author, at, label: `Revert to ${input.toRevision.slice(0, 12)}`, changes: plan.changes };
    });
  }

  /** Every revision that touched an object (causal order), with the fields each changed, and who set each field now shown. */
  history(sceneId: string, objectId: string): { touches: (ObjectTouch & { fields: string[] })[]; blame: FieldBlame[] } {
    const merger = this.merger(sceneId);
    return {
      touches: objectHistory(merger, objectId).map((t) => ({ ...t, fields: diffRecords(t.before, t.after).map((d) => d.field) })),
      blame: blame(merger, objectId),
    };
  }

  /**
   * Reads the store's key records (names and roles for a log) without syncing; false when the
   * store cannot be reached, and names stay key ids.
   */
  async readRegistry(signal?: AbortSignal): Promise<boolean> {
    if (!this.store) return false;
    try {
      const pinned = this.workspace.sync.pinnedRoot();
      this.registry = (await readKeyRegistry(this.store, this.deps.crypto, { ...(pinned ? { rootKeyId: pinned } : {}), signal })).registry;
      return true;
    } catch {
      return false;
    }
  }

  /** A kept revision of the scene named by its address or a unique prefix of it (at least 6 hex digits). */
  findRevision(sceneId: string, prefix: string): AddressedRevision {
    if (!/^[0-9a-f]{6,64}$/.test(prefix)) throw new SyncRefusal(`"${prefix}" is not a revision address (6 to 64 lowercase hex digits)`);
    const found = this.workspace.sync.sceneRevisions(sceneId).filter((r) => r.address.startsWith(prefix));
    if (found.length === 0) throw new SyncRefusal(`scene ${sceneId} has no revision ${prefix} in this workspace`);
    if (found.length > 1) throw new SyncRefusal(`${prefix} names ${found.length} revisions of scene ${sceneId}; give more digits`);
    return parseKept(found[0].address, found[0].text);
  }

  /** The scene as one revision saw it: merged from it and its ancestors only. */
  stateAt(sceneId: string, address: string): MergedState {
    const byAddress = new Map(this.workspace.sync.sceneRevisions(sceneId).map((r) => [r.address, r]));
    const seen = new Set<string>();
    const stack = [address];
    const chosen: AddressedRevision[] = [];
    while (stack.length) {
      const a = stack.pop()!;
      if (seen.has(a)) continue;
      seen.add(a);
      const kept = byAddress.get(a);
      if (!kept) continue;
      const revision = parseKept(kept.address, kept.text);
      chosen.push(revision);
      stack.push(...revision.body.parents);
    }
    const lane = chosen.find((r) => r.address === address)?.body.lane;
    return mergeRevisions(chosen, lane === undefined ? {} : { lane });
  }

  /** The role a key was registered with, if it was. */
  roleOf(keyId: string): Role | null {
    return this.registry?.keys.get(keyId)?.role ?? null;
  }

  /**
   * Signs one operation of this workspace's own as a revision on the scene's heads, after putting
   * any pending edits into revisions and merging, so the heads are every side the user saw.
   */
  private async writeOwnRevision(
    sceneId: string,
    build: (merged: MergedState, author: string, at: number) => Operation,
    consensus?: { readonly replicaHeads: (merger: Merger) => readonly string[] },
  ): Promise<SyncStatus> {
    const store = this.requireStore();
    if (!this.mayPush) throw new SyncRefusal(`this workspace may not write to ${store.label} (${this.role ? `a ${this.role}` : 'its key is not registered'})`);
    await this.running?.catch(() => undefined);
    const lineage = await this.lineageOfOwn(sceneId, build, consensus !== undefined);
    // Hashing awaited: a sync cycle may have started meanwhile, and the heads are read only once it ends.
    await this.running?.catch(() => undefined);
    const committed = commitLocalRevisions(this.workspace, this.deps.key, {
      ontologyVersion: this.deps.ontologyVersion(),
      now: this.deps.now(),
      parentsOf: this.laneParents,
      rawDataOf: (id) => lineage?.get(id),
    });
    for (const r of committed.revisions) this.merger(r.sceneId).add(parseKept(r.address, r.text));
    this.mergeIntoWorkspace([sceneId]);
    const now = this.deps.now();
    const merger = this.merger(sceneId);
    // A consensus goes into the shared history whatever lane this workspace works in, built on every replica.
    const lane = consensus ? undefined : this.workspace.sync.lanes().get(sceneId);
    const parents = consensus ? [...new Set([...merger.state().heads, ...consensus.replicaHeads(merger)])].sort() : this.laneParents(sceneId);
    const op = build(consensus ? merger.state() : this.merged(sceneId), this.authorName(this.deps.key.keyId), now);
    const rawData = rawDataFor([op], lineage?.get(sceneId));
    const revision = signRevision(this.deps.key, { sceneId, parents, operations: [op], ontologyVersion: this.deps.ontologyVersion(), createdAt: now, message: op.label, lane, rawData });
    this.workspace.sync.transaction(() => {
      this.workspace.sync.add([revision]);
      if (lane === this.workspace.sync.lanes().get(sceneId)) this.workspace.sync.setHeads(sceneId, [revision.address]);
    });
    this.adopt(sceneId, [parseKept(revision.address, revision.text)]);
    return this.syncNow();
  }

  /**
   * Writes the consensus of a scene's blind replicas into its shared history: one revision whose
   * parents are the shared heads and every replica lane's heads, so each replica is its ancestor
   * (history and lineage reach the annotators' work) while no replica is merged into another.
   */
  publishConsensus(sceneId: string, build: (shared: MergedState, author: string, at: number) => Operation): Promise<SyncStatus> {
    return this.writeOwnRevision(sceneId, build, { replicaHeads: (merger) => merger.laneNames().flatMap((lane) => merger.state({ lane }).heads) });
  }

  private requireStore(): SharedStore {
    if (!this.store) throw new SyncRefusal('this workspace is not connected to a shared store');
    return this.store;
  }

  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.closeStore();
  }

  private openStore(location: string): void {
    this.store = this.deps.open(location);
    this.capabilities = null;
    this.role = null;
  }

  private async closeStore(): Promise<void> {
    const store = this.store;
    this.store = null;
    await store?.close().catch(() => undefined);
  }

  /** The lineage of the frames pending edits touch, per scene and frame; a scene whose data cannot be read records none. */
  private lineageOfPending(signal?: AbortSignal): Promise<Map<string, Map<string, RawData[number]>> | undefined> {
    return this.lineageOf(pendingFrames(this.workspace), signal);
  }

  private async lineageOf(framesByScene: ReadonlyMap<string, ReadonlySet<string>>, signal?: AbortSignal): Promise<Map<string, Map<string, RawData[number]>> | undefined> {
    const rawData = this.deps.rawData;
    if (!rawData) return undefined;
    const out = new Map<string, Map<string, RawData[number]>>();
    for (const [sceneId, frames] of framesByScene) {
      if (frames.size === 0) continue;
      const entries = await rawData(sceneId, frames, signal).catch(() => []);
      out.set(sceneId, new Map(entries.map((e) => [e.frameId, e])));
    }
    return out;
  }

  /**
   * The lineage for a revision of the workspace's own (a resolution, a revert, a consensus) and the
   * pending edits committed with it: the frames a draft of the operation touches, hashed before the
   * heads are read (hashing awaits; the operation itself is built again on the heads as they are then).
   */
  private async lineageOfOwn(
    sceneId: string,
    build: (merged: MergedState, author: string, at: number) => Operation,
    consensus: boolean,
  ): Promise<Map<string, Map<string, RawData[number]>> | undefined> {
    if (!this.deps.rawData) return undefined;
    const draft = build(consensus ? this.merger(sceneId).state() : this.merged(sceneId), this.authorName(this.deps.key.keyId), this.deps.now());
    const pending = pendingFrames(this.workspace);
    pending.set(sceneId, new Set([...(pending.get(sceneId) ?? []), ...framesOf(draft)]));
    return this.lineageOf(pending);
  }

  private async cycle(signal?: AbortSignal): Promise<void> {
    const store = this.store;
    if (!store) return this.setState('off', 'Not connected to a shared store');
    try {
      this.setState('syncing', `Syncing with ${store.label}`, { phase: 'registry', done: 0, total: 1 });
      this.capabilities = await store.capabilities(signal);
      const pinned = this.workspace.sync.pinnedRoot();
      const { registry, findings, hasStoreFile } = await readKeyRegistry(store, this.deps.crypto, { ...(pinned ? { rootKeyId: pinned } : {}), signal });
      if (!hasStoreFile) return this.setState('no-store', `${store.label} holds no Cairn store yet: create one there (this workspace becomes its admin)`);
      if (!pinned && registry.rootKeyId) this.workspace.sync.pinRoot(registry.rootKeyId);
      const registryProblems = findings.filter((f) => f.status !== 'ok');
      this.registry = registry;
      const mayPush = (this.mayPush = this.checkRegistration(registry));
      // Before committing: edits made for an assigned scene go into its lane, offline ones included.
      if (this.role) this.workspace.sync.setLanes(await readAssignedLanes(store, registry, this.deps.crypto, this.deps.key.keyId, signal));

      this.setState('syncing', `Pulling from ${store.label}`, { phase: 'pull', done: 0, total: 0 });
      const pulled = await pullRevisions(store, this.workspace.sync, registry, this.deps.crypto, {
        signal,
        threads: this.deps.checkThreads,
        onProgress: (done) => this.setState('syncing', `Pulling from ${store.label}`, { phase: 'pull', done, total: 0 }),
      });
      this.excluded = [...registryProblems, ...pulled.excluded];
      this.behind = pulled.missing.length;
      // Hashing raw files awaits, so it runs here, before the commit (edits made meanwhile are committed without it).
      const rawData = mayPush ? await this.lineageOfPending(signal) : undefined;

      // From here to the merge nothing awaits, so no edit lands between the commit and the merge that builds on it.
      const touched = new Set<string>();
      this.parsed = new Map(pulled.accepted.map((r) => [r.address, r]));
      try {
        const byScene = new Map<string, AddressedRevision[]>();
        for (const r of pulled.accepted) {
          const list = byScene.get(r.body.sceneId);
          if (list) list.push(r);
          else byScene.set(r.body.sceneId, [r]);
        }
        // One merger look-up per scene, not per revision: each catches up on what was kept since.
        for (const [sceneId, revisions] of byScene) {
          this.merger(sceneId).addAll(revisions);
          touched.add(sceneId);
        }
      } finally {
        this.parsed = new Map();
      }
      if (mayPush) {
        const committed = commitLocalRevisions(this.workspace, this.deps.key, { ontologyVersion: this.deps.ontologyVersion(), now: this.deps.now(), parentsOf: this.laneParents, rawDataOf: (sceneId) => rawData?.get(sceneId) });
        for (const r of committed.revisions) {
          this.merger(r.sceneId).add(parseKept(r.address, r.text));
          touched.add(r.sceneId);
        }
      }
      for (const sceneId of this.workspace.sync.scenes()) if (!this.conflictCounts.has(sceneId)) touched.add(sceneId);
      this.mergeIntoWorkspace([...touched].sort());

      if (mayPush && this.capabilities.write) {
        this.setState('syncing', `Pushing to ${store.label}`, { phase: 'push', done: 0, total: 0 });
        await pushRevisions(store, this.workspace.sync, this.deps.key, {
          now: this.deps.now(),
          signal,
          onProgress: (p) => this.setState('syncing', `Pushing to ${store.label}`, { phase: 'push', ...p }),
        });
      }
      this.lastSyncAt = this.deps.now();
      if (!this.role) {
        return this.setState('unregistered', `This workspace's key is not registered in ${store.label}: ask an admin to register key ${this.deps.key.publicKey}; edits stay here until then`);
      }
      const conflicts = this.status().conflicts;
      this.setState('idle', conflicts > 0 ? `Synced with ${store.label}; ${conflicts} conflict(s) to resolve` : `Synced with ${store.label}`);
    } catch (e) {
      if (signal?.aborted) return this.setState('idle', 'Sync cancelled');
      if (e instanceof StoreUnreachableError) return this.setState('offline', `${e.message}; edits are kept here and the sync retries`);
      this.setState('error', (e as Error).message);
    }
  }

  /** Whether this workspace may push now: its key is registered, valid now, with a role that writes annotations. */
  private checkRegistration(registry: KeyRegistry): boolean {
    const key = registry.keys.get(this.deps.key.keyId);
    this.role = key?.role ?? null;
    if (!key) return false;
    return keyStatusAt(key, this.deps.now()).status === 'ok' && mayWrite(key.role, 'annotations');
  }

  /**
   * Writes each scene's merged state into the workspace. A scene is left alone while this
   * workspace holds edits not yet in a revision (a key not registered yet): the merge does not
   * know them, and applying it would undo them.
   */
  private mergeIntoWorkspace(scenes: readonly string[]): void {
    if (scenes.length === 0 || this.workspace.sync.uncommittedOperations() > 0) return;
    const applied: { seq: number; op: Operation }[] = [];
    for (const sceneId of scenes) {
      this.progress = { phase: 'merge', done: applied.length, total: scenes.length };
      const merged = this.merged(sceneId);
      this.conflictCounts.set(sceneId, merged.conflicts.length);
      applied.push(...applyMergedState(this.workspace, sceneId, merged, this.deps.now()));
    }
    if (applied.length) this.deps.onApplied?.(applied);
  }

  private setState(state: SyncState, message: string, progress: SyncProgress | null = null): void {
    this.state = state;
    this.message = message;
    this.progress = progress;
    this.deps.onStatus?.(this.status());
  }
}

/** A kept revision's body: it was verified when it was kept, so only parsed here (in full only if it is not a canonical envelope, to say what is wrong). */
export function parseKept(address: string, text: string): AddressedRevision {
  const body = verifiedBody(text);
  if (body) return { address, body: body as unknown as RevisionBody };
  const opened = openSigned(text);
  if (!opened.ok) throw new Error(`kept revision ${address}: ${opened.message}`);
  return { address, body: revisionBodySchema.parse(opened.body) };
}

/** A sync request that cannot be done as asked (not an admin, no store, nothing to resolve): the message says why. */
export class SyncRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncRefusal';
  }
}
