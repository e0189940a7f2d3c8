import { ContractError } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import { SCENARIO_RESULTS_MAX } from '../../../shared/scenarioContract';
import type { Permissions } from '../access/permissions';
import type { SceneService } from '../scene/sceneService';
import type { SyncEngine } from '../sync/syncEngine';
import type { Workspace } from '../workspace/workspace';
import { ScenarioSqlError } from './scenarioDb';
import type { IndexInfo } from './scenarioIndex';
import { ScenarioService } from './scenarioService';

type ScenarioCalls = Pick<Handlers, 'scenario.build' | 'scenario.run' | 'scenario.saved' | 'scenario.save' | 'scenario.remove'>;

/** The host's scenario service over its open scenes and the workspace's labels; the index goes to the connected store when this host may write there. */
export function hostScenarioService(workspace: Workspace, scenes: SceneService, sync: SyncEngine, permissions: Permissions): ScenarioService {
  return new ScenarioService({
    workspaceDir: workspace.dir,
    manifest: (sceneId) => scenes.open(sceneId).manifest,
    labels: (sceneId) => workspace.annotations.listScene(sceneId),
    labelsSeq: () => workspace.annotations.headSeq(),
    store: () => (permissions.canEditAnnotations ? sync.connectedStore : null),
  });
}

const indexOut = (i: IndexInfo) => ({
  datasetKey: i.datasetKey,
  frames: i.frames,
  objects: i.objects,
  builtAt: i.builtAt,
  ...(i.store ? { store: 'paths' in i.store ? { paths: [...i.store.paths] } : { error: i.store.error } } : {}),
});

/** Scenario calls: anyone who can see the scenes may search them; saving a scenario changes the workspace. */
export function scenarioHandlers(service: ScenarioService, permissions: Permissions): ScenarioCalls {
  const mayChange = (what: string) => {
    if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `${what}: the workspace is read-only on this host (${permissions.mode} mode)`);
  };
  return {
    'scenario.build': async ({ sceneIds }) => indexOut(await service.build(sceneIds)),
    'scenario.run': async (input) => {
      const limit = input.limit ?? SCENARIO_RESULTS_MAX;
      try {
        const answer = await service.run(input.sceneIds, 'sql' in input ? { sql: input.sql } : { query: input.query }, limit);
        return { frames: answer.frames, truncated: answer.truncated, index: indexOut(answer.index) };
      } catch (e) {
        if (e instanceof ScenarioSqlError) throw new ContractError('invalid-input', `scenario.run: ${e.message}`);
        throw e;
      }
    },
    'scenario.saved': async () => ({ scenarios: service.saved.list() }),
    'scenario.save': async (input) => {
      mayChange('saving a scenario');
      const base = { name: input.name, savedAt: Date.now() };
      return { scenarios: service.saved.save('sql' in input ? { ...base, sql: input.sql } : { ...base, query: input.query }) };
    },
    'scenario.remove': async ({ name }) => {
      mayChange('removing a scenario');
      return { scenarios: service.saved.remove(name) };
    },
  };
}
