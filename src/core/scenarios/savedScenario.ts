import { z } from 'zod';
import { RAW_SQL_MAX } from './readOnlySql';
import { scenarioQuerySchema } from './query';

/** A scenario kept under a name in the workspace: a described query or raw SQL, never both. */
export const savedScenarioSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(128),
    query: scenarioQuerySchema.optional(),
    sql: z.string().min(1).max(RAW_SQL_MAX).optional(),
    savedAt: z.int().nonnegative(),
  })
  .refine((s) => (s.query === undefined) !== (s.sql === undefined), { error: 'a scenario is either a query or SQL' });

export type SavedScenario = z.output<typeof savedScenarioSchema>;

export const savedScenariosFileSchema = z.strictObject({
  format: z.literal('cairn.scenarios'),
  version: z.literal(1),
  scenarios: z.array(savedScenarioSchema).max(10_000),
});

/** The list with `scenario` in it, replacing one of the same name. */
export function withScenario(list: readonly SavedScenario[], scenario: SavedScenario): SavedScenario[] {
  return [...list.filter((s) => s.name !== scenario.name), scenario].sort((a, b) => a.name.localeCompare(b.name));
}
