import type Database from 'better-sqlite3';

/** A signed revision as the workspace keeps it: the store's bytes and what the sync needs to find it again. */
export interface KeptRevision {
  readonly address: string;
  readonly author: string;
  readonly sceneId: string;
  readonly createdAt: number;
  /** The stored object, byte for byte (canonical signed JSON). */
  readonly text: string;
  /** Made in this workspace (pushed by it), as opposed to pulled from the store. */
  readonly local: boolean;
  readonly pushed: boolean;
}

interface Row {
  address: string;
  author: string;
  scene_id: string;
  created_at: number;
  text: string;
  local: number;
  pushed: number;
}

const META_KEY_ID = 'sync_key_id';
const META_STORE = 'sync_store';
const META_REVISED_SEQ = 'sync_revised_seq';
const META_ROOT = 'sync_root_key';
const META_PUSHED_HEAD = 'sync_pushed_head';
/** Per scene, `sync_lane:<sceneId>`: the blind-replica lane this workspace's key was assigned there. */
const META_LANE = 'sync_lane:';

/**
 * The workspace's side of the shared store: the revisions it made or accepted (verified once, on
 * arrival), the heads each scene's next revision builds on, how far its operation log has been put
 * into revisions, and which operations the sync itself wrote. Tables from workspace schema 5.
 */
export class SyncLog {
  private readonly getMeta: Database.Statement<[string], { value: string }>;
  private readonly setMeta: Database.Statement<[string, string]>;
  private readonly insertRevision: Database.Statement<unknown[]>;
  private readonly selectRevision: Database.Statement<[string], Row>;
  private readonly selectScene: Database.Statement<[string], Row>;
  private readonly selectSince: Database.Statement<[number], { address: string; scene_id: string; arrival: number }>;
  private readonly selectSceneAddresses: Database.Statement<[string], { address: string }>;
  private readonly countUnpushed: Database.Statement<[], { n: number }>;
  private readonly maxArrival: Database.Statement<[], { n: number }>;
  private readonly selectText: Database.Statement<[string], { text: string }>;
  private readonly selectUnpushed: Database.Statement<[], Row>;
  private readonly markPushedStmt: Database.Statement<[string]>;
  private readonly markLocalUnpushed: Database.Statement<[]>;
  private readonly selectOwnHeads: Database.Statement<[{ author: string }], { address: string }>;
  private readonly selectHeads: Database.Statement<[string], { address: string }>;
  private readonly insertHead: Database.Statement<[string, string]>;
  private readonly insertApplied: Database.Statement<[string]>;
  private readonly selectApplied: Database.Statement<[string], { op_id: string }>;
  private readonly selectScenes: Database.Statement<[], { scene_id: string }>;
  private readonly countUncommitted: Database.Statement<[number], { n: number }>;
  private readonly counts: Database.Statement<[], { total: number; unpushed: number; local: number }>;
  private readonly deleteHeads: Database.Statement<[string]>;
  private readonly addTx: Database.Transaction<(revisions: readonly KeptRevision[], revisedSeq?: number) => void>;

