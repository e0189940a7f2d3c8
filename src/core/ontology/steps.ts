import { z } from 'zod';
import { text } from '../model/text';

/**
 * The changes one ontology version makes to the one before it that existing annotations must
 * follow. Each step names classes as they are at that point of the list (after the steps before
 * it), so the steps read in the order an editor made them.
 */

const classId = text(128, 1);
const attributeKey = text(128, 1);

/** A size test on a cuboid track (its keyframes' mean size), in metres or cubic metres. */
export const sizeRuleSchema = z.strictObject({
  dimension: z.enum(['length', 'width', 'height', 'volume']),
  min: z.number().nonnegative().optional(),
  max: z.number().positive().optional(),
});

export const migrationStepSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('renameClass'), from: classId, to: classId }),
  z.strictObject({ op: z.literal('mergeClasses'), from: z.array(classId).min(1).max(512).readonly(), into: classId }),
  z.strictObject({
    op: z.literal('splitClass'),
    from: classId,
    /** The first rule a track matches decides its class; a track no rule matches goes to `otherwise` and is flagged for review. */
    rules: z.array(z.strictObject({ to: classId, when: sizeRuleSchema })).max(16).readonly().default([]),
    otherwise: classId,
  }),
  z.strictObject({
    op: z.literal('addAttribute'),
    classId,
    key: attributeKey,
    /** Written on every record of the class; the new definition's default when absent (none: a required one is flagged). */
    value: z.union([text(4096), z.number(), z.boolean()]).optional(),
  }),
  z.strictObject({ op: z.literal('removeAttribute'), classId, key: attributeKey }),
  z.strictObject({ op: z.literal('renameAttribute'), classId, from: attributeKey, to: attributeKey }),
  z.strictObject({
    op: z.literal('retypeAttribute'),
    classId,
    key: attributeKey,
    /** Old value (as JSON text, e.g. `"true"`, `"3"`, `"\"yes\""`) → new value, tried before the built-in conversion. */
    map: z.record(text(4096), z.union([text(4096), z.number(), z.boolean()])).optional(),
  }),
]);

export const migrationSchema = z.strictObject({
  /** The version these steps start from; they lead to `fromVersion + 1`. */
  fromVersion: z.int().positive(),
  steps: z.array(migrationStepSchema).max(1000).readonly(),
});

export type SizeRule = z.output<typeof sizeRuleSchema>;
export type MigrationStep = z.output<typeof migrationStepSchema>;
export type Migration = z.output<typeof migrationSchema>;
