import type { AnnotationRecord } from '../../../core/model/annotation';
import type { ScenarioQuery } from '../../../core/scenarios/query';
import { labelBoxes, type SceneRowsInput } from '../../../core/scenarios/sceneRows';
import type { SceneManifest } from '../../../core/scene/manifest';
import type { SharedStore } from '../sharedStore/sharedStore';
import { SavedScenarios } from './savedScenarios';
import { ScenarioDb, parquetStamp, type ScenarioAnswer } from './scenarioDb';
import { buildIndex, datasetKeyOf, indexDir, readIndexInfo, type IndexInfo } from './scenarioIndex';

export interface ScenarioServiceOptions {
  readonly workspaceDir: string;
  readonly manifest: (sceneId: string) => SceneManifest;
  readonly labels: (sceneId: string) => readonly AnnotationRecord[];
  /** The workspace's annotation head: an index built at another head is stale. */
  readonly labelsSeq: () => number;
  /** The connected shared store, where the index is written too; null when none. */
  readonly store: () => SharedStore | null;
  /** Predictions and verdicts of an evaluation, per scene, where one exists. */
  readonly evaluation?: (sceneId: string) => Pick<SceneRowsInput, 'predictions' | 'verdicts'> | null;
}

export type ScenarioRequest = { readonly query: ScenarioQuery } | { readonly sql: string };

/**
 * Scenario search over a dataset (a set of scenes): its index (Parquet beside the workspace and in
 * the store) built when missing or stale, and queries on a read-only DuckDB copy of it, kept open
 * per dataset until the index changes.
 */
export class ScenarioService {
  readonly saved: SavedScenarios;
  private readonly dbs = new Map<string, ScenarioDb>();
  /** One build or open at a time per dataset: two clicks do not write the same files at once. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly options: ScenarioServiceOptions) {
    this.saved = new SavedScenarios(options.workspaceDir);
  }

  build(sceneIds: readonly string[]): Promise<IndexInfo> {
    return this.serial(datasetKeyOf(sceneIds), () => this.buildNow(sceneIds));
  }

  /** The index as it stands, rebuilt first when it is missing or older than the workspace's labels. */
  current(sceneIds: readonly string[]): Promise<IndexInfo> {
    return this.serial(datasetKeyOf(sceneIds), async () => {
      const info = await readIndexInfo(indexDir(this.options.workspaceDir, datasetKeyOf(sceneIds)));
      return info && info.labelsSeq === this.options.labelsSeq() ? info : this.buildNow(sceneIds);
    });
  }

  async run(sceneIds: readonly string[], request: ScenarioRequest, limit: number): Promise<ScenarioAnswer & { index: IndexInfo }> {
    const index = await this.current(sceneIds);
    const db = await this.serial(index.datasetKey, () => this.db(index.datasetKey));
    const answer = 'sql' in request ? await db.sql(request.sql, limit) : await db.query(request.query, limit);
    return { ...answer, index };
  }

  async close(): Promise<void> {
    const dbs = [...this.dbs.values()];
    this.dbs.clear();
    await Promise.all(dbs.map((db) => db.close()));
  }

  private async buildNow(sceneIds: readonly string[]): Promise<IndexInfo> {
    const { options } = this;
    const seq = options.labelsSeq();
    const scenes = sceneIds.map((sceneId) => ({
      manifest: options.manifest(sceneId),
      labels: labelBoxes(options.labels(sceneId)),
      ...(options.evaluation?.(sceneId) ?? {}),
    }));
    return buildIndex(indexDir(options.workspaceDir, datasetKeyOf(sceneIds)), scenes, seq, options.store());
  }

  private async db(datasetKey: string): Promise<ScenarioDb> {
    const dir = indexDir(this.options.workspaceDir, datasetKey);
    const open = this.dbs.get(datasetKey);
    if (open && open.stamp === (await parquetStamp(dir))) return open;
    this.dbs.delete(datasetKey);
    await open?.close();
    const db = await ScenarioDb.open(dir);
    this.dbs.set(datasetKey, db);
    return db;
  }

  private serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.pending.get(key) ?? Promise.resolve();
    const next = before.then(work, work);
    const settled = next.catch(() => undefined);
    this.pending.set(key, settled);
    void settled.then(() => {
      if (this.pending.get(key) === settled) this.pending.delete(key);
    });
    return next;
  }
}