  private readonly selectLanes: Database.Statement<[number, string], { key: string; value: string }>;
  private readonly deleteMeta: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database) {
    this.selectLanes = db.prepare('SELECT key, value FROM meta WHERE substr(key, 1, ?) = ? ORDER BY key');
    this.deleteMeta = db.prepare('DELETE FROM meta WHERE key = ?');
    this.getMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.insertRevision = db.prepare(
      `INSERT OR IGNORE INTO sync_revisions (address, author, scene_id, created_at, text, local, pushed, arrival)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.maxArrival = db.prepare('SELECT COALESCE(MAX(arrival), 0) AS n FROM sync_revisions');
    this.selectRevision = db.prepare('SELECT * FROM sync_revisions WHERE address = ?');
    this.selectScene = db.prepare('SELECT * FROM sync_revisions WHERE scene_id = ? ORDER BY arrival');
    // Through the (scene_id, arrival) index, then each row found by rowid: a scan of the table itself
    // would read every revision's text (arrival is stored after it), and this runs on every merge.
    this.selectSince = db.prepare(
      `SELECT r.address, s.scene_id, s.arrival
       FROM (SELECT rowid AS id, scene_id, arrival FROM sync_revisions INDEXED BY sync_revisions_scene WHERE arrival > ?) s
       JOIN sync_revisions r ON r.rowid = s.id ORDER BY s.arrival`,
    );
    this.selectSceneAddresses = db.prepare('SELECT address FROM sync_revisions WHERE scene_id = ? ORDER BY arrival');
    this.countUnpushed = db.prepare('SELECT COUNT(*) AS n FROM sync_revisions WHERE pushed = 0');
    this.selectText = db.prepare('SELECT text FROM sync_revisions WHERE address = ?');
    this.selectUnpushed = db.prepare('SELECT * FROM sync_revisions WHERE pushed = 0 ORDER BY arrival');
    this.markPushedStmt = db.prepare('UPDATE sync_revisions SET pushed = 1 WHERE address = ?');
    this.markLocalUnpushed = db.prepare('UPDATE sync_revisions SET pushed = 0 WHERE local = 1');
    this.selectOwnHeads = db.prepare(
      `SELECT address FROM sync_revisions r WHERE author = @author AND arrival =
         (SELECT MAX(arrival) FROM sync_revisions WHERE author = @author AND scene_id = r.scene_id) ORDER BY address LIMIT 256`,
    );
    this.selectHeads = db.prepare('SELECT address FROM sync_heads WHERE scene_id = ? ORDER BY address');
    this.deleteHeads = db.prepare('DELETE FROM sync_heads WHERE scene_id = ?');
    this.insertHead = db.prepare('INSERT OR IGNORE INTO sync_heads (scene_id, address) VALUES (?, ?)');
    this.insertApplied = db.prepare('INSERT OR IGNORE INTO sync_applied (op_id) VALUES (?)');
    this.selectApplied = db.prepare('SELECT op_id FROM sync_applied WHERE op_id = ?');
    this.selectScenes = db.prepare('SELECT DISTINCT scene_id FROM sync_revisions ORDER BY scene_id');
    this.countUncommitted = db.prepare('SELECT COUNT(*) AS n FROM operations o WHERE o.seq > ? AND NOT EXISTS (SELECT 1 FROM sync_applied a WHERE a.op_id = o.op_id)');
    this.counts = db.prepare('SELECT COUNT(*) AS total, COALESCE(SUM(pushed = 0), 0) AS unpushed, COALESCE(SUM(local), 0) AS local FROM sync_revisions');
    this.addTx = db.transaction((revisions, revisedSeq) => {
      // Numbered here, once per transaction (which holds the write lock), not by a MAX per row.
      let arrival = this.maxArrival.get()!.n;
      for (const r of revisions) {
        const added = this.insertRevision.run(r.address, r.author, r.sceneId, r.createdAt, r.text, r.local ? 1 : 0, r.pushed ? 1 : 0, arrival + 1);
        if (added.changes > 0) arrival++;
      }
      if (revisedSeq !== undefined) this.setMeta.run(META_REVISED_SEQ, String(revisedSeq));
    });
  }

  /** The key this workspace signs with, once it has one. */
  keyId(): string | null {
    return this.getMeta.get(META_KEY_ID)?.value ?? null;
  }

  setKeyId(keyId: string): void {
    this.setMeta.run(META_KEY_ID, keyId);
  }

  /** The shared store this workspace syncs with (a folder, s3:// or https:// location), or null. */
  storeLocation(): string | null {
    const value = this.getMeta.get(META_STORE)?.value;
    return value ? value : null;
  }

  /**
   * Joins another store (or none): this workspace's own revisions are due there again, its head
   * has not been written there, and its root is learnt anew.
   */
  setStoreLocation(location: string | null): void {
    this.transaction(() => {
      this.setMeta.run(META_STORE, location ?? '');
      this.setMeta.run(META_ROOT, '');
      this.setMeta.run(META_PUSHED_HEAD, '');
      this.markLocalUnpushed.run();
    });
  }

  /**
   * The lane of each scene this workspace's key was assigned to as a blind replica (its edits
   * there are written in it, and it sees that lane), as of the last assignments read. Kept, so
   * work done offline goes where the assignment said.
   */
  lanes(): Map<string, string> {
    return new Map(this.selectLanes.all(META_LANE.length, META_LANE).map((r) => [r.key.slice(META_LANE.length), r.value] as const));
  }

  /** Replaces the scenes' lanes (from the store's active assignments). */
  setLanes(lanes: ReadonlyMap<string, string>): void {
    this.transaction(() => {
      for (const sceneId of this.lanes().keys()) if (!lanes.has(sceneId)) this.deleteMeta.run(META_LANE + sceneId);
      for (const [sceneId, lane] of lanes) this.setMeta.run(META_LANE + sceneId, lane);
    });
  }

  /** The head this workspace last wrote to its store (its heads, sorted, comma-joined), or '' when none. */
  pushedHead(): string {
    return this.getMeta.get(META_PUSHED_HEAD)?.value ?? '';
  }

  setPushedHead(heads: readonly string[]): void {
    this.setMeta.run(META_PUSHED_HEAD, [...heads].sort().join(','));
  }

  /**
   * The store's root admin key as first seen (trust on first use): a store.json later naming
   * another root is reported, not followed, so a swapped store cannot register new writers.
   */
  pinnedRoot(): string | null {
    const value = this.getMeta.get(META_ROOT)?.value;
    return value ? value : null;
  }

  pinRoot(keyId: string | null): void {
    this.setMeta.run(META_ROOT, keyId ?? '');
  }

  /** Operations after the watermark that the sync did not write: this workspace's edits not yet in a revision. */
  uncommittedOperations(): number {
    return this.countUncommitted.get(this.revisedSeq())!.n;
  }

  /** The newest operation-log seq already carried by a revision (or written by the sync itself). */
  revisedSeq(): number {
    return Number(this.getMeta.get(META_REVISED_SEQ)?.value ?? 0);
  }

  /**
   * Keeps revisions and, in the same transaction, moves the watermark
   * of the operation log they carry: a crash leaves both or neither, so no edit is put into two
   * revisions and none into no revision.
   */
  add(revisions: readonly KeptRevision[], revisedSeq?: number): void {
    this.addTx.immediate(revisions, revisedSeq);
  }

  get(address: string): KeptRevision | null {
    const row = this.selectRevision.get(address);
    return row ? fromRow(row) : null;
  }

  has(address: string): boolean {
    return this.selectRevision.get(address) !== undefined;
  }

  /** A scene's revisions in the order they were kept (parents before children). */
  sceneRevisions(sceneId: string): KeptRevision[] {
    return this.selectScene.all(sceneId).map(fromRow);
  }

  /** The addresses of a scene's revisions in the order they were kept, without their texts. */
  sceneAddresses(sceneId: string): string[] {
    return this.selectSceneAddresses.all(sceneId).map((r) => r.address);
  }

  /** The scenes that have revisions. */
  scenes(): string[] {
    return this.selectScenes.all().map((r) => r.scene_id);
  }

  /** Revisions kept after `arrival` (by anyone: this process or another syncing the same workspace), in the order kept. */
  keptSince(arrival: number): { address: string; sceneId: string; arrival: number }[] {
    return this.selectSince.all(arrival).map((row) => ({ address: row.address, sceneId: row.scene_id, arrival: row.arrival }));
  }

  /** A kept revision's stored text. */
  text(address: string): string | null {
    return this.selectText.get(address)?.text ?? null;
  }

  /** Revisions the store does not hold yet, oldest first. */
  unpushed(): KeptRevision[] {
    return this.selectUnpushed.all().map(fromRow);
  }

  markPushed(address: string): void {
    this.markPushedStmt.run(address);
  }

  /**
   * The revisions the workspace's copy of a scene reflects: what its next revision builds on. Not
   * every revision kept: one pulled but not merged in yet is not something the user's edits saw.
   */
  heads(sceneId: string): string[] {
    return this.selectHeads.all(sceneId).map((r) => r.address);
  }

  setHeads(sceneId: string, heads: readonly string[]): void {
    this.deleteHeads.run(sceneId);
    for (const h of heads) this.insertHead.run(sceneId, h);
  }

  /** The newest revision this author made in each scene: the tips of its chains, which its head file names. */
  ownHeads(author: string): string[] {
    return this.selectOwnHeads.all({ author }).map((r) => r.address);
  }

  /** Records an operation the sync wrote (others' work merged in): it is never republished as this workspace's edit. */
  markApplied(opId: string): void {
    this.insertApplied.run(opId);
  }

  isApplied(opId: string): boolean {
    return this.selectApplied.get(opId) !== undefined;
  }

  /** How many revisions the store does not hold yet: from an index, without reading any revision. */
  unpushedCount(): number {
    return this.countUnpushed.get()!.n;
  }

  totals(): { revisions: number; unpushed: number; local: number } {
    const c = this.counts.get()!;
    return { revisions: c.total, unpushed: c.unpushed, local: c.local };
  }

  /** Runs `fn` in one write transaction of the workspace database. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function fromRow(row: Row): KeptRevision {
  return {
    address: row.address,
    author: row.author,
    sceneId: row.scene_id,
    createdAt: row.created_at,
    text: row.text,
    local: row.local === 1,
    pushed: row.pushed === 1,
  };
}
