import { z } from 'zod';
import { OBJECT_SOURCES, OUTCOMES } from './columns';

/**
 * A scenario described, not written in SQL: conditions on a frame, all of which must hold. Compiled
 * to one parameterised SELECT over the scenario tables (frames f, objects), so a value never
 * becomes SQL text.
 */

const name = z.string().min(1).max(128);
const metres = z.number().positive().max(100_000);

/** Which objects a condition counts; without `source`, the human ones (labels and ground truth). */
const objectFilterSchema = z.strictObject({
  class: name.optional(),
  within: metres.optional(),
  beyond: metres.optional(),
  source: z.enum(OBJECT_SOURCES).optional(),
  outcome: z.enum(OUTCOMES).optional(),
  minScore: z.number().min(0).max(1).optional(),
});

export const scenarioConditionSchema = z.union([
  /** At least (or at most) n objects matching the filter in the frame. */
  z.strictObject({ count: objectFilterSchema, atLeast: z.int().min(0).max(100_000).optional(), atMost: z.int().min(0).max(100_000).optional() }),
  /** At least one object with this evaluation outcome (of a class, where given). */
  z.strictObject({ outcome: z.enum(OUTCOMES), class: name.optional() }),
  /** A word of the scene's metadata ("night", "rain", a location). */
  z.strictObject({ metadata: name }),
  z.strictObject({ egoSpeedAbove: z.number().min(0).max(1000) }),
  z.strictObject({ egoSpeedBelow: z.number().min(0).max(1000) }),
  z.strictObject({ scene: name }),
]);

export const scenarioQuerySchema = z.union([scenarioConditionSchema, z.array(scenarioConditionSchema).min(1).max(32)]);

export type ScenarioCondition = z.output<typeof scenarioConditionSchema>;
export type ScenarioQuery = z.output<typeof scenarioQuerySchema>;
export type ObjectFilter = z.output<typeof objectFilterSchema>;

export type SqlValue = string | number;

export interface CompiledQuery {
  readonly sql: string;
  readonly params: SqlValue[];
}

/** The columns every scenario answer has, in this order: what the host reads back as frames. */
export const RESULT_COLUMNS = 'f.frame_key, f.scene_id, f.scene, f.frame_id, f.frame_index, f.timestamp';

export function conditionsOf(query: ScenarioQuery): ScenarioCondition[] {
  return Array.isArray(query) ? query : [query];
}

/** The SELECT of the frames where every condition holds, ordered by scene and frame, at most `limit`. */
export function compileScenarioQuery(query: ScenarioQuery, limit: number): CompiledQuery {
  const params: SqlValue[] = [];
  const where = conditionsOf(query).map((c) => compileCondition(c, params));
  params.push(limit);
  return { sql: `SELECT ${RESULT_COLUMNS} FROM frames f WHERE ${where.join(' AND ')} ORDER BY f.frame_key LIMIT ?`, params };
}

function compileCondition(c: ScenarioCondition, params: SqlValue[]): string {
  if ('count' in c) return countCondition(c.count, c.atLeast, c.atMost, params);
  if ('outcome' in c) return countCondition({ outcome: c.outcome, class: c.class, source: c.outcome === 'FN' ? undefined : 'prediction' }, 1, undefined, params);
  if ('metadata' in c) {
    params.push(c.metadata.toLowerCase(), `%${escapeLike(c.metadata)}%`);
    return "(list_contains(f.tags, ?) OR f.description ILIKE ? ESCAPE '\\')";
  }
  if ('egoSpeedAbove' in c) {
    params.push(c.egoSpeedAbove);
    return 'f.ego_speed > ?';
  }
  if ('egoSpeedBelow' in c) {
    params.push(c.egoSpeedBelow);
    return 'f.ego_speed < ?';
  }
  params.push(c.scene);
  return 'f.scene = ?';
}

function countCondition(filter: ObjectFilter, atLeast: number | undefined, atMost: number | undefined, out: SqlValue[]): string {
  const least = atLeast ?? (atMost === undefined ? 1 : 0);
  if (least === 0 && atMost === undefined) return 'TRUE';
  const terms: string[] = [];
  const params: SqlValue[] = [];
  if (filter.source) {
    terms.push('o.source = ?');
    params.push(filter.source);
  } else if (!filter.outcome) {
    terms.push("o.source IN ('label', 'ground_truth')");
  }
  const add = (term: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    terms.push(term);
    params.push(value);
  };
  add('o.class = ?', filter.class);
  add('o.distance <= ?', filter.within);
  add('o.distance > ?', filter.beyond);
  add('o.outcome = ?', filter.outcome);
  add('o.score >= ?', filter.minScore);
  const matching = `SELECT o.frame_key FROM objects o${terms.length ? ` WHERE ${terms.join(' AND ')}` : ''}`;
  // "At most n" includes frames with none, which a GROUP BY over objects never yields.
  if (least === 0) {
    out.push(...params, atMost!);
    return `f.frame_key NOT IN (${matching} GROUP BY o.frame_key HAVING count(*) > ?)`;
  }
  out.push(...params, least);
  if (atMost === undefined) return `f.frame_key IN (${matching} GROUP BY o.frame_key HAVING count(*) >= ?)`;
  out.push(atMost);
  return `f.frame_key IN (${matching} GROUP BY o.frame_key HAVING count(*) >= ? AND count(*) <= ?)`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
