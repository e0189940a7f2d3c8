import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { OntologyVersion } from '../../../core/ontology/migration';
import { ontologySchema } from '../../../core/ontology/schema';
import { migrationSchema } from '../../../core/ontology/steps';

/** What one row's body holds: the version's definition and the migration that led to it (none for the first). */
const bodySchema = z.strictObject({ ontology: ontologySchema, migration: migrationSchema.nullable() });

export interface StoredOntologyVersion extends OntologyVersion {
  /** Milliseconds since the Unix epoch. */
  readonly createdAt: number;
}

/**
 * The workspace's ontology versions (table `ontology_versions`). A version is written once and
 * never changed, so a record's ontologyVersion always names the definition it was made under.
 */
export class OntologyStore {
  private readonly selectAll: Database.Statement<[string], { body: string; created_at: number; version: number }>;
  private readonly insertRow: Database.Statement<[string, number, string, number]>;
  private readonly selectScenes: Database.Statement<[], { scene_id: string }>;

  constructor(private readonly db: Database.Database) {
    this.selectAll = db.prepare('SELECT version, body, created_at FROM ontology_versions WHERE ontology_id = ? ORDER BY version');
    this.insertRow = db.prepare('INSERT INTO ontology_versions (ontology_id, version, body, created_at) VALUES (?, ?, ?, ?)');
    this.selectScenes = db.prepare('SELECT DISTINCT scene_id FROM annotations ORDER BY scene_id');
  }

  /** Every stored version of the ontology, oldest first; a row that does not parse is an error naming it. */
  versions(ontologyId: string): StoredOntologyVersion[] {
    return this.selectAll.all(ontologyId).map((row) => {
      let json: unknown;
      try {
        json = JSON.parse(row.body);
      } catch (e) {
        throw new Error(`ontology ${ontologyId} version ${row.version} in the workspace is not JSON: ${(e as Error).message}`);
      }
      const parsed = bodySchema.safeParse(json);
      if (!parsed.success || parsed.data.ontology.version !== row.version) {
        const issue = parsed.error?.issues[0];
        throw new Error(
          `ontology ${ontologyId} version ${row.version} in the workspace is damaged: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'its body names another version'}`,
        );
      }
      return { ...parsed.data, createdAt: row.created_at };
    });
  }

  /** Adds a version; one already stored under that number is refused by the table's key, never replaced. */
  insert(version: OntologyVersion, createdAt: number): void {
    const { $schema: _ignored, ...ontology } = version.ontology;
    this.insertRow.run(ontology.ontologyId, ontology.version, JSON.stringify({ ontology, migration: version.migration }), createdAt);
  }

  /**
   * Every scene of the workspace that holds an annotation: a new version migrates them all. Read
   * here, beside the transaction the migration runs in, so the annotation store keeps to scenes.
   */
  scenesWithAnnotations(): string[] {
    return this.selectScenes.all().map((r) => r.scene_id);
  }

  /** Runs `fn` in one transaction (nested writes, such as the annotation store's, join it). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
