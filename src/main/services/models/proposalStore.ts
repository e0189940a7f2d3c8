import type Database from 'better-sqlite3';
import { parseJson } from '../../../core/io/parseJson';
import { proposalSchema, type Proposal } from '../../../core/models/proposals/proposal';

interface Row {
  body: string;
}

/**
 * The workspace's `proposals` table: what generator runs proposed, per frame, in the order they
 * made it. A row whose body no longer parses (a build whose schema changed) is skipped, not fatal.
 */
export class ProposalStore {
  private readonly selectFrame: Database.Statement<[string, string], Row>;
  private readonly insert: Database.Statement<[string, string, string, string, string, number]>;
  private readonly removeRun: Database.Statement<[string, string, string]>;
  private readonly removeOne: Database.Statement<[string, string, string]>;
  private readonly lastOrdinal: Database.Statement<[string, string], { n: number | null }>;
  private readonly selectFrames: Database.Statement<[string, number], { frame_id: string }>;
  private readonly replaceTx: (sceneId: string, frameId: string, generatorId: string, proposals: readonly Proposal[]) => void;
  private readonly rejectTx: (sceneId: string, frameId: string, ids: readonly string[]) => number;

  constructor(db: Database.Database) {
    this.selectFrame = db.prepare('SELECT body FROM proposals WHERE scene_id = ? AND frame_id = ? ORDER BY ordinal');
    this.insert = db.prepare('INSERT INTO proposals (proposal_id, scene_id, frame_id, generator_id, body, ordinal) VALUES (?, ?, ?, ?, ?, ?)');
    this.removeRun = db.prepare('DELETE FROM proposals WHERE scene_id = ? AND frame_id = ? AND generator_id = ?');
    this.removeOne = db.prepare('DELETE FROM proposals WHERE scene_id = ? AND frame_id = ? AND proposal_id = ?');
    this.lastOrdinal = db.prepare('SELECT max(ordinal) AS n FROM proposals WHERE scene_id = ? AND frame_id = ?');
    // Read off the proposals_by_frame index alone: no row's body is touched.
    this.selectFrames = db.prepare('SELECT DISTINCT frame_id FROM proposals WHERE scene_id = ? ORDER BY frame_id LIMIT ?');
    this.replaceTx = db.transaction((sceneId, frameId, generatorId, proposals) => {
      this.removeRun.run(sceneId, frameId, generatorId);
      let ordinal = (this.lastOrdinal.get(sceneId, frameId)?.n ?? -1) + 1;
      for (const p of proposals) this.insert.run(p.proposalId, sceneId, frameId, generatorId, JSON.stringify(p), ordinal++);
    });
    this.rejectTx = db.transaction((sceneId, frameId, ids) => ids.reduce((n: number, id: string) => n + this.removeOne.run(sceneId, frameId, id).changes, 0));
  }

  /** A frame's proposals, oldest run first. */
  frame(sceneId: string, frameId: string): Proposal[] {
    return this.selectFrame.all(sceneId, frameId).flatMap((r) => {
      const json = parseJson(r.body);
      const parsed = json.ok ? proposalSchema.safeParse(json.value) : null;
      return parsed?.success ? [parsed.data] : [];
    });
  }

  /**
   * The frames of a scene holding proposals (rejected ones are deleted, so every row counts), in
   * frame-id order, at most `max`; `truncated` when there are more.
   */
  frames(sceneId: string, max: number): { frameIds: string[]; truncated: boolean } {
    const frameIds = this.selectFrames.all(sceneId, max + 1).map((r) => r.frame_id);
    const truncated = frameIds.length > max;
    if (truncated) frameIds.length = max;
    return { frameIds, truncated };
  }

  /** A generator's new run on a frame replaces what its last run there proposed, in one transaction. */
  replaceRun(sceneId: string, frameId: string, generatorId: string, proposals: readonly Proposal[]): void {
    this.replaceTx(sceneId, frameId, generatorId, proposals);
  }

  /** Drops proposals for good; answers how many there were. */
  reject(sceneId: string, frameId: string, proposalIds: readonly string[]): number {
    return this.rejectTx(sceneId, frameId, [...new Set(proposalIds)]);
  }
}
