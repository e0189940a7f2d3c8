import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { ModelStore } from '../models/modelStore';
import { ProposalStore } from '../models/proposalStore';
import { OntologyStore } from '../ontology/ontologyStore';
import { SyncLog } from '../sync/syncLog';
import { AnnotationRepository } from './annotationRepository';
import { WorkspaceSettings } from './workspaceSettings';
import { openWorkspaceDb, WorkspaceDbError, type OpenWorkspaceDbOptions } from './workspaceDb';

export const WORKSPACE_DB_FILE = 'workspace.sqlite';

/** A workspace folder: one SQLite database holding the working copy and the operation log. */
export class Workspace {
  readonly dir: string;
  readonly file: string;
  readonly workspaceId: string;
  /** Milliseconds since the Unix epoch when the workspace was first created. */
  readonly createdAt: number;
  readonly annotations: AnnotationRepository;
  readonly settings: WorkspaceSettings;
  /** Every ontology version the workspace's records were made under. */
  readonly ontologies: OntologyStore;
  /** The signed revisions made here or pulled from the shared store, and how far the log has been put into them. */
  readonly sync: SyncLog;
  /** The ONNX models registered here, with their cards. */
  readonly models: ModelStore;
  /** What generator runs proposed, per frame, until accepted, rejected or replaced. */
  readonly proposals: ProposalStore;
  private readonly db: Database.Database;
  private closed = false;

  private constructor(dir: string, file: string, db: Database.Database) {
    this.dir = dir;
    this.file = file;
    this.db = db;
    const meta = ensureMeta(db);
    this.workspaceId = meta.workspaceId;
    this.createdAt = meta.createdAt;
    this.annotations = new AnnotationRepository(db);
    this.settings = new WorkspaceSettings(db);
    this.ontologies = new OntologyStore(db);
    this.sync = new SyncLog(db);
    this.models = new ModelStore(db);
    this.proposals = new ProposalStore(db);
  }

  /** Opens the workspace in `dir`, creating the folder and the database if they do not exist. */
  static open(dir: string, options: OpenWorkspaceDbOptions = {}): Workspace {
    const abs = resolve(dir);
    try {
      mkdirSync(abs, { recursive: true });
    } catch (err) {
      throw new WorkspaceDbError(abs, `cannot create workspace folder ${abs}: ${(err as Error).message}`, { cause: err });
    }
    const file = join(abs, WORKSPACE_DB_FILE);
    const db = openWorkspaceDb(file, options);
    try {
      return new Workspace(abs, file, db);
    } catch (err) {
      db.close();
      throw new WorkspaceDbError(file, `cannot open workspace ${file}: ${(err as Error).message}`, { cause: err });
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.annotations.close();
    this.db.close();
  }
}

function ensureMeta(db: Database.Database): { workspaceId: string; createdAt: number } {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)');
  if (!read.get('workspace_id') || !read.get('created_at')) {
    db.transaction(() => {
      insert.run('workspace_id', randomUUID());
      insert.run('created_at', String(Date.now()));
    }).immediate();
  }
  const workspaceId = read.get('workspace_id')!.value;
  const createdAt = Number(read.get('created_at')!.value);
  return { workspaceId, createdAt };
}
