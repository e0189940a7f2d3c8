import { z } from 'zod';
import { RAW_SQL_MAX } from '../core/scenarios/readOnlySql';
import { savedScenarioSchema } from '../core/scenarios/savedScenario';
import { scenarioQuerySchema } from '../core/scenarios/query';
import { text } from './text';

/** The calls of scenario search (issue 13), joined into the contract by contract.ts. */

/** The most frames one answer lists; a longer one says it was cut. */
export const SCENARIO_RESULTS_MAX = 5000;

const sceneIds = z.array(z.uuid()).min(1).max(1000);

const indexSchema = z.strictObject({
  datasetKey: z.string(),
  frames: z.int().nonnegative(),
  objects: z.int().nonnegative(),
  builtAt: z.number(),
  /** Where the index went in the shared store, or why it did not; absent without a store. */
  store: z.union([z.strictObject({ paths: z.array(z.string()).max(8) }), z.strictObject({ error: z.string() })]).optional(),
});

const scenarioFrameSchema = z.strictObject({
  frameKey: z.int().nonnegative(),
  sceneId: z.uuid(),
  scene: z.string(),
  frameId: z.uuid(),
  frameIndex: z.int().nonnegative(),
  timestamp: z.number(),
});

const savedList = z.strictObject({ scenarios: z.array(savedScenarioSchema).max(10_000) });

export const scenarioCalls = {
  /** (Re)writes the scenario index of a dataset (these scenes): Parquet beside the workspace and in the connected store. */
  'scenario.build': { input: z.strictObject({ sceneIds }), output: indexSchema },
  /** The frames where a described query holds, or that raw SQL (one reading statement) names; the index is rebuilt first when stale. */
  'scenario.run': {
    input: z.union([
      z.strictObject({ sceneIds, query: scenarioQuerySchema, limit: z.int().min(1).max(SCENARIO_RESULTS_MAX).optional() }),
      z.strictObject({ sceneIds, sql: text(RAW_SQL_MAX, 1), limit: z.int().min(1).max(SCENARIO_RESULTS_MAX).optional() }),
    ]),
    output: z.strictObject({ frames: z.array(scenarioFrameSchema).max(SCENARIO_RESULTS_MAX), truncated: z.boolean(), index: indexSchema }),
  },
  /** The workspace's named scenarios. */
  'scenario.saved': { input: z.strictObject({}), output: savedList },
  /** Keeps a scenario under a name (replacing one of the same name). */
  'scenario.save': {
    input: z.union([
      z.strictObject({ name: text(128, 1), query: scenarioQuerySchema }),
      z.strictObject({ name: text(128, 1), sql: text(RAW_SQL_MAX, 1) }),
    ]),
    output: savedList,
  },
  'scenario.remove': { input: z.strictObject({ name: text(128, 1) }), output: savedList },
} as const;
