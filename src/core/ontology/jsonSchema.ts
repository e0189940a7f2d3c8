import { z } from 'zod';
import { ontologySchema } from './schema';

export const ONTOLOGY_SCHEMA_ID = 'https://cairn.dev/schema/cairn-ontology-v1.schema.json';

/**
 * The published JSON Schema of an ontology file (resources/schema/cairn-ontology-v1.schema.json),
 * generated from the zod schema Cairn validates with so the two cannot drift. JSON Schema cannot
 * state the cross-field rules (unique ids, known acyclic parents, defaults within range); Cairn
 * checks those when it reads the file and names the field. Tuples get their exact length, which
 * zod's generator leaves open.
 */
export function ontologyJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ontologySchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return fixTuples({ $schema, $id: ONTOLOGY_SCHEMA_ID, title: 'Cairn ontology, version 1', ...rest }) as Record<string, unknown>;
}

function fixTuples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixTuples);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = fixTuples(value);
  if (out.type === 'array' && Array.isArray(out.prefixItems)) {
    out.minItems = out.prefixItems.length;
    out.maxItems = out.prefixItems.length;
  }
  return out;
}
