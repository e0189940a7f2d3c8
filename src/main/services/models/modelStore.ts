import type Database from 'better-sqlite3';
import { parseJson } from '../../../core/io/parseJson';
import { modelCardSchema, type ModelCard } from '../../../core/models/modelCard';
import { pillarCardSchema, type PillarCard } from '../../../core/models/pillars/pillarCard';

interface RegisteredCommon {
  readonly modelId: string;
  /** The model's file where the user keeps it (a split 3D detector's pillar feature net). */
  readonly file: string;
  /** The hash it had then (of both graphs, for a split 3D detector, as its provenance names them). */
  readonly sha256: string;
  readonly registeredAt: number;
}

/** A 2D detector, run on every camera and lifted into the scan. */
export interface RegisteredDetector2d extends RegisteredCommon {
  readonly kind: 'detect2d-lift';
  readonly card: ModelCard;
}

/** A split pillar 3D detector (PointPillars, CenterPoint): its second graph, the backbone and head, beside the first. */
export interface RegisteredPillars extends RegisteredCommon {
  readonly kind: 'pillars';
  readonly rpnFile: string;
  readonly card: PillarCard;
}

/** A model registered in the workspace: its files where the user keeps them, the hash they had then, its card. */
export type RegisteredModel = RegisteredDetector2d | RegisteredPillars;

interface Row {
  model_id: string;
  file: string;
  sha256: string;
  card: string;
  registered_at: number;
  rpn_file: string | null;
}

/** The workspace's `models` table. A row whose card no longer parses (a build whose schema changed) is skipped, not fatal. */
export class ModelStore {
  private readonly selectAll: Database.Statement<[], Row>;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly insert: Database.Statement<[string, string, string, string, number, string | null]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.selectAll = db.prepare('SELECT * FROM models ORDER BY registered_at, model_id');
    this.selectOne = db.prepare('SELECT * FROM models WHERE model_id = ?');
    this.insert = db.prepare('INSERT INTO models (model_id, file, sha256, card, registered_at, rpn_file) VALUES (?, ?, ?, ?, ?, ?)');
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
    this.insert.run(model.modelId, model.file, model.sha256, JSON.stringify(model.card), model.registeredAt, model.kind === 'pillars' ? model.rpnFile : null);
  }

  delete(modelId: string): boolean {
    return this.remove.run(modelId).changes > 0;
  }
}

function fromRow(r: Row): RegisteredModel | null {
  const json = parseJson(r.card);
  if (!json.ok) return null;
  const common = { modelId: r.model_id, file: r.file, sha256: r.sha256, registeredAt: r.registered_at };
  if (r.rpn_file !== null) {
    const card = pillarCardSchema.safeParse(json.value);
    return card.success ? { ...common, kind: 'pillars', rpnFile: r.rpn_file, card: card.data } : null;
  }
  const card = modelCardSchema.safeParse(json.value);
  return card.success ? { ...common, kind: 'detect2d-lift', card: card.data } : null;
}
