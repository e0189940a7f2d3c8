import { z } from 'zod';

export const SCHEMA_BASE = 'https://cairn.dev/schema';

/**
 * A published JSON Schema (resources/schema/<id>.schema.json), generated from the zod schema Cairn
 * validates with so the file others validate against cannot drift from what Cairn accepts. zod's
 * generator leaves tuples open: a vector or a quaternion gets its exact length here. `tighten` adds
 * what one schema knows and JSON Schema cannot infer (a pattern for a refinement), node by node.
 */
export function publishedJsonSchema(schema: z.ZodType, id: string, title: string, tighten?: (node: Record<string, unknown>) => void): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return fix({ $schema, $id: `${SCHEMA_BASE}/${id}.schema.json`, title, ...rest }, tighten) as Record<string, unknown>;
}

function fix(node: unknown, tighten: ((node: Record<string, unknown>) => void) | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => fix(n, tighten));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = fix(value, tighten);
  if (out.type === 'array' && Array.isArray(out.prefixItems)) {
    out.minItems = out.prefixItems.length;
    out.maxItems = out.prefixItems.length;
  }
  tighten?.(out);
  return out;
}
