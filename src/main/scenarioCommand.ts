import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluationDocumentSchema, sceneEvaluation, type EvaluationDocument } from '../core/scenarios/evaluationVerdicts';
import { scenarioQuerySchema, type ScenarioQuery } from '../core/scenarios/query';
import { rawSqlRefusal } from '../core/scenarios/readOnlySql';
import type { SceneManifest } from '../core/scene/manifest';
import { defaultWorkspaceDir } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { scenesAt } from './scenarioLocation';
import { ScenarioSqlError } from './services/scenarios/scenarioDb';
import { ScenarioService } from './services/scenarios/scenarioService';
import { openSharedStore } from './services/sharedStore/openSharedStore';
import type { SharedStore } from './services/sharedStore/sharedStore';
import { Workspace } from './services/workspace/workspace';

export const SCENARIO_HELP = `  cairn scenario <dataset dir or workspace> (--where "<sql>" | --query <json>) [--workspace DIR] [--evaluation FILE] [--limit N]
      Scenario search: the frames of a dataset where a condition holds, as JSON on stdout
      ({frames: [{frameKey, sceneId, scene, frameId, frameIndex, timestamp}], truncated, index}).
      The dataset's scenario index (docs/scenarios.md: Parquet tables frames and objects) is built
      first where it is missing or older than the workspace's labels.
      --where SQL   a condition on a frame and its objects ("class = 'pedestrian' AND distance < 20
                    AND ego_speed > 5"), or one whole reading statement naming frames
                    ("SELECT frame_key FROM objects …"); it runs read-only
      --query JSON  a described query: {"count": {"class": "pedestrian", "within": 20}, "atLeast": 3},
                    {"outcome": "FN"}, {"metadata": "night"}, {"egoSpeedAbove": 10}, or a list of them (all hold)
      --workspace DIR  whose labels join the dataset's ground truth and where the index is kept
                    (default: the location when it is a workspace, else ~/.cairn/workspace or $CAIRN_WORKSPACE)
      --evaluation FILE  an evaluation.json of cairn evaluate over this dataset: its TP / FP / FN
                    verdicts and errors join the objects (outcome, iou, centre_error, yaw_error)
                    and its predictions become rows (source 'prediction', score; no box)
      --limit N     at most N frames (default 1000)
  cairn scenario build <dataset dir or workspace> [--workspace DIR] [--evaluation FILE] [--store LOCATION]
      Write the scenario index: <workspace>/scenarios/<dataset key>/frames.parquet and
      objects.parquet; with --store, also to scenarios/<dataset key>/ in that shared store (a
      folder or s3:// URL). Prints what was indexed as JSON.
      Exit status 0 on success, 1 when the dataset cannot be read or the SQL is refused, 2 on usage errors.
`;

/** A whole statement, reading or not (a writing one is then refused as one, not as a broken condition). */
const STATEMENT_START = /^\s*(\(|(select|with|from|values|table|describe|summarize|show|explain|pivot|unpivot|insert|update|delete|drop|create|alter|copy|attach|detach|set|reset|pragma|install|load|call|export|import|checkpoint|vacuum|begin|commit|rollback|truncate|use|merge)\b)/i;

/** `--where`: a whole reading statement as it is, or a condition over frames joined with their objects. */
export function whereStatement(where: string): string {
  if (STATEMENT_START.test(where.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/g, ''))) return where;
  return `SELECT DISTINCT frame_key FROM frames LEFT JOIN objects USING (frame_key, scene_id, frame_index) WHERE (${where}\n)`;
}

async function readEvaluation(file: string): Promise<EvaluationDocument> {
  const parsed = evaluationDocumentSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not an evaluation.json of cairn evaluate: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export async function runScenario(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const building = args[0] === 'build';
  const parsed = parseCommandArgs('scenario', SCENARIO_HELP, building ? args.slice(1) : args, {
    where: { type: 'string' },
    query: { type: 'string' },
    workspace: { type: 'string' },
    store: { type: 'string' },
    evaluation: { type: 'string' },
    limit: { type: 'string' },
  }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('name one dataset folder, manifest or workspace');
  if (building && (values.where !== undefined || values.query !== undefined)) return usage('build takes no --where or --query');
  if (!building && (values.where === undefined) === (values.query === undefined)) return usage('give either --where or --query');
  if (!building && values.store !== undefined) return usage('--store goes with build');
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) return usage(`--limit must be an integer from 1 to 1000000, got "${values.limit}"`);
  let query: ScenarioQuery | undefined;
  if (values.query !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(values.query);
    } catch (e) {
      return usage(`--query is not JSON: ${(e as Error).message}`);
    }
    const checked = scenarioQuerySchema.safeParse(json);
    if (!checked.success) return usage(`--query is not a scenario query: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    query = checked.data;
  }
  const sql = values.where === undefined ? undefined : whereStatement(values.where);
  const refusal = sql === undefined ? null : rawSqlRefusal(sql);
  if (refusal) {
    err.write(`cairn scenario: --where: ${refusal}\n`);
    return 1;
  }

  let workspace: Workspace | null = null;
  let store: SharedStore | null = null;
  let service: ScenarioService | null = null;
  try {
    const location = await scenesAt(positionals[0]);
    const workspaceDir = path.resolve(location.kind === 'workspace' ? location.dir : (values.workspace ?? defaultWorkspaceDir()));
    // Labels come from a workspace that exists; naming a dataset does not make a workspace.
    if (existsSync(path.join(workspaceDir, 'workspace.sqlite'))) workspace = Workspace.open(workspaceDir);
    if (values.store !== undefined) store = openSharedStore(values.store);
    const byId = new Map<string, SceneManifest>(location.scenes.map((m) => [m.sceneId, m]));
    const evaluation = values.evaluation === undefined ? null : await readEvaluation(values.evaluation);
    const ws = workspace;
    service = new ScenarioService({
      workspaceDir,
      manifest: (id) => byId.get(id)!,
      labels: (id) => ws?.annotations.listScene(id) ?? [],
      labelsSeq: () => ws?.annotations.headSeq() ?? 0,
      store: () => store,
      ...(evaluation ? { evaluation: (id: string) => sceneEvaluation(evaluation, byId.get(id)!) } : {}),
    });
    const sceneIds = location.scenes.map((m) => m.sceneId);
    err.write(`${location.scenes.length} scene${location.scenes.length === 1 ? '' : 's'}, ${location.scenes.reduce((n, m) => n + m.frames.length, 0)} frames\n`);
    if (building) {
      const index = await service.build(sceneIds);
      out.write(`${JSON.stringify({ ...index, dir: path.join(workspaceDir, 'scenarios', index.datasetKey) }, null, 2)}\n`);
      if (index.store && 'error' in index.store) {
        err.write(`cairn scenario build: the index was written beside the workspace but not to the store: ${index.store.error}\n`);
        return 1;
      }
      return 0;
    }
    // The index remembers the labels it was built at, not an evaluation file: one named is always read afresh.
    if (evaluation) await service.build(sceneIds);
    const answer = await service.run(sceneIds, sql !== undefined ? { sql } : { query: query! }, limit);
    out.write(`${JSON.stringify(answer, null, 2)}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn scenario: ${e instanceof ScenarioSqlError ? '--where: ' : ''}${(e as Error).message}\n`);
    return 1;
  } finally {
    await service?.close();
    await store?.close();
    workspace?.close();
  }
}
