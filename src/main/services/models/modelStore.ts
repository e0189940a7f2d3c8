import type Database from 'better-sqlite3';
import { parseJson } from '../../../core/io/parseJson';
import { modelCardSchema, type ModelCard } from '../../../core/models/modelCard';

/** A model registered in the workspace: its file where the user keeps it, the hash it had then, its card. */
export interface RegisteredModel {
  readonly modelId: string;
  readonly file: string;
  readonly sha256: string;
  readonly card: ModelCard;
  readonly registeredAt: number;
}

interface Row {
  model_id: string;
  file: string;
  sha256: string;
  card: string;
  registered_at: number;
}

/** The workspace's `models` table. A row whose card no longer parses (a build whose schema changed) is skipped, not fatal. */
export class ModelStore {
  private readonly selectAll: Database.Statement<[], Row>;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly insert: Database.Statement<[string, string, string, string, number]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT * FROM models ORDER BY registered_at, model_id');
    this.selectOne = db.prepare('SELECT * FROM models WHERE model_id = ?');
    this.insert = db.prepare('INSERT INTO models (model_id, file, sha256, card, registered_at) VALUES (?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM models WHERE model_id = ?');
  }

  list(): RegisteredModel[] {
    return this.selectAll.all().flatMap((r) => fromRow(r) ?? []);
  }

  get(modelId: string): RegisteredModel | null {
    const row = this.selectOne.get(modelId);
    return row ? fromRow(row) : null;
  }

  add(model: RegisteredModel): void {
    this.insert.run(model.modelId, model.file, model.sha256, JSON.stringify(model.card), model.registeredAt);
  }

  delete(modelId: string): boolean {
    return this.remove.run(modelId).changes > 0;
  }
}

function fromRow(r: Row): RegisteredModel | null {
  const json = parseJson(r.card);
  const card = json.ok ? modelCardSchema.safeParse(json.value) : null;
  if (!card?.success) return null;
  return { modelId: r.model_id, file: r.file, sha256: r.sha256, card: card.data, registeredAt: r.registered_at };
}
